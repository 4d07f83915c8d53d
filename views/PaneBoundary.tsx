// Each pane sits behind this boundary: a render error shows one line instead of ending the app.
import {Text} from 'ink';
import {Component, type ReactNode} from 'react';
import {style} from './theme.js';

type Props = {readonly name: string; readonly children?: ReactNode};
type State = {readonly error: Error | undefined};

export class PaneBoundary extends Component<Props, State> {
	override state: State = {error: undefined};

	static getDerivedStateFromError(error: Error): State {
		return {error};
	}

	override render() {
		if (this.state.error) {
			const message = this.state.error.message.split('\n')[0];
			return <Text wrap="truncate" {...style('status.crit')}>{`The ${this.props.name} pane failed: ${message} (switch panes to retry)`}</Text>;
		}
		return this.props.children;
	}
}

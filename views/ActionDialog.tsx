// The action menu and the param step; the confirm step is ConfirmDialog.
import {Box, Text} from 'ink';
import type {FlowState} from './action-flow.js';
import {ConfirmDialog} from './ConfirmDialog.js';
import {pointer, style} from './theme.js';

export function ActionDialog({flow, width, height}: {readonly flow: FlowState; readonly width: number; readonly height: number}) {
	if (flow.step === 'idle') return null;
	if (flow.step === 'confirm') return <ConfirmDialog plan={flow.plan} focus={flow.focus} typed={flow.typed} note={flow.note} width={width} height={height} />;
	if (flow.step === 'menu') {
		const names = flow.targets.map(target => target.name).join(', ');
		return (
			<Box flexDirection="column" borderStyle="round" width={Math.min(width, 80)} paddingX={1}>
				<Text wrap="truncate" {...style('focus')}>{`Actions for ${names || 'nothing selected'}`}</Text>
				{flow.note ? <Text wrap="truncate" {...style('status.warn')}>{flow.note}</Text> : null}
				{flow.choices.slice(0, Math.max(1, height - 4)).map((choice, index) => (
					<Text key={choice.id} wrap="truncate" inverse={index === flow.cursor}>{`${pointer(index === flow.cursor)} ${choice.label.padEnd(24)} ${choice.risk}`}</Text>
				))}
				<Text {...style('muted')}>↑↓ choose · Enter · Esc cancel</Text>
			</Box>
		);
	}
	const spec = flow.specs[flow.index]!;
	return (
		<Box flexDirection="column" borderStyle="round" width={Math.min(width, 80)} paddingX={1}>
			<Text wrap="truncate" {...style('focus')}>{`${flow.label}: ${spec.label}`}</Text>
			{flow.choices.length > 0
				? flow.choices.slice(0, Math.max(1, height - 4)).map((choice, index) => <Text key={choice} inverse={index === flow.cursor}>{`${pointer(index === flow.cursor)} ${choice}`}</Text>)
				: <Text {...style('focus')}>{`> ${flow.text}▏`}</Text>}
			<Text {...style('muted')}>{flow.choices.length === 0 && spec.isRequired !== true ? 'Enter (empty: the default) · Esc cancel' : 'Enter · Esc cancel'}</Text>
		</Box>
	);
}

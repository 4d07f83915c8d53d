// The console's layout: header, the focused pane (or help, or an action dialog), footer. Thin on
// purpose: state and key routing live in use-console.ts, each pane selects its own slice.
import {Box, useInput, useStdin} from 'ink';
import {useCallback, useEffect, useMemo, useRef} from 'react';
import {resolveBindings, splitInput} from '../src/keys.js';
import type {Snapshot} from '../src/store.js';
import {emptyTopology, type Topology} from '../src/topology.js';
import {ActionDialog} from './ActionDialog.js';
import type {ActionRunner} from './action-runner.js';
import {systemClock, type Clock} from './clock.js';
import {Footer} from './Footer.js';
import {Header, headerHeight} from './Header.js';
import {HelpView} from './HelpView.js';
import type {PaneHandle} from './pane-handle.js';
import {PaneBoundary} from './PaneBoundary.js';
import {panes, type PaneKey} from './panes.js';
import {useConsole} from './use-console.js';
import {useSlice, type StoreLike} from './use-store.js';
import {useTerminalSize} from './use-terminal-size.js';

export type AppProps = {
	readonly store: StoreLike;
	readonly actions: ActionRunner;
	readonly topology?: Topology;
	/** Config `keys` overrides (`{"pane.next": ["tab"]}`); problems come from keyProblems(). */
	readonly keys?: Readonly<Record<string, readonly string[]>>;
	/** Terminal columns; from the terminal when absent. */
	readonly width?: number;
	/** Terminal rows; the app draws rows - 1 lines. From the terminal when absent. */
	readonly height?: number;
	readonly onQuit: () => void;
	/** `r`: ask the poller to poll every source now. */
	readonly onRefresh?: () => void;
	/** The 1 Hz clock for the header and stale ages; a shared system clock when absent. */
	readonly clock?: Clock;
	readonly initialPane?: PaneKey;
	/** Called with the focused pane when it changes (the console remembers it between runs). */
	readonly onPaneChange?: (pane: PaneKey) => void;
};

const selectHeaderHeight = (s: Snapshot) => headerHeight(s);

export function App(props: AppProps) {
	const terminal = useTerminalSize();
	const width = props.width ?? terminal.columns;
	const height = (props.height ?? terminal.rows) - 1;
	const topology = props.topology ?? emptyTopology;
	const bindings = useMemo(() => resolveBindings(props.keys), [props.keys]);
	const clock = useMemo(() => props.clock ?? systemClock(), [props.clock]);
	const handleRef = useRef<PaneHandle | null>(null);
	const {state, onKey, requestAction, flushPending} = useConsole({
		store: props.store,
		actions: props.actions,
		topology,
		bindings,
		handleRef,
		initialPane: props.initialPane ?? 'hosts',
		onQuit: props.onQuit,
		onRefresh: props.onRefresh,
	});
	const onKeyRef = useRef(onKey);
	onKeyRef.current = onKey;
	const stableOnKey = useCallback((input: string, key: Parameters<typeof onKey>[1]) => {
		for (const event of splitInput(input, key)) onKeyRef.current(event.input, event.key);
	}, []);
	useEffect(flushPending);
	const {onPaneChange} = props;
	useEffect(() => onPaneChange?.(state.pane), [onPaneChange, state.pane]);
	const {isRawModeSupported} = useStdin();
	useInput(stableOnKey, {isActive: isRawModeSupported === true});
	const paneHeight = Math.max(3, height - useSlice(props.store, selectHeaderHeight) - 2);
	const pane = panes.find(item => item.id === state.pane)!;
	const Pane = pane.component;
	const isOverlaid = state.flow.step !== 'idle' || state.isHelpOpen;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Header store={props.store} clock={clock} pane={state.pane} width={width} />
			<Box flexDirection="column" height={paneHeight} width={width} overflowY="hidden">
				{state.flow.step !== 'idle' ? <ActionDialog flow={state.flow} width={width} height={paneHeight} /> : state.isHelpOpen ? <HelpView bindings={bindings} width={width} height={paneHeight} /> : null}
				<Box display={isOverlaid ? 'none' : 'flex'} flexDirection="column">
					<PaneBoundary key={state.pane} name={pane.title}>
						<Pane store={props.store} actions={props.actions} topology={topology} clock={clock} width={width} height={paneHeight} bindings={bindings} handleRef={handleRef} onRequestAction={requestAction} />
					</PaneBoundary>
				</Box>
			</Box>
			<Footer bindings={bindings} pane={state.pane} width={width} command={state.command} status={state.status} />
		</Box>
	);
}

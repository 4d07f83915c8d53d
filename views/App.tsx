// The console's layout: header, the focused pane (or help, or an action dialog), footer; below a
// minimum size, a "terminal too small" screen. Thin on purpose: state and key routing live in
// use-console.ts, each pane selects its own slice and registers its own keys.
import {Box, Text, useInput, useStdin} from 'ink';
import {useCallback, useEffect, useMemo, useRef} from 'react';
import type {PaneView} from '../src/settings.js';
import {pagingIncidents} from '../src/incidents.js';
import {functionKey, resolveBindings, splitInput, type KeyFlags} from '../src/keys.js';
import type {Snapshot} from '../src/store.js';
import {emptyTopology, type Topology} from '../src/topology.js';
import {ActionDialog} from './ActionDialog.js';
import type {ActionRunner} from './action-runner.js';
import {systemClock, type Clock} from './clock.js';
import {Footer} from './Footer.js';
import {Header, headerHeight} from './Header.js';
import {HelpView} from './HelpView.js';
import {PaneBoundary} from './PaneBoundary.js';
import {panes, type PaneKey} from './panes.js';
import {style} from './theme.js';
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
	/** Each pane's sort and filter from an earlier run. */
	readonly paneViews?: Readonly<Record<string, PaneView>>;
	/** Called when a pane's sort or filter changes (the console saves it, debounced). */
	readonly onPaneView?: (pane: PaneKey, view: PaneView) => void;
};

/** Below this the layout cannot draw its header, a table and the footer without overlapping. */
export const minimumSize = {columns: 50, rows: 12} as const;

const selectHeaderHeight = (s: Snapshot) => headerHeight(s);
const selectHasIncident = (s: Snapshot) => pagingIncidents(s.incidents).length > 0;

export function App(props: AppProps) {
	const terminal = useTerminalSize();
	const columns = props.width ?? terminal.columns;
	const rows = props.height ?? terminal.rows;
	const width = columns;
	const height = rows - 1;
	const topology = props.topology ?? emptyTopology;
	const bindings = useMemo(() => resolveBindings(props.keys), [props.keys]);
	const clock = useMemo(() => props.clock ?? systemClock(), [props.clock]);
	const paneHeight = Math.max(3, height - useSlice(props.store, selectHeaderHeight) - 2);
	const {state, onKey, requestAction, paneSettled, router, memory, focusUnlessMoved, goto} = useConsole({
		store: props.store,
		actions: props.actions,
		topology,
		bindings,
		initialPane: selectHasIncident(props.store.getSnapshot()) ? 'incidents' : props.initialPane ?? 'hosts',
		onQuit: props.onQuit,
		onRefresh: props.onRefresh,
		width,
		paneHeight,
		paneViews: props.paneViews,
		onPaneView: props.onPaneView,
	});
	const onKeyRef = useRef(onKey);
	useEffect(() => {
		onKeyRef.current = onKey;
	});
	const stableOnKey = useCallback((input: string, key: KeyFlags) => {
		for (const event of splitInput(input, key)) onKeyRef.current(event.input, event.key);
	}, []);
	useEffect(paneSettled, [state.pane, state.generation]);
	const {onPaneChange} = props;
	useEffect(() => onPaneChange?.(state.pane), [onPaneChange, state.pane]);
	// A console started during an incident opens on the incidents view (until a key is pressed).
	const hasIncident = useSlice(props.store, selectHasIncident);
	useEffect(() => {
		if (hasIncident) focusUnlessMoved('incidents');
	}, [hasIncident]);
	const {isRawModeSupported, internal_eventEmitter: events} = useStdin();
	const isActive = isRawModeSupported === true;
	useInput(stableOnKey, {isActive});
	// Ink's useInput hands function keys over as an empty input with no flag: read their sequences.
	useEffect(() => {
		if (!isActive || !events) return;
		const onInput = (data: string) => {
			const fn = functionKey(data);
			if (fn !== undefined) onKeyRef.current('', {fn});
		};
		events.on('input', onInput);
		return () => void events.off('input', onInput);
	}, [isActive, events]);
	if (columns < minimumSize.columns || rows < minimumSize.rows) {
		return (
			<Box flexDirection="column" width={width} height={Math.max(1, height)}>
				<Text wrap="truncate-end" {...style('status.warn')}>terminal too small:</Text>
				<Text wrap="truncate-end" {...style('status.warn')}>{`need ${minimumSize.columns}×${minimumSize.rows}, have ${columns}×${rows}`}</Text>
				<Text wrap="truncate-end" {...style('muted')}>q quits</Text>
			</Box>
		);
	}
	const pane = panes.find(item => item.id === state.pane)!;
	const Pane = pane.component;
	const isOverlaid = state.flow.step !== 'idle' || state.isHelpOpen;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Header store={props.store} clock={clock} pane={state.pane} width={width} />
			<Box flexDirection="column" height={paneHeight} width={width} overflowY="hidden">
				{state.flow.step !== 'idle' ? <ActionDialog flow={state.flow} width={width} height={paneHeight} /> : state.isHelpOpen ? <HelpView bindings={bindings} width={width} height={paneHeight} offset={state.helpOffset} /> : null}
				<Box display={isOverlaid ? 'none' : 'flex'} flexDirection="column">
					<PaneBoundary key={`${state.pane}#${state.generation}`} name={pane.title}>
						<Pane store={props.store} actions={props.actions} topology={topology} clock={clock} width={width} height={paneHeight} bindings={bindings} router={router} memory={memory} onRequestAction={requestAction} onGoto={goto} />
					</PaneBoundary>
				</Box>
			</Box>
			<Footer bindings={bindings} pane={state.pane} width={width} command={state.command} status={state.status} />
		</Box>
	);
}

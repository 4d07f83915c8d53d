// The console's own state (focused pane, help, command line, the action flow, the status line)
// and the key router: an open dialog first, then the command line and help, then the focused
// pane's registered handler, then global keys. A synchronous reducer (state in a ref) because
// several keys can arrive in one input chunk; keys that follow a pane switch in the same chunk
// wait until the new pane has mounted (and registered its handler), then run on it in order.
import {useMemo, useRef, useState} from 'react';
import type {Entity} from '../src/entities.js';
import {commands, keyLabel, keyName, type CommandId, type KeyBindings, type KeyFlags, type PaneId} from '../src/keys.js';
import {candidatesLine, completeCommandLine, runCommandLine, type CommandOutcome} from './command-line.js';
import {paneKeys, type PaneKey} from './panes.js';
import type {ActionParam, ActionView} from '../src/plugin-api.js';
import {dependents, type Topology} from '../src/topology.js';
import {commonChoices, confirmState, flowKey, givenParams, idle, missingParam, type FlowEffect, type FlowState} from './action-flow.js';
import type {ActionRunner} from './action-runner.js';
import type {StatusLine} from './Footer.js';
import {helpMaxOffset} from './HelpView.js';
import {editLine, emptyLine, lineOf, type Line} from './line-edit.js';
import type {PaneHandle, PaneMemory, PaneRouter} from './pane-handle.js';
import type {PaneView} from '../src/settings.js';
import {initialTableState, withFilter, type TableState} from './table-model.js';
import type {StoreLike} from './use-store.js';

export type ConsoleState = {
	readonly pane: PaneKey;
	/** Bumped to remount the focused pane when its saved state was changed from outside (`:vms pve2` on the VMs pane). */
	readonly generation: number;
	readonly isHelpOpen: boolean;
	/** How far help is scrolled, in lines. */
	readonly helpOffset: number;
	/** The open `:` command line. */
	readonly command: Line | undefined;
	/** Lines run before, oldest first, and the one ↑/↓ shows now. */
	readonly history: readonly string[];
	readonly historyAt: number | undefined;
	readonly flow: FlowState;
	readonly status: StatusLine | undefined;
};

export type ConsoleOptions = {
	readonly store: StoreLike;
	readonly actions: ActionRunner;
	readonly topology: Topology;
	readonly bindings: KeyBindings;
	readonly initialPane: PaneKey;
	readonly onQuit: () => void;
	readonly onRefresh: (() => void) | undefined;
	/** The console's width, for lines that must fit it. */
	readonly width: number;
	/** The pane area's height (what help scrolls in). */
	readonly paneHeight: number;
	/** Each pane's sort and filter from an earlier run (console settings). */
	readonly paneViews?: Readonly<Record<string, PaneView>>;
	/** A pane's sort or filter changed (saved, debounced, by the console). */
	readonly onPaneView?: (pane: PaneKey, view: PaneView) => void;
};

export function useConsole(options: ConsoleOptions) {
	const [state, setState] = useState<ConsoleState>(() => ({
		pane: options.initialPane,
		generation: 0,
		isHelpOpen: false,
		helpOffset: 0,
		command: undefined,
		history: [],
		historyAt: undefined,
		flow: idle,
		status: options.bindings.problems.length > 0 ? {text: options.bindings.problems.join(' · '), tone: 'error'} : undefined,
	}));
	const ref = useRef(state);
	const live = useRef(options);
	live.current = options;
	const update = (change: Partial<ConsoleState>) => {
		ref.current = {...ref.current, ...change};
		setState(ref.current);
	};

	// The focused pane's handler, and keys held while a newly focused pane mounts.
	const handler = useRef<PaneHandle | null>(null);
	const pending = useRef<{input: string; key: KeyFlags}[] | undefined>(undefined);
	const memories = useRef(new Map<PaneKey, TableState>());
	const router = useMemo<PaneRouter>(
		() => ({
			register(handle) {
				handler.current = handle;
				return () => {
					if (handler.current === handle) handler.current = null;
				};
			},
		}),
		[],
	);
	const memory = useMemo<PaneMemory>(() => {
		const pane = state.pane;
		return {
			get: () => memories.current.get(pane),
			set: saved => void memories.current.set(pane, saved),
			remembered: live.current.paneViews?.[pane],
			remember: view => live.current.onPaneView?.(pane, view),
		};
	}, [state.pane]);

	const actionView = (): ActionView => {
		const snapshot = live.current.store.getSnapshot();
		return {
			entity: id => snapshot.entities.get(id),
			entities: kind => (kind ? snapshot.byKind[kind] : [...snapshot.entities.values()]),
			dependents: id => dependents(snapshot, live.current.topology, id),
			devices: () => live.current.topology.devices,
		};
	};

	const runEffect = (effect: FlowEffect | undefined) => {
		const {actions} = live.current;
		if (!effect) return;
		if (effect.type === 'cancelled') {
			const {plan} = effect;
			if (plan) actions.refuse?.({origin: 'console', action: plan.actionId, targets: plan.targets.map(target => target.id), risk: plan.risk, params: plan.params, reason: 'confirmation', detail: 'cancelled in the confirm dialog'});
			return update({flow: idle, status: {text: 'cancelled', tone: 'info'}});
		}
		if (effect.type === 'execute') {
			const {plan, typed} = effect;
			update({flow: idle, status: {text: `⟳ ${plan.label}: ${plan.targets.map(target => target.name).join(', ')}…`, tone: 'progress'}});
			actions
				.execute(plan, {isConfirmed: true, ...(typed === undefined ? {} : {typed})}, {origin: 'console', onProgress: line => update({status: {text: `⟳ ${plan.label}: ${line}`, tone: 'progress'}})})
				.then(outcome => update({status: {text: `${outcome.ok ? '✓' : '✗'} ${outcome.message}`, tone: outcome.ok ? 'ok' : 'error'}}))
				.catch((error: unknown) => update({status: {text: `✗ ${plan.label}: ${error instanceof Error ? error.message : String(error)}`, tone: 'error'}}));
			return;
		}
		const askFor = (specs: readonly ActionParam[], label: string, targets: readonly Entity[]): boolean => {
			const index = missingParam(specs, effect.params);
			if (index === undefined) return false;
			const choices = specs[index]!.choices?.(targets, actionView()) ?? [];
			update({flow: {step: 'params', actionId: effect.actionId, label, targets, specs, index, values: effect.params, choices, cursor: 0, text: ''}});
			return true;
		};
		try {
			if (askFor(effect.specs, effect.label, effect.targets)) return;
			const plan = actions.plan(effect.actionId, effect.targets.map(target => target.id), givenParams(effect.params));
			if (askFor(plan.paramSpecs, plan.label, plan.targets)) return;
			if (plan.risk === 'read') return runEffect({type: 'execute', plan, typed: undefined});
			update({flow: confirmState(plan)});
		} catch (error) {
			update({flow: idle, status: {text: `✗ ${error instanceof Error ? error.message : String(error)}`, tone: 'error'}});
		}
	};

	const requestAction = (actionId: string | undefined, targets: readonly Entity[]) => {
		const {actions} = live.current;
		if (actions.isReadonly) {
			actions.refuse?.({origin: 'console', action: actionId ?? 'action.menu', targets: targets.map(target => target.id), risk: 'unknown', reason: 'readonly', detail: 'read-only mode: actions that change the lab are disabled'});
			if (actionId) return update({status: {text: 'actions are disabled (--readonly)', tone: 'error'}});
			return update({flow: {step: 'menu', targets, choices: [], cursor: 0, note: 'actions are disabled (--readonly)'}});
		}
		if (actionId) return runEffect({type: 'plan', actionId, label: actionId, targets, params: {}, specs: []});
		const choices = commonChoices(targets.map(target => actions.available(target)));
		const note = targets.length === 0 ? 'nothing selected' : choices.length === 0 ? 'no actions available for this selection' : undefined;
		update({flow: {step: 'menu', targets, choices, cursor: 0, note}});
	};

	const focus = (pane: PaneKey, isRemount = false) => {
		if (pane !== ref.current.pane || isRemount) {
			handler.current = null;
			pending.current = [];
		}
		update({pane, isHelpOpen: false, ...(isRemount ? {generation: ref.current.generation + 1} : {})});
	};
	/** After the focused pane changed and mounted (App's effect): runs the keys held meanwhile. */
	const paneSettled = () => {
		const held = pending.current;
		if (!held) return;
		pending.current = undefined;
		for (const item of held) onKey(item.input, item.key);
	};

	const runGlobal = (command: CommandId): boolean => {
		const {pane} = ref.current;
		const at = paneKeys.indexOf(pane);
		if (command === 'app.quit') live.current.onQuit();
		else if (command === 'pane.next') focus(paneKeys[(at + 1) % paneKeys.length]!);
		else if (command === 'pane.prev') focus(paneKeys[(at + paneKeys.length - 1) % paneKeys.length]!);
		else if (command.startsWith('pane.goto.')) focus(command.slice('pane.goto.'.length) as PaneId);
		else if (command === 'command.open') update({command: emptyLine, historyAt: undefined, status: undefined});
		else if (command === 'help.toggle') update({isHelpOpen: !ref.current.isHelpOpen, helpOffset: 0});
		else if (command === 'action.refresh') {
			live.current.onRefresh?.();
			update({status: {text: 're-polling every source…', tone: 'info'}});
		} else if (command === 'action.request') requestAction(undefined, handler.current?.selection() ?? []);
		else if (command === 'power.shed') {
			// One key to the shed plan from any pane while a UPS is on battery.
			const snapshot = live.current.store.getSnapshot();
			const incident = snapshot.incidents.find(item => item.cause === 'ups-on-battery');
			const ups = incident ? snapshot.entities.get(incident.subject) : undefined;
			if (ups) requestAction('power.shed-load', [ups]);
			else return false;
		} else return false;
		return true;
	};

	const applyOutcome = (outcome: CommandOutcome) => {
		if (outcome.type === 'error') return update({status: {text: outcome.text, tone: 'error'}});
		if (outcome.type === 'command') return void runGlobal(outcome.command);
		if (outcome.type !== 'pane') return;
		const isChanged = outcome.filter !== undefined || outcome.focusId !== undefined;
		if (isChanged) {
			const saved = memories.current.get(outcome.pane) ?? initialTableState;
			memories.current.set(outcome.pane, {...withFilter(saved, outcome.filter ?? saved.filter), focusId: outcome.focusId});
		}
		update({status: undefined});
		focus(outcome.pane, isChanged && outcome.pane === ref.current.pane);
	};

	const commandLineKey = (name: string | undefined, input: string) => {
		const {command: line = emptyLine, history, historyAt} = ref.current;
		if (name === 'escape') return update({command: undefined, status: undefined});
		if (name === 'enter') {
			const text = line.text.trim();
			update({command: undefined, historyAt: undefined, history: text === '' || history[history.length - 1] === text ? history : [...history, text].slice(-50)});
			return applyOutcome(runCommandLine(text, live.current.store.getSnapshot()));
		}
		if (name === 'tab') {
			const completion = completeCommandLine(line.text, live.current.store.getSnapshot());
			return update({
				command: lineOf(completion.text),
				status: completion.candidates.length > 1 ? {text: candidatesLine(completion.candidates, live.current.width), tone: 'info'} : completion.candidates.length === 0 ? {text: 'no completions', tone: 'info'} : undefined,
			});
		}
		if (name === 'up' || name === 'down') {
			if (history.length === 0) return;
			const at = name === 'up' ? Math.max(0, (historyAt ?? history.length) - 1) : (historyAt ?? history.length) + 1;
			if (at >= history.length) return update({command: emptyLine, historyAt: undefined});
			return update({command: lineOf(history[at]!), historyAt: at});
		}
		if (name === 'backspace' && line.text === '') return update({command: undefined});
		const next = editLine(line, name, input);
		if (next) update({command: next, status: undefined});
	};

	/** Has the user pressed a key yet (the console opens on the incidents pane only until then)? */
	const hasKeys = useRef(false);
	const onKey = (input: string, key: KeyFlags): void => {
		hasKeys.current = true;
		if (pending.current) {
			pending.current.push({input, key});
			return;
		}
		const name = keyName(input, key);
		if (name === undefined && input === '') return;
		const command = name === undefined ? undefined : live.current.bindings.commandOf.get(name);
		const current = ref.current;
		if (current.flow.step !== 'idle') {
			const step = flowKey(current.flow, name, input);
			update({flow: step.state});
			return runEffect(step.effect);
		}
		if (current.command !== undefined) return commandLineKey(name, input);
		if (current.isHelpOpen) {
			if (command === 'help.toggle' || name === 'escape') return update({isHelpOpen: false});
			const {bindings, width, paneHeight} = live.current;
			const page = Math.max(1, paneHeight - 2);
			const moves: Partial<Record<CommandId, number>> = {'row.down': 1, 'row.up': -1, 'row.pageDown': page, 'row.pageUp': -page, 'row.first': -Infinity, 'row.last': Infinity};
			const move = command === undefined ? undefined : moves[command];
			if (move !== undefined) return update({helpOffset: Math.max(0, Math.min(helpMaxOffset(bindings, width, paneHeight), current.helpOffset + move))});
			if (command === 'app.quit' || command?.startsWith('pane.')) runGlobal(command);
			return;
		}
		const pane = handler.current;
		if (pane?.handle(command, name, input)) return;
		const reason = command === undefined ? undefined : pane?.bindings.find(binding => binding.command === command)?.disabled?.();
		if (reason !== undefined && name !== undefined) return update({status: {text: `${keyLabel(name)}: ${reason}`, tone: 'info'}});
		if (command && runGlobal(command)) return;
		const spec = command === undefined ? undefined : (commands[command] as {readonly onlyIn?: string; readonly help: string});
		if (spec?.onlyIn && name) return update({status: {text: `${keyLabel(name)}: ${spec.help.replace(/ \(.*\)$/, '')}: only in ${spec.onlyIn}`, tone: 'info'}});
		if (!pane && name && command && commands[command].scope === 'pane') update({status: {text: `${keyLabel(name)}: this pane has no rows`, tone: 'info'}});
	};

	/** Shows a pane unless the user already moved (an incident opening before the first key). */
	const focusUnlessMoved = (pane: PaneKey) => {
		if (!hasKeys.current && ref.current.pane !== pane) focus(pane);
	};
	const goto = (pane: string) => {
		if (paneKeys.includes(pane as PaneKey)) focus(pane as PaneKey);
	};
	return {state, onKey, requestAction, paneSettled, router, memory, focusUnlessMoved, goto};
}

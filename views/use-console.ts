// The console's own state (focused pane, help, command line, the action flow, the status line)
// and the key router: an open dialog first, then the command line, then the focused pane, then
// global keys. A synchronous reducer (state in a ref) because several keys can arrive in one
// input chunk.
import {useRef, useState, type MutableRefObject} from 'react';
import type {Entity} from '../src/entities.js';
import {commandAliases, keyName, paneIds, type CommandId, type KeyBindings, type KeyFlags, type PaneId} from '../src/keys.js';
import {paneKeys, paneOfWord, panes, type PaneKey} from './panes.js';
import type {ActionParam, ActionView} from '../src/plugin-api.js';
import {dependents, type Topology} from '../src/topology.js';
import {commonChoices, confirmState, flowKey, givenParams, idle, missingParam, type FlowEffect, type FlowState} from './action-flow.js';
import type {ActionRunner} from './action-runner.js';
import type {StatusLine} from './Footer.js';
import type {PaneHandle} from './pane-handle.js';
import type {StoreLike} from './use-store.js';

export type ConsoleState = {
	readonly pane: PaneKey;
	readonly isHelpOpen: boolean;
	/** Text of the open `:` command line. */
	readonly command: string | undefined;
	readonly flow: FlowState;
	readonly status: StatusLine | undefined;
};

export type ConsoleOptions = {
	readonly store: StoreLike;
	readonly actions: ActionRunner;
	readonly topology: Topology;
	readonly bindings: KeyBindings;
	readonly handleRef: MutableRefObject<PaneHandle | null>;
	readonly initialPane: PaneKey;
	readonly onQuit: () => void;
	readonly onRefresh: (() => void) | undefined;
};

const aliasHint = [':vms :gpus :power :racks :alerts :hosts :automations', ...panes.flatMap(pane => (pane.words?.[0] ? [`:${pane.words[0]}`] : [])), ':q'].join(' ');

export function useConsole(options: ConsoleOptions) {
	const [state, setState] = useState<ConsoleState>({pane: options.initialPane, isHelpOpen: false, command: undefined, flow: idle, status: undefined});
	const ref = useRef(state);
	const live = useRef(options);
	live.current = options;
	const update = (change: Partial<ConsoleState>) => {
		ref.current = {...ref.current, ...change};
		setState(ref.current);
	};

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
		if (effect.type === 'cancelled') return update({flow: idle, status: {text: 'cancelled', tone: 'info'}});
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
			if (actionId) return update({status: {text: 'actions are disabled (--readonly)', tone: 'error'}});
			return update({flow: {step: 'menu', targets, choices: [], cursor: 0, note: 'actions are disabled (--readonly)'}});
		}
		if (actionId) return runEffect({type: 'plan', actionId, label: actionId, targets, params: {}, specs: []});
		const choices = commonChoices(targets.map(target => actions.available(target)));
		const note = targets.length === 0 ? 'nothing selected' : choices.length === 0 ? 'no actions available for this selection' : undefined;
		update({flow: {step: 'menu', targets, choices, cursor: 0, note}});
	};

	// Keys that arrive in the same chunk as a pane switch wait for the new pane to register.
	const pending = useRef<{input: string; key: KeyFlags}[] | undefined>(undefined);
	const focus = (pane: PaneKey) => {
		if (pane !== ref.current.pane) {
			live.current.handleRef.current = null;
			pending.current = [];
		}
		update({pane, isHelpOpen: false});
	};
	/** Called after each render (the new pane has registered, or has no keys): replays held keys. */
	const flushPending = () => {
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
		else if (command === 'command.open') update({command: ''});
		else if (command === 'help.toggle') update({isHelpOpen: !ref.current.isHelpOpen});
		else if (command === 'action.refresh') {
			live.current.onRefresh?.();
			update({status: {text: 're-polling every source…', tone: 'info'}});
		} else if (command === 'action.request') requestAction(undefined, live.current.handleRef.current?.selection() ?? []);
		else if (command === 'power.shed') {
			// One key to the shed plan from any pane while a UPS is on battery.
			const incident = live.current.store.getSnapshot().incidents.find(item => item.cause === 'ups-on-battery');
			const ups = incident ? live.current.store.getSnapshot().entities.get(incident.subject) : undefined;
			if (ups) requestAction('power.shed-load', [ups]);
			else return false;
		} else return false;
		return true;
	};

	const commandLineKey = (name: string | undefined, input: string) => {
		const text = ref.current.command ?? '';
		if (name === 'escape') return update({command: undefined});
		if (name === 'backspace' || name === 'delete') return update({command: text.slice(0, -1)});
		if (name === 'enter') {
			const word = text.trim().replace(/^:/, '').toLowerCase();
			update({command: undefined});
			if (word === '') return;
			const command = commandAliases[word] ?? (paneIds.includes(word as PaneId) ? (`pane.goto.${word}` as CommandId) : undefined);
			const generic = command ? undefined : paneOfWord(word);
			if (command) runGlobal(command);
			else if (generic) focus(generic);
			else update({status: {text: `unknown command :${word} (try ${aliasHint})`, tone: 'error'}});
			return;
		}
		const typed = name === 'space' ? ' ' : input;
		if (typed.length > 0 && !/[\u0000-\u001F]/.test(typed)) update({command: text + typed});
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
			if (command === 'app.quit' || command?.startsWith('pane.')) runGlobal(command);
			return;
		}
		if (live.current.handleRef.current?.handle(command, name, input)) return;
		if (command) runGlobal(command);
	};

	/** Shows a pane unless the user already moved (an incident opening before the first key). */
	const focusUnlessMoved = (pane: PaneKey) => {
		if (!hasKeys.current && ref.current.pane !== pane) focus(pane);
	};
	const goto = (pane: string) => {
		if (paneKeys.includes(pane as PaneKey)) focus(pane as PaneKey);
	};
	return {state, onKey, requestAction, flushPending, focusUnlessMoved, goto};
}

// The action request flow as a pure state machine: menu → params → confirm. The layout feeds it
// keys and performs its effects (planning and executing through the ActionRunner).
import type {Entity} from '../src/entities.js';
import type {ActionParam} from '../src/plugin-api.js';
import type {ActionChoice, ActionPlan} from './action-runner.js';

export type FlowState =
	| {readonly step: 'idle'}
	| {readonly step: 'menu'; readonly targets: readonly Entity[]; readonly choices: readonly ActionChoice[]; readonly cursor: number; readonly note: string | undefined}
	| {
			readonly step: 'params';
			readonly actionId: string;
			readonly label: string;
			readonly targets: readonly Entity[];
			readonly specs: readonly ActionParam[];
			/** Index into specs. */
			readonly index: number;
			readonly values: Readonly<Record<string, string>>;
			/** Allowed values of the current param; empty for free text. */
			readonly choices: readonly string[];
			readonly cursor: number;
			readonly text: string;
	  }
	| {readonly step: 'confirm'; readonly plan: ActionPlan; readonly focus: 'cancel' | 'confirm'; readonly typed: string; readonly note: string | undefined};

export type FlowEffect =
	| {
			readonly type: 'plan';
			readonly actionId: string;
			/** For the param step's title. */
			readonly label: string;
			readonly targets: readonly Entity[];
			readonly params: Readonly<Record<string, string>>;
			/** Params to ask for first (from the menu choice). */
			readonly specs: readonly ActionParam[];
	  }
	| {readonly type: 'execute'; readonly plan: ActionPlan; readonly typed: string | undefined}
	/** `plan`: cancelled at the confirm gate (an audited refusal). */
	| {readonly type: 'cancelled'; readonly plan?: ActionPlan};

export type FlowStep = {readonly state: FlowState; readonly effect?: FlowEffect};

export const idle: FlowState = {step: 'idle'};

/** The actions every target offers (a marked selection gets their intersection). */
export function commonChoices(perTarget: readonly (readonly ActionChoice[])[]): readonly ActionChoice[] {
	const [first, ...rest] = perTarget;
	if (!first) return [];
	return first.filter(choice => rest.every(list => list.some(other => other.id === choice.id)));
}

/**
 * The first param still to ask for, or undefined when the action can be planned: a required one
 * without a value, or an optional one not asked yet (Enter on an empty optional param keeps the
 * action's default: it is recorded as "" and left out of the plan's params).
 */
export function missingParam(specs: readonly ActionParam[], values: Readonly<Record<string, string>>): number | undefined {
	const index = specs.findIndex(spec => (spec.isRequired === true ? (values[spec.name] ?? '') === '' : !(spec.name in values)));
	return index < 0 ? undefined : index;
}

/** The params to plan with: optional ones left empty are dropped, so the action's default applies. */
export function givenParams(values: Readonly<Record<string, string>>): Record<string, string> {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
}

export function confirmState(plan: ActionPlan): FlowState {
	return {step: 'confirm', plan, focus: 'cancel', typed: '', note: undefined};
}

const isText = (key: string | undefined, input: string) => key !== undefined && ([...input].length === 1 || key === 'space') && !/[\u0000-\u001F]/.test(input);

export function flowKey(state: FlowState, key: string | undefined, input: string): FlowStep {
	if (state.step === 'idle') return {state};
	if (key === 'escape') return {state: idle, effect: state.step === 'confirm' ? {type: 'cancelled', plan: state.plan} : {type: 'cancelled'}};
	if (state.step === 'menu') {
		const last = state.choices.length - 1;
		if (key === 'up' || key === 'k') return {state: {...state, cursor: Math.max(0, state.cursor - 1)}};
		if (key === 'down' || key === 'j') return {state: {...state, cursor: Math.min(last, state.cursor + 1)}};
		if (key === 'enter') {
			const choice = state.choices[state.cursor];
			if (!choice) return {state: idle, effect: {type: 'cancelled'}};
			return {state, effect: {type: 'plan', actionId: choice.id, label: choice.label, targets: state.targets, params: {}, specs: choice.params ?? []}};
		}
		return {state};
	}
	if (state.step === 'params') {
		const spec = state.specs[state.index]!;
		if (state.choices.length > 0) {
			if (key === 'up' || key === 'k') return {state: {...state, cursor: Math.max(0, state.cursor - 1)}};
			if (key === 'down' || key === 'j') return {state: {...state, cursor: Math.min(state.choices.length - 1, state.cursor + 1)}};
			if (key === 'enter') return submitParam(state, spec.name, state.choices[state.cursor]!);
			return {state};
		}
		if (key === 'enter') return state.text.trim() === '' ? (spec.isRequired === true ? {state} : submitParam(state, spec.name, '')) : submitParam(state, spec.name, state.text.trim());
		if (key === 'backspace' || key === 'delete') return {state: {...state, text: state.text.slice(0, -1)}};
		if (isText(key, input)) return {state: {...state, text: state.text + (key === 'space' ? ' ' : input)}};
		return {state};
	}
	// confirm
	const {plan} = state;
	if (plan.risk === 'destructive') {
		if (key === 'enter') {
			if (state.typed === '') return {state: idle, effect: {type: 'cancelled', plan}};
			if (state.typed === plan.confirmName) return {state: idle, effect: {type: 'execute', plan, typed: state.typed}};
			return {state: {...state, note: `"${state.typed}" does not match; type ${plan.confirmName} or press Esc`}};
		}
		if (key === 'backspace' || key === 'delete') return {state: {...state, typed: state.typed.slice(0, -1), note: undefined}};
		if (isText(key, input)) return {state: {...state, typed: state.typed + (key === 'space' ? ' ' : input), note: undefined}};
		return {state};
	}
	if (key === 'y' || key === 'Y') return {state: idle, effect: {type: 'execute', plan, typed: undefined}};
	if (key === 'n' || key === 'N') return {state: idle, effect: {type: 'cancelled', plan}};
	if (key === 'left' || key === 'right' || key === 'tab' || key === 'shift-tab' || key === 'h' || key === 'l')
		return {state: {...state, focus: state.focus === 'cancel' ? 'confirm' : 'cancel'}};
	if (key === 'enter') return {state: idle, effect: state.focus === 'confirm' ? {type: 'execute', plan, typed: undefined} : {type: 'cancelled', plan}};
	return {state};
}

function submitParam(state: Extract<FlowState, {step: 'params'}>, name: string, value: string): FlowStep {
	const values = {...state.values, [name]: value};
	return {state: {...state, values}, effect: {type: 'plan', actionId: state.actionId, label: state.label, targets: state.targets, params: values, specs: state.specs}};
}

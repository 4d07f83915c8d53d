// A fake ActionRunner that records every call; plans follow each action's risk.
import type {Entity} from '../../src/entities.js';
import type {ActionOutcome, ActionParam, Risk} from '../../src/plugin-api.js';
import type {StoreLike} from '../use-store.js';
import type {ActionChoice, ActionPlan, ActionRunner} from '../action-runner.js';

export type FakeAction = ActionChoice & {readonly kind: Entity['kind']; readonly params?: readonly ActionParam[]};

export const fakeActions: readonly FakeAction[] = [
	{id: 'guest.start', label: 'Start', risk: 'low', kind: 'guest'},
	{id: 'guest.shutdown', label: 'Shut down', risk: 'high', kind: 'guest'},
	{id: 'guest.stop', label: 'Stop (hard)', risk: 'destructive', kind: 'guest'},
	{id: 'guest.migrate', label: 'Migrate', risk: 'high', kind: 'guest', params: [{name: 'target', label: 'target node', choices: () => ['pve1', 'pve2', 'pve3'], isRequired: true}]},
	{id: 'outlet.off', label: 'Switch off', risk: 'destructive', kind: 'outlet'},
	{id: 'power.shed-load', label: 'Shed load', risk: 'destructive', kind: 'ups', params: [{name: 'targetMinutes', label: 'runtime to reach, minutes (default 30)'}]},
];

export class FakeActionRunner implements ActionRunner {
	readonly calls: {method: string; args: unknown[]}[] = [];
	readonly executed: {plan: ActionPlan; typed: string | undefined}[] = [];
	/** Plan lines per action id (a string throws as the action layer's refusal would). */
	planLines: Record<string, readonly string[] | string> = {};
	constructor(readonly store: StoreLike, readonly isReadonly = false) {}

	available(entity: Entity): readonly ActionChoice[] {
		this.calls.push({method: 'available', args: [entity.id]});
		return fakeActions.filter(action => action.kind === entity.kind).map(({id, label, risk, params}) => ({id, label, risk, ...(params ? {params} : {})}));
	}

	plan(actionId: string, targetIds: readonly string[], params: Record<string, string> = {}): ActionPlan {
		this.calls.push({method: 'plan', args: [actionId, targetIds, params]});
		const action = fakeActions.find(item => item.id === actionId);
		if (!action) throw new Error(`${actionId}: no such action`);
		for (const spec of action.params ?? []) if (spec.isRequired && !params[spec.name]) throw new Error(`${actionId}: parameter "${spec.name}" (${spec.label}) is required`);
		const targets = targetIds.map(id => this.store.getSnapshot().entities.get(id)!);
		const custom = this.planLines[actionId];
		if (typeof custom === 'string') throw new Error(`${targets[0]?.source ?? 'labdeck'}: ${actionId}: ${custom}`);
		const risk: Risk = action.risk;
		return {
			actionId, label: action.label, risk, targets, params, paramSpecs: action.params ?? [],
			lines: custom ?? [`${action.label} ${targets.map(target => target.name).join(', ')}${params['target'] ? ` to ${params['target']}` : ''}`],
			impact: targets.map(target => ({target: target.name, dependents: target.kind === 'outlet' ? ['pve1', '100 nginx'] : []})),
			confirmName: risk === 'destructive' ? targets[0]?.name : undefined,
		};
	}

	async execute(plan: ActionPlan, confirmation: {isConfirmed: boolean; typed?: string}, options: {onProgress?: (line: string) => void}): Promise<ActionOutcome> {
		this.calls.push({method: 'execute', args: [plan.actionId, confirmation]});
		this.executed.push({plan, typed: confirmation.typed});
		options.onProgress?.('task 50 %');
		return {ok: true, message: `${plan.label} ${plan.targets.map(target => target.name).join(', ')}: OK`};
	}
}

// The action layer: every change to the world goes through here. It resolves the targets, works
// out the risk and the blast radius from the topology, refuses in read-only mode, checks the
// confirmation the risk asks for, runs the plugin's action within its time budget, writes an
// audit record for every outcome (refused ones too) and asks the poller to re-poll the source.
import {setMaxListeners} from 'node:events';
import type {Entity, EntityKind} from './entities.js';
import {ActionRefusedError, describeError, oneLine, TimeoutError} from './errors.js';
import type {ActionDef, ActionOutcome, ActionParam, ActionView, Risk} from './plugin-api.js';
import type {AuditLog} from './audit.js';
import type {Store} from './store.js';
import {impactNames} from './devices.js';
import {dependents, nameOf, type Topology} from './topology.js';

export const riskRank: Readonly<Record<Risk, number>> = {read: 0, low: 1, high: 2, destructive: 3};

export type ActionPlan = {
	readonly actionId: string;
	readonly label: string;
	readonly risk: Risk;
	readonly targets: readonly Entity[];
	/** What will happen, one line each. */
	readonly lines: readonly string[];
	/** Per target: the names of what depends on it. */
	readonly impact: readonly {readonly target: string; readonly dependents: readonly string[]}[];
	/** For destructive actions: the text the user must type (the target's name). */
	readonly confirmName: string | undefined;
	/** The target's name (or `3 outlets`): what `--confirm` must match, whatever the risk (targetNameOf() when absent). */
	readonly targetName?: string;
	readonly params: Readonly<Record<string, string>>;
	readonly paramSpecs: readonly ActionParam[];
	/** Targets grouped by the action definition (source) that runs them. */
	readonly groups: readonly {readonly def: ActionDef; readonly sourceId: string; readonly targets: readonly Entity[]}[];
};

export type Confirmation = {readonly isConfirmed: boolean; readonly typed?: string};

/** A refusal decided outside execute(): a missing flag, a cancelled prompt or dialog, `--readonly` in the console. */
export type Refusal = {
	readonly origin: 'console' | 'cli';
	readonly action: string;
	readonly targets: readonly string[];
	readonly risk: Risk | 'unknown';
	readonly params?: Readonly<Record<string, string>>;
	readonly reason: ActionRefusedError['reason'];
	/** One line: why (`cancelled at the prompt`, `no --yes`). */
	readonly detail: string;
};

export type ExecuteOptions = {
	readonly origin: 'console' | 'cli';
	readonly onProgress?: (line: string) => void;
	readonly noWait?: boolean;
	readonly signal?: AbortSignal;
	/** The operator named in the audit record (an attached client's user; default: this process's user). */
	readonly user?: string;
	/** The requester is read-only (an attached `--readonly` client): refused like read-only mode. */
	readonly isReadonly?: boolean;
};

/** Runs a confirmed plan elsewhere (`labdeck serve`): the service re-plans, gates, runs and audits it. */
export type RemoteExecute = (plan: ActionPlan, confirmation: Confirmation, options: ExecuteOptions) => Promise<ActionOutcome>;

export type ActionLayerOptions = {
	readonly store: Store;
	/** Action definitions of each source instance. */
	readonly actionsBySource: ReadonlyMap<string, readonly ActionDef[]>;
	/** Actions not tied to one source (plans such as power.shed-load). */
	readonly globalActions?: readonly ActionDef[];
	readonly topology: Topology;
	readonly audit: AuditLog;
	readonly isReadonly: boolean;
	/** Re-poll a source after an action ran on it. */
	readonly requestPoll: (sourceId: string) => void;
	/** Attached to a service: execute() goes there (its gate and audit log), plan() stays local. */
	readonly executeRemotely?: RemoteExecute;
};

const defaultTimeoutMs = 60_000;

export class ActionLayer {
	readonly isReadonly: boolean;
	readonly #options: ActionLayerOptions;

	constructor(options: ActionLayerOptions) {
		this.#options = options;
		this.isReadonly = options.isReadonly;
	}

	/** Actions offered for an entity (none above `read` in read-only mode). */
	available(entity: Entity): readonly {id: string; label: string; risk: Risk; params: readonly ActionParam[]}[] {
		const view = this.view();
		return this.#defsFor(entity)
			.filter(def => !def.appliesTo || def.appliesTo(entity))
			.map(def => ({id: def.id, label: def.label, risk: typeof def.risk === 'function' ? def.risk([entity], view) : def.risk, params: def.params ?? []}))
			.filter(action => !this.isReadonly || action.risk === 'read');
	}

	/** Every action id known for a kind, for `labdeck act` usage errors. */
	knownActions(kind?: EntityKind): readonly string[] {
		const ids = new Set<string>();
		for (const defs of this.#options.actionsBySource.values()) for (const def of defs) if (!kind || def.kind === kind) ids.add(def.id);
		for (const def of this.#options.globalActions ?? []) if (!kind || def.kind === kind) ids.add(def.id);
		return [...ids].sort();
	}

	/** A live view: every call reads the store's current snapshot (a running plan sees new readings). */
	view(): ActionView {
		const {store, topology} = this.#options;
		return {
			entity: id => store.getSnapshot().entities.get(id),
			entities: kind => (kind ? store.getSnapshot().byKind[kind] : [...store.getSnapshot().entities.values()]),
			dependents: id => dependents(store.getSnapshot(), topology, id),
			devices: () => topology.devices,
			actions: id => {
				const entity = store.getSnapshot().entities.get(id);
				return entity ? this.#defsFor(entity).filter(def => !def.appliesTo || def.appliesTo(entity)).map(def => def.id) : [];
			},
		};
	}

	plan(actionId: string, targetIds: readonly string[], params: Readonly<Record<string, string>> = {}): ActionPlan {
		const context = {source: 'labdeck', operation: actionId};
		if (targetIds.length === 0) throw new ActionRefusedError(context, 'invalid', 'no target given');
		const snapshot = this.#options.store.getSnapshot();
		const view = this.view();
		const targets: Entity[] = [];
		for (const id of targetIds) {
			const entity = snapshot.entities.get(id);
			if (!entity) throw new ActionRefusedError(context, 'invalid', `unknown entity "${id}"`);
			targets.push(entity);
		}
		const groups: {def: ActionDef; sourceId: string; targets: Entity[]}[] = [];
		for (const entity of targets) {
			const def = this.#defsFor(entity).find(candidate => candidate.id === actionId);
			if (!def) {
				const offered = this.#defsFor(entity).map(candidate => candidate.id);
				throw new ActionRefusedError({source: entity.source, operation: actionId}, 'unsupported', `not offered for ${entity.id}${offered.length > 0 ? ` (offered: ${offered.join(', ')})` : ''}`);
			}
			if (def.appliesTo && !def.appliesTo(entity)) throw new ActionRefusedError({source: entity.source, operation: actionId}, 'invalid', `does not apply to ${nameOf(snapshot, this.#options.topology, entity.id)} in its current state`);
			const group = groups.find(candidate => candidate.def === def);
			if (group) group.targets.push(entity);
			else groups.push({def, sourceId: entity.source, targets: [entity]});
		}
		const first = groups[0]!.def;
		for (const spec of first.params ?? []) {
			if (spec.isRequired && !params[spec.name]) throw new ActionRefusedError(context, 'invalid', `parameter "${spec.name}" (${spec.label}) is required`);
			const choices = spec.choices?.(targets, view);
			const value = params[spec.name];
			if (value && choices && choices.length > 0 && !choices.includes(value)) throw new ActionRefusedError(context, 'invalid', `${spec.name} must be one of ${choices.join(', ')}`);
		}
		let risk: Risk = 'read';
		const lines: string[] = [];
		for (const group of groups) {
			const groupRisk = typeof group.def.risk === 'function' ? group.def.risk(group.targets, view) : group.def.risk;
			if (riskRank[groupRisk] > riskRank[risk]) risk = groupRisk;
			const reason = group.def.validate?.(group.targets, params, view);
			if (reason) throw new ActionRefusedError({source: group.sourceId, operation: actionId}, 'invalid', reason);
			lines.push(...(group.def.describe?.(group.targets, params, view) ?? group.targets.map(target => `${first.label}: ${nameOf(snapshot, this.#options.topology, target.id)}`)));
		}
		const impact = first.describesImpact ? [] : targets.map(target => ({
			target: nameOf(snapshot, this.#options.topology, target.id),
			// One name per thing: a device and the host in it, or a node seen over the API and over SSH, read as one.
			dependents: impactNames(snapshot, this.#options.topology, dependents(snapshot, this.#options.topology, target.id)
				.filter(id => !id.startsWith('outlet:'))),
		}));
		const targetName = targetNameOf(targets);
		const confirmName = risk === 'destructive' ? targetName : undefined;
		return {actionId, label: first.label, risk, targets, lines, impact, confirmName, targetName, params, paramSpecs: first.params ?? [], groups};
	}

	/** Writes the audit record of a refusal decided by the caller and returns the error to report. */
	refuse(refusal: Refusal): ActionRefusedError {
		const {reason, detail, ...record} = refusal;
		const error = new ActionRefusedError({source: 'labdeck', operation: refusal.action}, reason, detail);
		this.#options.audit.append({...record, targets: [...record.targets], result: 'refused', message: error.message});
		return error;
	}

	/** refuse() for a plan. */
	refusePlan(plan: ActionPlan, origin: Refusal['origin'], reason: Refusal['reason'], detail: string): ActionRefusedError {
		return this.refuse({origin, action: plan.actionId, targets: plan.targets.map(target => target.id), risk: plan.risk, params: plan.params, reason, detail});
	}

	/** Runs a plan once its confirmation matches its risk. Throws ActionRefusedError when refused. */
	async execute(plan: ActionPlan, confirmation: Confirmation, options: ExecuteOptions): Promise<ActionOutcome> {
		if (this.#options.executeRemotely) return this.#options.executeRemotely(plan, confirmation, {...options, isReadonly: this.isReadonly || options.isReadonly === true});
		const record = {origin: options.origin, ...(options.user === undefined ? {} : {user: options.user}), action: plan.actionId, targets: plan.targets.map(target => target.id), risk: plan.risk, params: plan.params};
		const refuse = (reason: ActionRefusedError['reason'], detail: string): never => {
			const error = new ActionRefusedError({source: 'labdeck', operation: plan.actionId}, reason, detail);
			this.#options.audit.append({...record, result: 'refused', message: error.message});
			throw error;
		};
		if ((this.isReadonly || options.isReadonly === true) && plan.risk !== 'read') refuse('readonly', 'read-only mode: actions that change the lab are disabled');
		if (plan.risk !== 'read' && !confirmation.isConfirmed) refuse('confirmation', `not confirmed (${plan.risk} risk)`);
		if (plan.risk === 'destructive' && confirmation.typed !== plan.confirmName) refuse('confirmation', `destructive: type "${plan.confirmName}" to confirm`);
		// A name given to confirm must be the target's, whatever the risk.
		const targetName = plan.targetName ?? targetNameOf(plan.targets);
		if (confirmation.typed !== undefined && confirmation.typed !== targetName) refuse('confirmation', `the confirmation "${confirmation.typed}" does not match the target's name "${targetName}"`);
		return this.#run(plan, options, record, 'ok');
	}

	async #run(plan: ActionPlan, options: ExecuteOptions, record: Omit<Parameters<AuditLog['append']>[0], 'result' | 'message'>, kind: 'ok' | 'step', stageTimeoutMs?: number): Promise<ActionOutcome> {
		const started = performance.now();
		const messages: string[] = [];
		let isOk = true;
		let details: Record<string, unknown> = {};
		for (const group of plan.groups) {
			// A plan's stage may give a step less time than the action's own budget.
			const timeoutMs = Math.min(group.def.timeoutMs ?? defaultTimeoutMs, stageTimeoutMs ?? Infinity);
			const controller = new AbortController();
			setMaxListeners(256, controller.signal);
			const timer = setTimeout(() => controller.abort(new TimeoutError({source: group.sourceId, operation: plan.actionId}, timeoutMs)), timeoutMs);
			const onOuterAbort = () => controller.abort(options.signal?.reason);
			options.signal?.addEventListener('abort', onOuterAbort, {once: true});
			try {
				const outcome = await group.def.run(group.targets, {
					signal: controller.signal,
					params: plan.params,
					view: this.view(),
					noWait: options.noWait ?? false,
					progress: line => options.onProgress?.(oneLine(line)),
					requestPoll: ids => {
						const snapshot = this.#options.store.getSnapshot();
						for (const source of new Set(ids.map(id => snapshot.entities.get(id)?.source))) if (source) this.#options.requestPoll(source);
					},
					invoke: async (actionId, targetIds, params = {}, stepOptions = {}) => {
						const step = this.plan(actionId, targetIds, params);
						if (this.isReadonly && step.risk !== 'read') throw new ActionRefusedError({source: 'labdeck', operation: actionId}, 'readonly', 'read-only mode');
						return this.#run(step, {...options, signal: controller.signal}, {origin: options.origin, ...(options.user === undefined ? {} : {user: options.user}), action: step.actionId, targets: targetIds, risk: step.risk, params}, 'step', stepOptions.timeoutMs);
					},
				});
				isOk &&= outcome.ok;
				messages.push(outcome.message);
				details = {...details, ...outcome.details};
			} catch (error) {
				isOk = false;
				messages.push(controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason.message : describeError(error, {source: group.sourceId, operation: plan.actionId}));
			} finally {
				clearTimeout(timer);
				options.signal?.removeEventListener('abort', onOuterAbort);
				this.#options.requestPoll(group.sourceId);
			}
		}
		const message = oneLine(messages.join('; '));
		this.#options.audit.append({...record, result: kind === 'step' ? 'step' : isOk ? 'ok' : 'failed', message, durationMs: Math.round(performance.now() - started), ...(Object.keys(details).length > 0 ? {details} : {})});
		return {ok: isOk, message, ...(Object.keys(details).length > 0 ? {details} : {})};
	}

	#defsFor(entity: Entity): readonly ActionDef[] {
		const own = (this.#options.actionsBySource.get(entity.source) ?? []).filter(def => def.kind === entity.kind);
		const global = (this.#options.globalActions ?? []).filter(def => def.kind === entity.kind);
		return [...own, ...global];
	}
}

/** What a confirmation must name: the one target's name, or `3 outlets`. */
export function targetNameOf(targets: readonly Entity[]): string {
	return targets.length === 1 ? targets[0]!.name : `${targets.length} ${targets[0]?.kind ?? 'target'}s`;
}

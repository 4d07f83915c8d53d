// The state store: immutable snapshots, read by views through useSyncExternalStore with
// selectors, written only by the poller, the alert engine and the action layer.
import {entityKinds, type Entity, type EntityDraft, type EntityKind} from './entities.js';
import type {Alert, Snapshot, SourceHealth} from './model.js';
import {LayeredMap, layersOf} from './layered-map.js';
import {isUnsafeText, sanitizeText} from './sanitize.js';
import {applyLink, isLinkCurrent, prepareSteps, type PollInput, type PreparedPoll, type RemovedEntity} from './poll-link.js';
import {appendSample, emptySeries, historyLength} from './series.js';
import {runSteps, runStepsNow} from './slices.js';

export type {SourceHealth, SourceStatus, Snapshot} from './model.js';

export {historyLength} from './series.js';

const emptyByKind = Object.fromEntries(entityKinds.map(kind => [kind, [] as Entity[]])) as unknown as Record<EntityKind, readonly Entity[]>;

export function emptySnapshot(lab: string): Snapshot {
	return {lab, version: 0, sources: {}, entities: new Map(), byKind: emptyByKind, history: new Map(), alerts: [], incidents: [], restoredFrom: null, notices: [], providers: {}};
}

export class Store {
	#snapshot: Snapshot;
	readonly #listeners = new Set<() => void>();

	constructor(initial: Snapshot) {
		this.#snapshot = initial;
	}

	getSnapshot = (): Snapshot => this.#snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	};

	/** Replaces the snapshot with `update(current)` and notifies subscribers when it changed. */
	apply(update: (current: Snapshot) => Snapshot): void {
		const next = update(this.#snapshot);
		if (next === this.#snapshot) return;
		this.#snapshot = {...next, version: this.#snapshot.version + 1};
		for (const listener of this.#listeners) listener();
	}
}

export function setSources(snapshot: Snapshot, sources: readonly SourceHealth[]): Snapshot {
	const byId: Record<string, SourceHealth> = {};
	for (const source of sources) byId[source.id] = snapshot.sources[source.id] ? {...snapshot.sources[source.id]!, ...pickStatic(source)} : source;
	return {...snapshot, sources: byId};
}

function pickStatic(source: SourceHealth): Partial<SourceHealth> {
	const fields: Partial<SourceHealth> = {type: source.type, name: source.name, interval: source.interval};
	return source.status === 'disabled' ? {...fields, status: 'disabled', lastError: source.lastError, errorName: source.errorName} : fields;
}

export type {PollInput, PreparedPoll, RemovedEntity} from './poll-link.js';

export type PollOptions = {
	/** Ms an entity may go unseen in partial polls before it is dropped (default: none). */
	readonly expireAfterMs?: number;
	/** The update made beforehand by preparePoll (in slices); linked when still current, else redone. */
	readonly prepared?: PreparedPoll;
	/** A one-line note on a good poll (values out of range cleared): kept on the source's health, status unchanged. */
	readonly note?: string | null;
};

/**
 * The costly part of a poll's update (a copy of each entity, its history samples, the source's
 * new layers, its entities sorted by id, what it drops) done in slices that yield to the event
 * loop, so 100,000 guests never freeze the console; the store update that follows only links what
 * was made (see src/poll-link.ts). Only the source's own poll writes its layers and its range of
 * each kind list, so what is read here is still current when the update lands (checked there).
 */
export async function preparePoll(snapshot: Snapshot, sourceId: string, result: PollInput, now: number, options: {readonly expireAfterMs?: number; readonly signal?: AbortSignal} = {}): Promise<PreparedPoll> {
	return runSteps(prepareSteps(snapshot, sourceId, result, now, options.expireAfterMs), options.signal);
}

/** Whether a prepared poll can still be linked into `snapshot` at once (else pollUpdate redoes the work). */
export function isPreparedCurrent(snapshot: Snapshot, prepared: PreparedPoll): boolean {
	return prepared.link !== undefined && isLinkCurrent(snapshot, prepared.link);
}

/** Records a successful poll: entities replaced, missing ones dropped (or kept stale when partial). */
export function applyPoll(
	snapshot: Snapshot,
	sourceId: string,
	result: {readonly entities: readonly EntityDraft[]; readonly partial?: string; readonly isListComplete?: boolean},
	now: number,
	latencyMs: number,
	options: PollOptions = {},
): Snapshot {
	return pollUpdate(snapshot, sourceId, result, now, latencyMs, options).snapshot;
}

/**
 * applyPoll, also naming what it dropped (for the timeline). Expiry: an entity absent from a
 * complete reply goes at once; while the source is partial (a node offline), one unseen for longer
 * than `expireAfterMs` goes too, so deleted guests never stay for good.
 */
export function pollUpdate(
	snapshot: Snapshot,
	sourceId: string,
	result: {readonly entities: readonly EntityDraft[]; readonly partial?: string; readonly isListComplete?: boolean},
	now: number,
	latencyMs: number,
	options: PollOptions = {},
): {readonly snapshot: Snapshot; readonly removed: readonly RemovedEntity[]} {
	const source = snapshot.sources[sourceId];
	if (!source) return {snapshot, removed: []};
	const prepared = options.prepared ?? runStepsNow(prepareSteps(snapshot, sourceId, result, now, options.expireAfterMs));
	const linked = prepared.link && applyLink(snapshot, prepared.link);
	if (prepared.link && linked) {
		return {snapshot: {...snapshot, ...linked, sources: {...snapshot.sources, [sourceId]: pollHealth(source, result, now, latencyMs, options.note)}}, removed: prepared.link.removed};
	}
	// The full update: ids that do not name their source, or a snapshot changed under the link.
	// One layer per source: this poll copies its own source's layer and shares every other one.
	const entityLayers = layersOf(snapshot.entities, (_, entity) => entity.source);
	const historyLayers = layersOf(snapshot.history, id => snapshot.entities.get(id)?.source ?? '');
	const previous = entityLayers.get(sourceId) ?? new Map<string, Entity>();
	const own = new Map(previous);
	const ownHistory = new Map(historyLayers.get(sourceId));
	const changedKinds = new Set<EntityKind>();
	/** Kinds that gained or lost an entity (their order must be rebuilt, not just remapped). */
	const reshapedKinds = new Set<EntityKind>();
	const seen = new Set<string>();
	for (const entity of prepared.entities) {
		seen.add(entity.id);
		if (previous.get(entity.id)?.kind !== entity.kind) reshapedKinds.add(entity.kind);
		own.set(entity.id, entity);
		changedKinds.add(entity.kind);
	}
	for (const [id, series] of prepared.history) ownHistory.set(id, series);
	const removed: RemovedEntity[] = [];
	const isComplete = !result.partial || result.isListComplete === true;
	const expireAfterMs = options.expireAfterMs ?? Infinity;
	// Only this source's previous entities can be dropped: its own layer, not a scan of the whole lab.
	for (const [id, entity] of previous) {
		if (seen.has(id)) continue;
		const reason = isComplete ? 'absent' : now - entity.seenAt > expireAfterMs ? 'expired' : undefined;
		if (!reason) continue;
		own.delete(id);
		ownHistory.delete(id);
		changedKinds.add(entity.kind);
		reshapedKinds.add(entity.kind);
		removed.push({id, name: 'name' in entity && typeof entity.name === 'string' ? entity.name : null, reason, seenAt: entity.seenAt});
	}
	const health = pollHealth(source, result, now, latencyMs, options.note);
	const entities = new LayeredMap(new Map(entityLayers).set(sourceId, own));
	const history = new LayeredMap(new Map(historyLayers).set(sourceId, ownHistory));
	return {
		snapshot: {
			...snapshot,
			entities,
			history,
			byKind: regroup(snapshot.byKind, entities, changedKinds, reshapedKinds, prepared.entities),
			sources: {...snapshot.sources, [sourceId]: health},
		},
		removed,
	};
}

function pollHealth(source: SourceHealth, result: PollInput, now: number, latencyMs: number, note: string | null | undefined): SourceHealth {
	const {note: _previousNote, ...lastHealth} = source;
	return {
		...lastHealth,
		...(note ? {note} : {}),
		status: result.partial ? 'degraded' : 'ok',
		lastSuccess: now,
		downSince: null,
		lastError: result.partial ?? null,
		errorName: null,
		latencyMs: Math.round(latencyMs),
		consecutiveFailures: 0,
		latencyHistory: appendSample(source.latencyHistory ?? emptySeries, Math.round(latencyMs), historyLength),
	};
}

/** Records a failed poll: the source goes down, its entities stay with their last values. */
export function applyFailure(snapshot: Snapshot, sourceId: string, message: string, errorName: string | null, now: number): Snapshot {
	const source = snapshot.sources[sourceId];
	if (!source || source.status === 'disabled') return snapshot;
	const health: SourceHealth = {
		...source,
		status: 'down',
		downSince: source.status === 'down' ? source.downSince ?? now : now,
		lastError: message,
		errorName,
		latencyMs: null,
		consecutiveFailures: source.consecutiveFailures + 1,
	};
	return {...snapshot, sources: {...snapshot.sources, [sourceId]: health}};
}

export function setAlerts(snapshot: Snapshot, rawAlerts: readonly Alert[]): Snapshot {
	const alerts = rawAlerts.map(alert => (isUnsafeText(alert.message) ? {...alert, message: sanitizeText(alert.message)} : alert));
	if (sameAlerts(snapshot.alerts, alerts)) return snapshot;
	return {...snapshot, alerts};
}

function sameAlerts(a: readonly Alert[], b: readonly Alert[]): boolean {
	return a.length === b.length && a.every((alert, index) => {
		const other = b[index]!;
		return alert.id === other.id && alert.severity === other.severity && alert.message === other.message && alert.impact.length === other.impact.length;
	});
}

function regroup(previous: Snapshot['byKind'], entities: ReadonlyMap<string, Entity>, changed: ReadonlySet<EntityKind>, reshaped: ReadonlySet<EntityKind> = changed, updated?: readonly Entity[]): Snapshot['byKind'] {
	if (changed.size === 0) return previous;
	const next = {...previous} as Record<EntityKind, Entity[]>;
	// Same members as before: the order stands, only the polled source's objects are new. With
	// the list of updated entities, only their slots are rewritten (the other sources' slots are
	// shared as they are); without it, every slot is looked up again.
	for (const kind of changed) {
		if (reshaped.has(kind)) continue;
		if (!updated) {
			next[kind] = previous[kind].map(entity => entities.get(entity.id)!);
			continue;
		}
		const slots = slotsOf(previous[kind]);
		const list = previous[kind].slice();
		let isComplete = true;
		for (const entity of updated) {
			if (entity.kind !== kind) continue;
			const slot = slots.get(entity.id);
			if (slot === undefined) isComplete = false;
			else list[slot] = entity;
		}
		if (isComplete) slotOf.set(list, slots);
		next[kind] = isComplete ? list : previous[kind].map(entity => entities.get(entity.id)!);
	}
	const rebuilt = [...changed].filter(kind => reshaped.has(kind));
	if (rebuilt.length === 0) return next;
	for (const kind of rebuilt) next[kind] = [];
	for (const entity of entities.values()) if (reshaped.has(entity.kind)) next[entity.kind].push(entity);
	for (const kind of rebuilt) next[kind].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	return next;
}

/** Each kind list's id → position, kept beside the immutable list (handed on by regroup). */
const slotOf = new WeakMap<readonly Entity[], ReadonlyMap<string, number>>();

function slotsOf(list: readonly Entity[]): ReadonlyMap<string, number> {
	let slots = slotOf.get(list);
	if (!slots) {
		slots = new Map(list.map((entity, position) => [entity.id, position]));
		slotOf.set(list, slots);
	}
	return slots;
}

/** Rebuilds every derived index, for a snapshot made from saved state. */
export function withEntities(snapshot: Snapshot, list: readonly Entity[]): Snapshot {
	// Per-source layers from the start, so the first poll after a restore links like any other.
	const entities = new LayeredMap(layersOf(new Map(list.map(entity => [entity.id, entity])), (_, entity) => entity.source));
	return {...snapshot, entities, byKind: regroup(emptyByKind, entities, new Set(entityKinds))};
}

/** Inverts the registry's type → kinds map into kind → types. */
export function providersOf(kindsByType: Readonly<Record<string, readonly EntityKind[]>>): Snapshot['providers'] {
	const providers: Partial<Record<EntityKind, string[]>> = {};
	for (const [type, kinds] of Object.entries(kindsByType)) for (const kind of kinds) (providers[kind] ??= []).push(type);
	return providers;
}

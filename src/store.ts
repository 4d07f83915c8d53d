// The state store: immutable snapshots, read by views through useSyncExternalStore with
// selectors, written only by the poller, the alert engine and the action layer.
import {entityKinds, historyMetrics, type Entity, type EntityDraft, type EntityKind} from './entities.js';
import type {Alert} from './alerts.js';
import {isUnsafeText, sanitizeText} from './sanitize.js';
import {appendSample, emptySeries, type Series} from './series.js';

export type SourceStatus = 'pending' | 'ok' | 'degraded' | 'down' | 'disabled';

export type SourceHealth = {
	readonly id: string;
	readonly type: string;
	readonly name: string;
	readonly status: SourceStatus;
	/** Seconds between polls, for staleness. */
	readonly interval: number;
	/** Epoch ms of the last poll that returned data. */
	readonly lastSuccess: number | null;
	/** Epoch ms the source went down (first failure after a success). */
	readonly downSince: number | null;
	/** One line: the last error, the partial-data note or the reason it is disabled. */
	readonly lastError: string | null;
	/** The last error's class name (`TimeoutError`, `AuthError`…), for `doctor` and `--json`. */
	readonly errorName: string | null;
	readonly latencyMs: number | null;
	readonly consecutiveFailures: number;
};

export type Snapshot = {
	readonly lab: string;
	/** Increases with every change. */
	readonly version: number;
	readonly sources: Readonly<Record<string, SourceHealth>>;
	readonly entities: ReadonlyMap<string, Entity>;
	/** Entities per kind, sorted by id; an array keeps its identity while its kind is unchanged. */
	readonly byKind: Readonly<Record<EntityKind, readonly Entity[]>>;
	/** Recent samples per entity and metric (read them with seriesValues()). */
	readonly history: ReadonlyMap<string, Readonly<Record<string, Series>>>;
	readonly alerts: readonly Alert[];
	/** Epoch ms of the saved state this snapshot was restored from, if any. */
	readonly restoredFrom: number | null;
	/** One-line notices for the header (config warnings, insecure TLS). */
	readonly notices: readonly string[];
	/** The plugin types that report each kind (from the registry), for "nothing configured" lines. */
	readonly providers: Readonly<Partial<Record<EntityKind, readonly string[]>>>;
};

export const historyLength = 120;

const emptyByKind = Object.fromEntries(entityKinds.map(kind => [kind, [] as Entity[]])) as unknown as Record<EntityKind, readonly Entity[]>;

export function emptySnapshot(lab: string): Snapshot {
	return {lab, version: 0, sources: {}, entities: new Map(), byKind: emptyByKind, history: new Map(), alerts: [], restoredFrom: null, notices: [], providers: {}};
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

/** Records a successful poll: entities replaced, missing ones dropped (or kept stale when partial). */
export function applyPoll(
	snapshot: Snapshot,
	sourceId: string,
	result: {readonly entities: readonly EntityDraft[]; readonly partial?: string},
	now: number,
	latencyMs: number,
): Snapshot {
	const source = snapshot.sources[sourceId];
	if (!source) return snapshot;
	const entities = new Map(snapshot.entities);
	const history = new Map(snapshot.history);
	const changedKinds = new Set<EntityKind>();
	/** Kinds that gained or lost an entity (their order must be rebuilt, not just remapped). */
	const reshapedKinds = new Set<EntityKind>();
	const seen = new Set<string>();
	for (const draft of result.entities) {
		if (draft.source !== sourceId) continue;
		const entity = {...draft, seenAt: now} as Entity;
		seen.add(entity.id);
		if (entities.get(entity.id)?.kind !== entity.kind) reshapedKinds.add(entity.kind);
		entities.set(entity.id, entity);
		changedKinds.add(entity.kind);
		const samples = sampleMetrics(entity);
		if (samples) history.set(entity.id, pushSamples(history.get(entity.id), samples));
	}
	if (!result.partial) {
		for (const [id, entity] of snapshot.entities) {
			if (entity.source === sourceId && !seen.has(id)) {
				entities.delete(id);
				history.delete(id);
				changedKinds.add(entity.kind);
				reshapedKinds.add(entity.kind);
			}
		}
	}
	const health: SourceHealth = {
		...source,
		status: result.partial ? 'degraded' : 'ok',
		lastSuccess: now,
		downSince: null,
		lastError: result.partial ?? null,
		errorName: null,
		latencyMs: Math.round(latencyMs),
		consecutiveFailures: 0,
	};
	return {
		...snapshot,
		entities,
		history,
		byKind: regroup(snapshot.byKind, entities, changedKinds, reshapedKinds),
		sources: {...snapshot.sources, [sourceId]: health},
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

function regroup(previous: Snapshot['byKind'], entities: ReadonlyMap<string, Entity>, changed: ReadonlySet<EntityKind>, reshaped: ReadonlySet<EntityKind> = changed): Snapshot['byKind'] {
	if (changed.size === 0) return previous;
	const next = {...previous} as Record<EntityKind, Entity[]>;
	// Same members as before: the order stands, only the objects are new (no scan, no sort).
	for (const kind of changed) if (!reshaped.has(kind)) next[kind] = previous[kind].map(entity => entities.get(entity.id)!);
	const rebuilt = [...changed].filter(kind => reshaped.has(kind));
	if (rebuilt.length === 0) return next;
	for (const kind of rebuilt) next[kind] = [];
	for (const entity of entities.values()) if (reshaped.has(entity.kind)) next[entity.kind].push(entity);
	for (const kind of rebuilt) next[kind].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	return next;
}

/** Rebuilds every derived index, for a snapshot made from saved state. */
export function withEntities(snapshot: Snapshot, list: readonly Entity[]): Snapshot {
	const entities = new Map(list.map(entity => [entity.id, entity]));
	return {...snapshot, entities, byKind: regroup(emptyByKind, entities, new Set(entityKinds))};
}

function sampleMetrics(entity: Entity): Record<string, number | null> | undefined {
	const pick = (historyMetrics as Partial<Record<EntityKind, (e: never) => Record<string, number | null>>>)[entity.kind];
	return pick ? pick(entity as never) : undefined;
}

function pushSamples(previous: Readonly<Record<string, Series>> | undefined, samples: Record<string, number | null>) {
	const next: Record<string, Series> = {};
	for (const [metric, value] of Object.entries(samples)) {
		const series = previous?.[metric] ?? emptySeries;
		next[metric] = value === null || !Number.isFinite(value) ? series : appendSample(series, value, historyLength);
	}
	return next;
}

/** Inverts the registry's type → kinds map into kind → types. */
export function providersOf(kindsByType: Readonly<Record<string, readonly EntityKind[]>>): Snapshot['providers'] {
	const providers: Partial<Record<EntityKind, string[]>> = {};
	for (const [type, kinds] of Object.entries(kindsByType)) for (const kind of kinds) (providers[kind] ??= []).push(type);
	return providers;
}

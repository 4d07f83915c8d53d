// A poll's store update made on the side, in steps that may yield, so that the update the readers
// see is one short link: the source's new entity layer, its history layer, what it dropped, and
// for each kind it touches, its entities sorted by id. The link replaces the source's range in
// each kind list (ids are `kind:source/local`, so one source's entities of a kind are contiguous
// in the id order) and swaps its layers in, sharing everything else: work proportional to the
// source, not the lab, and no more than an array copy per kind at the moment of the update.
// Readers see the old snapshot until the link lands, then the whole poll.
import type {Entity, EntityDraft, EntityKind} from './entities.js';
import {kindModule} from './kinds/index.js';
import {LayeredMap, layersOf} from './layered-map.js';
import type {Snapshot} from './model.js';
import {appendSample, emptySeries, historyLength, type Series} from './series.js';
import {mergeSteps, prefixRange, sortSteps} from './sort-steps.js';

/** An entity dropped by a poll: absent from a complete reply, or unseen past the expiry. */
export type RemovedEntity = {readonly id: string; readonly name: string | null; readonly reason: 'absent' | 'expired'; readonly seenAt: number};

/** What a poll returned, as the store takes it. */
export type PollInput = {readonly entities: readonly EntityDraft[]; readonly partial?: string; readonly isListComplete?: boolean};

type Rings = Readonly<Record<string, Series>>;

/** The prepared update of one source, valid while the snapshot still holds the source's `base` layers and ranges. */
export type PollLink = {
	readonly sourceId: string;
	readonly base: Snapshot;
	/** The source's entity and history layers in `base` (checked by identity when linking). */
	readonly baseLayer: ReadonlyMap<string, Entity> | undefined;
	readonly baseHistoryLayer: ReadonlyMap<string, Rings> | undefined;
	readonly own: ReadonlyMap<string, Entity>;
	readonly ownHistory: ReadonlyMap<string, Rings>;
	/** Per kind: the source's range in `base.byKind[kind]` and what replaces it (sorted by id). */
	readonly kinds: ReadonlyMap<EntityKind, {readonly range: readonly Entity[]; readonly sorted: readonly Entity[]}>;
	readonly removed: readonly RemovedEntity[];
};

/** A poll's entities (with `seenAt`) and history rings; with `link` when the fast update applies. */
export type PreparedPoll = {
	readonly entities: readonly Entity[];
	readonly history: ReadonlyMap<string, Rings>;
	readonly link?: PollLink;
};

/** Rows handled between two yields. */
const stepRows = 256;

const idOf = (entity: Entity) => entity.id;

/**
 * The steps preparing a poll's update against `base`. No link (the caller falls back to the full
 * update) when an id does not read `kind:source/…` for its own source, when the reply repeats an
 * id, or when `base`'s lists disagree with its layers.
 */
export function* prepareSteps(base: Snapshot, sourceId: string, result: PollInput, now: number, expireAfterMs = Infinity): Generator<void, PreparedPoll> {
	const entities: Entity[] = [];
	const history = new Map<string, Rings>();
	const baseLayer = base.entities instanceof LayeredMap ? (base.entities as LayeredMap<Entity>).layers.get(sourceId) : undefined;
	const previous: ReadonlyMap<string, Entity> = baseLayer ?? layersOf(base.entities, (_, entity) => entity.source).get(sourceId) ?? new Map();
	const own = new Map<string, Entity>();
	const ownHistory = new Map<string, Rings>();
	const newcomers = new Map<EntityKind, Entity[]>();
	const prefixes = new Map<EntityKind, string>();
	let isLinkable = true;
	for (let index = 0; index < result.entities.length; index++) {
		const draft = result.entities[index]!;
		if ((index & (stepRows - 1)) === stepRows - 1) yield;
		if (draft.source !== sourceId) continue;
		// `{seenAt, ...draft}`, not `{...draft, seenAt}`: on Node 20 (V8 11.3) an object spread followed
		// by a property gives every result, once optimised, a hidden class of its own (%HaveSameMap
		// differs between two guests of one poll): a map and descriptor array per entity per poll, and
		// every later read of an entity megamorphic. This form shares one map per shape, and on a
		// guest-sized draft takes half the time and a quarter of the memory there. (Object.assign onto
		// `{}` turns a 28-field guest into a dictionary.) The draft cannot set seenAt: the poll's wins.
		const entity = {seenAt: now, ...draft} as Entity & {seenAt: number};
		if (entity.seenAt !== now) entity.seenAt = now;
		entities.push(entity);
		const samples = sampleMetrics(entity);
		const rings = samples ? pushSamples(base.history.get(entity.id), samples) : undefined;
		if (rings) history.set(entity.id, rings);
		if (!isLinkable) continue;
		let prefix = prefixes.get(entity.kind);
		if (prefix === undefined) prefixes.set(entity.kind, (prefix = `${entity.kind}:${sourceId}/`));
		if (!entity.id.startsWith(prefix) || own.has(entity.id)) {
			isLinkable = false;
			continue;
		}
		own.set(entity.id, entity);
		const ring = rings ?? base.history.get(entity.id);
		if (ring) ownHistory.set(entity.id, ring);
		if (!previous.has(entity.id)) (newcomers.get(entity.kind) ?? newcomers.set(entity.kind, []).get(entity.kind)!).push(entity);
	}
	if (!isLinkable) return {entities, history};
	// The source's previous entities: kept (partial poll, not expired) or dropped.
	const removed: RemovedEntity[] = [];
	const isComplete = !result.partial || result.isListComplete === true;
	const previousCounts = new Map<EntityKind, number>();
	let step = 0;
	for (const [id, entity] of previous) {
		if ((++step & (stepRows - 1)) === 0) yield;
		previousCounts.set(entity.kind, (previousCounts.get(entity.kind) ?? 0) + 1);
		if (own.has(id)) continue;
		const reason = isComplete ? 'absent' : now - entity.seenAt > expireAfterMs ? 'expired' : undefined;
		if (reason) {
			removed.push({id, name: 'name' in entity && typeof entity.name === 'string' ? entity.name : null, reason, seenAt: entity.seenAt});
			continue;
		}
		if (!id.startsWith(`${entity.kind}:${sourceId}/`)) return {entities, history};
		own.set(id, entity);
		const ring = base.history.get(id);
		if (ring) ownHistory.set(id, ring);
	}
	// Per kind: the previous range (in id order) with each survivor's new object, merged with the newcomers sorted.
	const kinds = new Map<EntityKind, {range: readonly Entity[]; sorted: readonly Entity[]}>();
	for (const kind of new Set([...previousCounts.keys(), ...newcomers.keys()])) {
		const list = base.byKind[kind];
		const [start, end] = prefixRange(list, `${kind}:${sourceId}/`, idOf);
		const range = list.slice(start, end);
		if (range.length !== (previousCounts.get(kind) ?? 0)) return {entities, history};
		const survivors: Entity[] = [];
		for (let index = 0; index < range.length; index++) {
			if ((index & (stepRows - 1)) === stepRows - 1) yield;
			const entity = range[index]!;
			if (previous.get(entity.id) !== entity) return {entities, history};
			const next = own.get(entity.id);
			if (next) survivors.push(next);
		}
		const sorted = yield* mergeSteps(survivors, yield* sortSteps(newcomers.get(kind) ?? [], idOf), idOf);
		kinds.set(kind, {range, sorted});
	}
	const baseHistoryLayer = base.history instanceof LayeredMap ? (base.history as LayeredMap<Rings>).layers.get(sourceId) : undefined;
	return {entities, history, link: {sourceId, base, baseLayer, baseHistoryLayer, own, ownHistory, kinds, removed}};
}

/**
 * Where the link goes in `snapshot`: each kind's range [start, end) of this source, or undefined
 * when the snapshot moved away from the link's base for this source (its layers or ranges changed).
 */
function linkRanges(snapshot: Snapshot, link: PollLink): ReadonlyMap<EntityKind, readonly [number, number]> | undefined {
	const {sourceId, base} = link;
	// The source's layers must be the ones prepared against (none both times: its first poll; the
	// range checks below then see that no entity of it came meanwhile).
	const isSameLayer = <V>(map: ReadonlyMap<string, V>, baseMap: ReadonlyMap<string, V>, layer: ReadonlyMap<string, V> | undefined) =>
		map === baseMap || (map instanceof LayeredMap && (baseMap instanceof LayeredMap || layer !== undefined) && (map as LayeredMap<V>).layers.get(sourceId) === layer);
	if (!isSameLayer(snapshot.entities, base.entities, link.baseLayer) || !isSameLayer(snapshot.history, base.history, link.baseHistoryLayer)) return undefined;
	const ranges = new Map<EntityKind, readonly [number, number]>();
	for (const [kind, {range}] of link.kinds) {
		const list = snapshot.byKind[kind];
		const [start, end] = prefixRange(list, `${kind}:${sourceId}/`, idOf);
		if (list !== base.byKind[kind]) {
			// Another source's poll landed meanwhile: this source's range must be the one prepared against.
			if (end - start !== range.length) return undefined;
			for (let index = 0; index < range.length; index++) if (list[start + index] !== range[index]) return undefined;
		}
		ranges.set(kind, [start, end]);
	}
	return ranges;
}

/** Whether the link still applies to `snapshot` (pointer checks; the range compare only when a kind list changed). */
export function isLinkCurrent(snapshot: Snapshot, link: PollLink): boolean {
	return linkRanges(snapshot, link) !== undefined;
}

/** The link applied to `snapshot`: the new entities, history and kind lists; undefined when it no longer applies. */
export function applyLink(snapshot: Snapshot, link: PollLink): {readonly entities: LayeredMap<Entity>; readonly history: LayeredMap<Rings>; readonly byKind: Snapshot['byKind']} | undefined {
	const ranges = linkRanges(snapshot, link);
	if (!ranges) return undefined;
	const byKind = {...snapshot.byKind} as Record<EntityKind, readonly Entity[]>;
	for (const [kind, [start, end]] of ranges) {
		const list = snapshot.byKind[kind];
		byKind[kind] = list.slice(0, start).concat(link.kinds.get(kind)!.sorted, list.slice(end));
	}
	const entityLayers = layersOf(snapshot.entities, (_, entity) => entity.source);
	const historyLayers = layersOf(snapshot.history, id => snapshot.entities.get(id)?.source ?? '');
	return {
		entities: new LayeredMap(new Map(entityLayers).set(link.sourceId, link.own)),
		history: new LayeredMap(new Map(historyLayers).set(link.sourceId, link.ownHistory)),
		byKind,
	};
}

/** The entity's history metrics, from its kind module. */
function sampleMetrics(entity: Entity): Readonly<Record<string, number | null>> | undefined {
	return kindModule(entity.kind)?.history?.(entity as never);
}

/** Each metric's ring with this poll's sample appended (a null or non-finite sample leaves it as it was). */
export function pushSamples(previous: Rings | undefined, samples: Readonly<Record<string, number | null>>): Rings {
	const next: Record<string, Series> = {};
	for (const [metric, value] of Object.entries(samples)) {
		const series = previous?.[metric] ?? emptySeries;
		next[metric] = value === null || !Number.isFinite(value) ? series : appendSample(series, value, historyLength);
	}
	return next;
}

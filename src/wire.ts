// The wire protocol between `labdeck serve` and the consoles and one-shots that attach to it:
// newline-delimited JSON frames, each carrying the protocol version `v`. Pure: types, the codec
// and the snapshot delta; no I/O. A peer of another version is answered with an error frame
// naming both versions and the connection is closed (the client then polls by itself).
import type {Alert} from './alerts.js';
import type {Entity} from './entities.js';
import type {Incident} from './model.js';
import type {ActionOutcome} from './plugin-api.js';
import {emptySnapshot, historyLength, withEntities, type Snapshot, type SourceHealth} from './store.js';
import {seriesOf, seriesValues, type Series} from './series.js';
import type {TimelineEvent} from './timeline.js';

/** 2: incidents, the timeline and the source-health sparkline travel too. */
export const wireVersion = 2;

/** A frame longer than this is malformed (a full demo-lab snapshot is ≈ 200 KiB). */
export const maxFrameBytes = 16 * 1024 * 1024;

export type ClientRole = 'console' | 'query';

/** The part of a snapshot that travels: what changed since the last frame (everything in the first). */
export type SnapshotDelta = {
	readonly lab: string;
	readonly isFull: boolean;
	readonly sources: Readonly<Record<string, SourceHealth>>;
	readonly upserts: readonly Entity[];
	readonly removed: readonly string[];
	/** Full sample rings of the upserted entities. */
	readonly history: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
	readonly alerts: readonly Alert[];
	/** Open incidents, worst first (always sent: they are few). */
	readonly incidents: readonly Incident[];
	/** The timeline's newest events, newest first; absent when unchanged since the last frame. */
	readonly timeline?: readonly TimelineEvent[];
	readonly notices: readonly string[];
	readonly restoredFrom: number | null;
};

export type ClientFrame =
	| {
			readonly v: number;
			readonly type: 'hello';
			readonly role: ClientRole;
			/** The client's config file; a TCP client sends null (the service does not compare it). */
			readonly configPath: string | null;
			/** TCP: the service's token. */
			readonly token?: string;
			/** Unix socket: the nonce of a proof file the client made before connecting (saves the challenge). */
			readonly proof?: string;
			/** TCP: the name the client declares (its login); audited as `declared:NAME@ADDRESS`. */
			readonly operator?: string;
	  }
	| {readonly v: number; readonly type: 'proof'; readonly nonce: string}
	| {
			readonly v: number;
			readonly type: 'execute';
			readonly id: number;
			readonly actionId: string;
			readonly targetIds: readonly string[];
			readonly params: Readonly<Record<string, string>>;
			readonly confirmation: {readonly isConfirmed: boolean; readonly typed?: string};
			readonly origin: 'console' | 'cli';
			readonly noWait?: boolean;
			/** The client runs with --readonly: the service refuses (and audits) anything above `read`. */
			readonly isReadonly?: boolean;
	  };

export type ServerFrame =
	| {readonly v: number; readonly type: 'challenge'; readonly nonce: string; readonly dir: string}
	| {readonly v: number; readonly type: 'welcome'; readonly lab: string; readonly configPath: string | null; readonly isReadonly: boolean; readonly operator: string; readonly pid: number}
	| {readonly v: number; readonly type: 'snapshot'; readonly delta: SnapshotDelta}
	| {readonly v: number; readonly type: 'progress'; readonly id: number; readonly line: string}
	| {readonly v: number; readonly type: 'outcome'; readonly id: number; readonly outcome: ActionOutcome}
	| {readonly v: number; readonly type: 'error'; readonly id?: number; readonly code: WireErrorCode; readonly message: string; readonly errorName?: string; readonly reason?: string};

export type WireErrorCode = 'version' | 'malformed' | 'config' | 'auth' | 'refused' | 'failed';

export function encodeFrame(frame: ClientFrame | ServerFrame): string {
	return `${JSON.stringify(frame)}\n`;
}

export class WireError extends Error {
	override readonly name = 'WireError';
}

const clientTypes = new Set(['hello', 'proof', 'execute']);

/** Parses one line from a client; throws WireError with a one-line reason. Version is checked by the caller (to answer with both versions). */
export function decodeClientFrame(line: string): ClientFrame {
	const value = parseObject(line);
	if (typeof value.type !== 'string' || !clientTypes.has(value.type)) throw new WireError(`unknown frame type ${JSON.stringify(value.type)}`);
	if (value.type === 'hello') {
		if (value.role !== 'console' && value.role !== 'query') throw new WireError('hello: role must be "console" or "query"');
		if (value.configPath !== null && typeof value.configPath !== 'string') throw new WireError('hello: configPath must be a string or null');
		if (value.token !== undefined && typeof value.token !== 'string') throw new WireError('hello: token must be a string');
		if (value.proof !== undefined && (typeof value.proof !== 'string' || !/^[0-9a-f]{36}$/.test(value.proof))) throw new WireError('hello: proof must be 36 lower-case hex digits');
		if (value.operator !== undefined && (typeof value.operator !== 'string' || !/^[A-Za-z0-9._-]{1,32}$/.test(value.operator))) throw new WireError('hello: operator must be 1 to 32 letters, digits, ".", "_" or "-"');
	} else if (value.type === 'proof') {
		if (typeof value.nonce !== 'string') throw new WireError('proof: nonce must be a string');
	} else {
		if (typeof value.id !== 'number' || typeof value.actionId !== 'string') throw new WireError('execute: id (number) and actionId (string) are required');
		if (!Array.isArray(value.targetIds) || !value.targetIds.every(id => typeof id === 'string')) throw new WireError('execute: targetIds must be an array of strings');
		const params = value.params as Record<string, unknown> | undefined;
		if (typeof params !== 'object' || params === null || Object.values(params).some(param => typeof param !== 'string')) throw new WireError('execute: params must be an object of strings');
		const confirmation = value.confirmation as Record<string, unknown> | undefined;
		if (typeof confirmation !== 'object' || confirmation === null || typeof confirmation.isConfirmed !== 'boolean') throw new WireError('execute: confirmation.isConfirmed (boolean) is required');
		if (value.origin !== 'console' && value.origin !== 'cli') throw new WireError('execute: origin must be "console" or "cli"');
	}
	return value as ClientFrame;
}

/** Parses one line from the service (trusted peer, but still checked for shape). */
export function decodeServerFrame(line: string): ServerFrame {
	const value = parseObject(line);
	if (typeof value.type !== 'string') throw new WireError('frame without a type');
	return value as ServerFrame;
}

function parseObject(line: string): Record<string, unknown> & {v: unknown} {
	if (line.length > maxFrameBytes) throw new WireError(`frame over ${maxFrameBytes} bytes`);
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		throw new WireError(`not JSON: ${JSON.stringify(line.slice(0, 40))}`);
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WireError('a frame must be a JSON object');
	const record = value as Record<string, unknown>;
	if (typeof record.v !== 'number') throw new WireError('frame without a protocol version "v"');
	return record as Record<string, unknown> & {v: unknown};
}

/**
 * What changed from `previous` (null: everything) to `next`. Entities compare by identity (the store
 * never mutates). Maps are read through the ReadonlyMap interface only (a LayeredMap serialises too).
 */
export function diffSnapshot(previous: Snapshot | null, next: Snapshot): SnapshotDelta {
	const upserts: Entity[] = [];
	const history: Record<string, Record<string, readonly number[]>> = {};
	for (const [id, entity] of next.entities) {
		if (previous?.entities.get(id) === entity) continue;
		upserts.push(entity);
		const rings = next.history.get(id);
		if (rings) history[id] = Object.fromEntries(Object.entries(rings).map(([metric, series]) => [metric, [...seriesValues(series)]]));
	}
	const removed = previous ? [...previous.entities.keys()].filter(id => !next.entities.has(id)) : [];
	const timeline = next.timeline !== undefined && next.timeline !== previous?.timeline ? {timeline: next.timeline} : {};
	return {lab: next.lab, isFull: previous === null, sources: wireSources(next.sources), upserts, removed, history, alerts: next.alerts, incidents: next.incidents, ...timeline, notices: next.notices, restoredFrom: next.restoredFrom};
}

/** Source health as it travels: a latency ring holds only its own window (its buffer may be shared and longer). */
function wireSources(sources: Readonly<Record<string, SourceHealth>>): Record<string, SourceHealth> {
	const out: Record<string, SourceHealth> = {};
	for (const [id, health] of Object.entries(sources)) {
		out[id] = health.latencyHistory ? {...health, latencyHistory: seriesOf(seriesValues(health.latencyHistory), historyLength)} : health;
	}
	return out;
}

/** Applies a delta to a client's snapshot (a full delta replaces every entity). */
export function applyDelta(current: Snapshot | null, delta: SnapshotDelta): Snapshot {
	const base = current ?? emptySnapshot(delta.lab);
	const entities = new Map(delta.isFull ? [] : base.entities);
	const history = new Map<string, Readonly<Record<string, Series>>>(delta.isFull ? [] : base.history);
	for (const id of delta.removed) {
		entities.delete(id);
		history.delete(id);
	}
	for (const entity of delta.upserts) entities.set(entity.id, entity);
	for (const [id, rings] of Object.entries(delta.history)) {
		history.set(id, Object.fromEntries(Object.entries(rings).map(([metric, values]) => [metric, seriesOf(values, historyLength)])));
	}
	const timeline = delta.timeline ?? base.timeline;
	const snapshot = withEntities(
		{...base, lab: delta.lab, sources: delta.sources, alerts: delta.alerts, incidents: delta.incidents ?? [], ...(timeline === undefined ? {} : {timeline}), notices: delta.notices, restoredFrom: delta.restoredFrom},
		[...entities.values()],
	);
	return {...snapshot, history};
}

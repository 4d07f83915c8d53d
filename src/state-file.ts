// The last-known snapshot on disk, so that labdeck started in the middle of an outage shows the
// lab at once, marked with its age. Written atomically (temp file, fsync, rename); a corrupt or
// foreign file is ignored with a warning, never trusted and never fatal.
import {closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync} from 'node:fs';
import {createHash} from 'node:crypto';
import path from 'node:path';
import {entityKinds, type Entity} from './entities.js';
import {emptySnapshot, historyLength, withEntities, type Snapshot, type SourceHealth} from './store.js';
import {seriesOf, seriesValues, type Series} from './series.js';

const stateSchema = 'labdeck-state/1';

/**
 * Entities are saved in the shape of the labdeck that wrote them; another version may read fields
 * that are not there, so its state is not restored (the sources repoll within seconds).
 */
export const entityFormat = '2026-12-02-b';

type StateFile = {
	schema: string;
	entityFormat: string;
	savedAt: number;
	lab: string;
	sources: Record<string, Pick<SourceHealth, 'lastSuccess' | 'lastError' | 'latencyMs'>>;
	entities: Entity[];
	history: Record<string, Record<string, number[]>>;
};

/** One state file per config file, so two labs never mix. */
export function stateFilePath(dir: string, configPath: string | null): string {
	const key = createHash('sha256').update(configPath ?? 'local-only').digest('hex').slice(0, 12);
	return path.join(dir, `state-${key}.json`);
}

/** The state file's bound, bytes: beyond it history goes first, then the longest-unseen entities. */
export const maxStateBytes = 16 * 1024 * 1024;

export type SaveResult = {
	readonly bytes: number;
	/** Set when the snapshot was cut to fit the bound: one line saying what was left out. */
	readonly notice?: string;
};

export function saveState(file: string, snapshot: Snapshot, now: number = Date.now(), options: {readonly maxBytes?: number} = {}): SaveResult {
	const maxBytes = options.maxBytes ?? maxStateBytes;
	const sources = Object.fromEntries(Object.values(snapshot.sources).map(source => [source.id, {lastSuccess: source.lastSuccess, lastError: source.lastError, latencyMs: source.latencyMs}]));
	let entities = [...snapshot.entities.values()];
	let history: StateFile['history'] = Object.fromEntries([...snapshot.history].map(([id, rings]) => [id, Object.fromEntries(Object.entries(rings).map(([metric, series]) => [metric, [...seriesValues(series)]]))]));
	const serialize = () => JSON.stringify({schema: stateSchema, entityFormat, savedAt: now, lab: snapshot.lab, sources, entities, history} satisfies StateFile);
	let text = serialize();
	let notice: string | undefined;
	if (Buffer.byteLength(text) > maxBytes) {
		// History is the least useful: the sources refill it within minutes.
		history = {};
		text = serialize();
		if (Buffer.byteLength(text) > maxBytes) {
			const total = entities.length;
			// Freshest first: the entities seen longest ago are the least useful.
			const byFreshness = [...entities].sort((a, b) => b.seenAt - a.seenAt);
			let keep = total;
			while (keep > 0 && Buffer.byteLength(text) > maxBytes) {
				keep = Math.floor(keep * Math.min(0.95, maxBytes / Buffer.byteLength(text)));
				entities = byFreshness.slice(0, keep);
				text = serialize();
			}
			notice = `state file ${file}: over its ${maxBytes}-byte bound; saved without history and with the ${keep} most recently seen of ${total} entities`;
		} else {
			notice = `state file ${file}: over its ${maxBytes}-byte bound; saved without history`;
		}
	}
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const temporary = `${file}.${process.pid}.tmp`;
	const fd = openSync(temporary, 'w', 0o600);
	try {
		writeSync(fd, text);
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
	renameSync(temporary, file);
	removeStaleTemporaries(file);
	return notice ? {bytes: Buffer.byteLength(text), notice} : {bytes: Buffer.byteLength(text)};
}

export type Restored = {readonly snapshot: Snapshot; readonly warning: string | undefined};

/** Loads saved state into `base` (which already lists the configured sources). */
export function loadState(file: string, base: Snapshot): Restored {
	removeStaleTemporaries(file);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch {
		return {snapshot: base, warning: undefined};
	}
	try {
		const data = JSON.parse(text) as Partial<StateFile>;
		if (data.schema !== stateSchema || typeof data.savedAt !== 'number' || !Array.isArray(data.entities)) throw new Error('not a labdeck state file');
		if (data.entityFormat !== entityFormat) return {snapshot: base, warning: `state file ${file} was written by another labdeck version: starting without the last-known state`};
		const known = new Set(Object.keys(base.sources));
		const entities = data.entities.filter(entity => isEntityLike(entity) && known.has(entity.source));
		let snapshot = withEntities(base, entities);
		const sources = {...snapshot.sources};
		for (const [id, saved] of Object.entries(data.sources ?? {})) {
			const source = sources[id];
			if (source && source.status !== 'disabled') sources[id] = {...source, lastSuccess: typeof saved.lastSuccess === 'number' ? saved.lastSuccess : null, lastError: typeof saved.lastError === 'string' ? saved.lastError : null};
		}
		const history = new Map<string, Record<string, Series>>();
		for (const [id, rings] of Object.entries(data.history ?? {})) {
			if (!snapshot.entities.has(id) || typeof rings !== 'object' || rings === null) continue;
			const series: Record<string, Series> = {};
			for (const [metric, values] of Object.entries(rings)) if (Array.isArray(values) && values.every(value => typeof value === 'number')) series[metric] = seriesOf(values, historyLength);
			history.set(id, series);
		}
		snapshot = {...snapshot, sources, history, restoredFrom: data.savedAt};
		return {snapshot, warning: undefined};
	} catch (error) {
		return {snapshot: base, warning: `state file ${file} ignored: ${error instanceof Error ? error.message : String(error)}`};
	}
}

/** Temp files left by a writer that died mid-write (`kill -9`): removed when their process is gone. */
export function removeStaleTemporaries(file: string): void {
	const prefix = `${path.basename(file)}.`;
	let names: string[];
	try {
		names = readdirSync(path.dirname(file));
	} catch {
		return;
	}
	for (const name of names) {
		const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length, -'.tmp'.length)) : Number.NaN;
		if (!Number.isInteger(pid) || pid <= 0 || isAlive(pid)) continue;
		try {
			unlinkSync(path.join(path.dirname(file), name));
		} catch {}
	}
}

function isAlive(pid: number): boolean {
	if (pid === process.pid) return true;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function isEntityLike(value: unknown): value is Entity {
	const entity = value as Partial<Entity> | null;
	return typeof entity === 'object' && entity !== null && typeof entity.id === 'string' && typeof entity.source === 'string' && typeof entity.seenAt === 'number' && (entityKinds as readonly string[]).includes(entity.kind as string);
}

export {emptySnapshot};

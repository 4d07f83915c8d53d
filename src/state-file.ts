// The last-known snapshot on disk, so that labdeck started in the middle of an outage shows the
// lab at once, marked with its age. Written atomically (temp file, fsync, rename); a corrupt or
// foreign file is ignored with a warning, never trusted and never fatal.
import {closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {mkdir, open, rename} from 'node:fs/promises';
import path from 'node:path';
import {entityKinds, type Entity} from './entities.js';
import {emptySnapshot, historyLength, withEntities, type Snapshot, type SourceHealth} from './store.js';
import {seriesOf, seriesValues, type Series} from './series.js';
import {runSteps, runStepsNow} from './slices.js';
import {sortStepsBy} from './sort-steps.js';

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
	const {text, bytes, notice} = runStepsNow(stateTextSteps(file, snapshot, now, options.maxBytes ?? maxStateBytes));
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
	return notice ? {bytes, notice} : {bytes};
}

/**
 * saveState for a running lab: the text made in slices that yield (100,000 guests serialise for
 * ≈ 300 ms, more when over the bound) and written without blocking. One at a time per file.
 */
export async function saveStateInSlices(file: string, snapshot: Snapshot, now: number = Date.now(), options: {readonly maxBytes?: number; readonly signal?: AbortSignal} = {}): Promise<SaveResult> {
	const {text, bytes, notice} = await runSteps(stateTextSteps(file, snapshot, now, options.maxBytes ?? maxStateBytes), options.signal);
	await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
	const temporary = `${file}.${process.pid}.tmp`;
	const handle = await open(temporary, 'w', 0o600);
	try {
		await handle.writeFile(text);
		await handle.sync();
	} finally {
		await handle.close();
	}
	await rename(temporary, file);
	removeStaleTemporaries(file);
	return notice ? {bytes, notice} : {bytes};
}

type Part = {readonly json: string; readonly bytes: number; readonly seenAt: number};

/**
 * The state file's text, as JSON.stringify of a StateFile would write it, with each entity and
 * ring serialised once: over the bound, history goes first, then the entities seen longest ago
 * (the freshest that fit are kept), without serialising the whole lab again for each try.
 */
function* stateTextSteps(file: string, snapshot: Snapshot, now: number, maxBytes: number): Generator<void, {text: string; bytes: number; notice?: string}> {
	const sources = Object.fromEntries(Object.values(snapshot.sources).map(source => [source.id, {lastSuccess: source.lastSuccess, lastError: source.lastError, latencyMs: source.latencyMs}]));
	const head = `${JSON.stringify({schema: stateSchema, entityFormat, savedAt: now, lab: snapshot.lab, sources}).slice(0, -1)},"entities":[`;
	let step = 0;
	const entities: Part[] = [];
	for (const entity of snapshot.entities.values()) {
		const json = JSON.stringify(entity);
		entities.push({json, bytes: Buffer.byteLength(json), seenAt: entity.seenAt});
		if ((++step & 127) === 0) yield;
	}
	const history: Part[] = [];
	for (const [id, rings] of snapshot.history) {
		const json = `${JSON.stringify(id)}:${JSON.stringify(Object.fromEntries(Object.entries(rings).map(([metric, series]) => [metric, [...seriesValues(series)]])))}`;
		history.push({json, bytes: Buffer.byteLength(json), seenAt: 0});
		if ((++step & 127) === 0) yield;
	}
	const sizeOf = (parts: readonly Part[]) => parts.reduce((sum, part) => sum + part.bytes, Math.max(0, parts.length - 1));
	const textOf = (kept: readonly Part[], rings: readonly Part[]) => `${head}${kept.map(part => part.json).join(',')}],"history":{${rings.map(part => part.json).join(',')}}}`;
	const fixed = Buffer.byteLength(head) + '],"history":{}}'.length;
	const entityBytes = sizeOf(entities);
	if (fixed + entityBytes + sizeOf(history) <= maxBytes) {
		const text = textOf(entities, history);
		return {text, bytes: Buffer.byteLength(text)};
	}
	// History is the least useful: the sources refill it within minutes.
	if (fixed + entityBytes <= maxBytes) {
		const text = textOf(entities, []);
		return {text, bytes: Buffer.byteLength(text), notice: `state file ${file}: over its ${maxBytes}-byte bound; saved without history`};
	}
	// Freshest first: the entities seen longest ago are the least useful.
	const byFreshness = yield* sortStepsBy(entities, (a, b) => b.seenAt - a.seenAt);
	let keep = 0;
	let bytes = fixed;
	for (const part of byFreshness) {
		const more = part.bytes + (keep === 0 ? 0 : 1);
		if (bytes + more > maxBytes) break;
		bytes += more;
		keep++;
	}
	const text = textOf(byFreshness.slice(0, keep), []);
	return {text, bytes: Buffer.byteLength(text), notice: `state file ${file}: over its ${maxBytes}-byte bound; saved without history and with the ${keep} most recently seen of ${entities.length} entities`};
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

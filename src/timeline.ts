// The timeline: what happened in the lab, across sources and restarts. An append-only log of
// typed events (JSON lines) in the state directory, one per config, so a console opened in the
// middle of an outage reads what happened before it started. Bounded: the live file is rotated to
// `.1` when it reaches half the bound, and the older `.1` is dropped, so both together never pass
// `maxBytes`. A line cut by a crash is skipped on read and never glued to the next one.
import {appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync} from 'node:fs';
import {createHash} from 'node:crypto';
import path from 'node:path';
import {oneLine} from './errors.js';

/**
 * What happened. The source and entity events are recorded by the poller, transitions by the lab
 * (src/transitions.ts), actions by the lab as the action layer audits them; the alert and incident
 * types by the alert and incident engines.
 */
export type TimelineEventType =
	| 'source.down'
	| 'source.up'
	| 'entity.removed'
	| 'alert.raised'
	| 'alert.escalated'
	| 'alert.cleared'
	| 'incident.opened'
	| 'incident.closed'
	| 'transition'
	| 'action'
	| 'notify';

export const timelineEventTypes: readonly TimelineEventType[] = ['source.down', 'source.up', 'entity.removed', 'alert.raised', 'alert.escalated', 'alert.cleared', 'incident.opened', 'incident.closed', 'transition', 'action', 'notify'];

export type TimelineEvent = {
	/** Epoch ms. */
	readonly at: number;
	readonly type: TimelineEventType;
	/** The source it concerns, if any. */
	readonly source?: string;
	/** The entity it concerns (`guest:pve-main/101`), if any. */
	readonly entity?: string;
	/** One line for the pane and `labdeck events`. */
	readonly message: string;
	/** Machine-readable extras (an error's class, a count); small. */
	readonly details?: Readonly<Record<string, unknown>>;
};

export type TimelineOptions = {
	/** Both files together stay under this many bytes (default 4 MiB). */
	readonly maxBytes?: number;
};

export type ReadOptions = {
	/** Only events at or after this epoch ms. */
	readonly since?: number;
	/** At most this many (the newest). */
	readonly limit?: number;
};

export const defaultTimelineBytes = 4 * 1024 * 1024;
/** One event's line at most; bigger details are dropped (the message stays). */
const maxLineBytes = 4096;

/** One timeline per config file, beside its state file. */
export function timelinePath(dir: string, configPath: string | null): string {
	const key = createHash('sha256').update(configPath ?? 'local-only').digest('hex').slice(0, 12);
	return path.join(dir, `timeline-${key}.jsonl`);
}

export class Timeline {
	readonly path: string;
	readonly #maxBytes: number;
	#size: number | undefined;
	readonly #listeners = new Set<(event: TimelineEvent) => void>();

	constructor(file: string, options: TimelineOptions = {}) {
		this.path = file;
		this.#maxBytes = Math.max(2 * maxLineBytes, options.maxBytes ?? defaultTimelineBytes);
	}

	/** Appends one event (one write with O_APPEND: two labdeck processes never interleave lines). */
	append(event: TimelineEvent): void {
		const line = serialize(event);
		const rotated = `${this.path.replace(/\.jsonl$/, '')}.1.jsonl`;
		mkdirSync(path.dirname(this.path), {recursive: true, mode: 0o700});
		let size = this.#size ?? (existsSync(this.path) ? statSync(this.path).size : 0);
		if (size + line.length > this.#maxBytes / 2) {
			renameSync(this.path, rotated);
			size = 0;
		}
		// A line cut short by a crash must not swallow this one.
		const prefix = size > 0 && this.#size === undefined && !endsWithNewline(this.path, size) ? '\n' : '';
		appendFileSync(this.path, prefix + line, {mode: 0o600});
		this.#size = size + Buffer.byteLength(prefix + line);
		for (const listener of this.#listeners) listener(event);
	}

	/** Events newest first, from both files; unreadable lines are skipped. */
	read(options: ReadOptions = {}): TimelineEvent[] {
		const since = options.since ?? -Infinity;
		const events: TimelineEvent[] = [];
		for (const file of [`${this.path.replace(/\.jsonl$/, '')}.1.jsonl`, this.path]) {
			let text: string;
			try {
				text = readFileSync(file, 'utf8');
			} catch {
				continue;
			}
			for (const line of text.split('\n')) {
				const event = parseLine(line);
				if (event && event.at >= since) events.push(event);
			}
		}
		// Stable: events of the same millisecond keep their order of writing, reversed.
		const newestFirst = events.map((event, index) => ({event, index})).sort((a, b) => b.event.at - a.event.at || b.index - a.index).map(item => item.event);
		return options.limit === undefined ? newestFirst : newestFirst.slice(0, options.limit);
	}

	/**
	 * The newest `limit` events, newest first, reading only the end of the files (a console's
	 * start must not parse megabytes of history it does not show).
	 */
	readRecent(limit: number): TimelineEvent[] {
		const events: TimelineEvent[] = [];
		for (const file of [this.path, `${this.path.replace(/\.jsonl$/, '')}.1.jsonl`]) {
			const lines = tailLines(file, limit - events.length);
			for (let index = lines.length - 1; index >= 0 && events.length < limit; index--) {
				const event = parseLine(lines[index]!);
				if (event) events.push(event);
			}
			if (events.length >= limit) break;
		}
		return events.sort((a, b) => b.at - a.at);
	}

	/** Called after each append by this process (the console's timeline pane). */
	subscribe(listener: (event: TimelineEvent) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
}

/** At least `count` whole lines from the end of a file (fewer when it has fewer), oldest first. */
function tailLines(file: string, count: number): string[] {
	if (count <= 0) return [];
	let fd: number;
	try {
		fd = openSync(file, 'r');
	} catch {
		return [];
	}
	try {
		const size = fstatSync(fd).size;
		let bytes = Math.min(size, Math.max(64 * 1024, count * 512));
		for (;;) {
			const buffer = Buffer.alloc(bytes);
			const read = readSync(fd, buffer, 0, bytes, size - bytes);
			const lines = buffer.subarray(0, read).toString('utf8').split('\n');
			// The first piece is a whole line only when the read began at the start of the file.
			if (bytes < size) lines.shift();
			const whole = lines.filter(line => line.trim() !== '');
			if (whole.length >= count || bytes >= size) return whole;
			bytes = Math.min(size, bytes * 4);
		}
	} finally {
		closeSync(fd);
	}
}

function serialize(event: TimelineEvent): string {
	const clean: TimelineEvent = {...event, message: oneLine(event.message)};
	let line = `${JSON.stringify(clean)}\n`;
	if (Buffer.byteLength(line) > maxLineBytes) {
		const {details: _dropped, ...rest} = clean;
		line = `${JSON.stringify({...rest, details: {isTruncated: true}})}\n`;
	}
	return line;
}

function endsWithNewline(file: string, size: number): boolean {
	let fd: number | undefined;
	try {
		fd = openSync(file, 'r');
		const last = Buffer.alloc(1);
		return readSync(fd, last, 0, 1, size - 1) === 0 || last[0] === 0x0a;
	} catch {
		return true;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

function parseLine(line: string): TimelineEvent | undefined {
	if (line.trim() === '') return undefined;
	try {
		const value = JSON.parse(line) as Partial<TimelineEvent> | null;
		if (typeof value !== 'object' || value === null) return undefined;
		if (typeof value.at !== 'number' || typeof value.message !== 'string' || !timelineEventTypes.includes(value.type as TimelineEventType)) return undefined;
		return value as TimelineEvent;
	} catch {
		return undefined;
	}
}

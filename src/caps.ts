// Bounded work per poll: every source has caps on the size of one reply, the rows in it and the
// length of one string, set in its block (`caps`) with defaults that fit a large lab. A reply over
// a cap fails that poll with one line naming the cap and its value; the source goes down and its
// previous entities stay (stale). Transports enforce `replyBytes` where the bytes arrive; parsers
// check `rows` before the work starts; the poller checks every result against all three.
import type {EntityDraft} from './entities.js';
import {DeviceReplyError} from './errors.js';
import {yieldToLoop} from './slices.js';

export type CapName = 'replyBytes' | 'rows' | 'stringLength';

export type SourceCaps = {
	/** Bytes of one reply (an HTTP body, a command's output, a protocol exchange). */
	readonly replyBytes: number;
	/** Rows of one reply (guests, processes, lines, table rows) and entities of one poll. */
	readonly rows: number;
	/** Characters of one string in an entity (a name, a description, a mount point). */
	readonly stringLength: number;
};

export const defaultCaps: SourceCaps = {replyBytes: 64 * 1024 * 1024, rows: 200_000, stringLength: 4096};

/** The config's `caps` block (validated by the base schema) over the defaults. */
export function capsOf(config: {readonly caps?: Partial<SourceCaps> | undefined}): SourceCaps {
	return {...defaultCaps, ...config.caps};
}

/** The one-line error of a reply over a cap. */
export function capExceeded(context: {readonly source: string; readonly operation: string}, cap: CapName, limit: number, found?: number | string): DeviceReplyError {
	const unit = cap === 'replyBytes' ? ' bytes' : cap === 'rows' ? ' rows' : ' characters';
	const seen = found === undefined ? '' : ` (got ${found})`;
	return new DeviceReplyError(context, `reply exceeds the ${cap} cap of ${limit}${unit}${seen}: raise caps.${cap} in the source block if this is expected`);
}

/** Throws when `count` rows are over the cap. */
export function checkRows(context: {readonly source: string; readonly operation: string}, caps: SourceCaps, count: number): void {
	if (count > caps.rows) throw capExceeded(context, 'rows', caps.rows, count);
}

/**
 * Checks a poll's entities against the row and string caps, yielding to the event loop every few
 * milliseconds so that a huge result never freezes the console.
 */
export async function checkEntityCaps(source: string, caps: SourceCaps, entities: readonly EntityDraft[], signal?: AbortSignal): Promise<void> {
	const context = {source, operation: 'poll'};
	checkRows(context, caps, entities.length);
	let sliceStart = performance.now();
	for (let index = 0; index < entities.length; index++) {
		const long = longString(entities[index], caps.stringLength, 0);
		if (long !== undefined) throw capExceeded(context, 'stringLength', caps.stringLength, `${long.length} in ${entities[index]!.id}`);
		if ((index & 255) === 255 && performance.now() - sliceStart > 8) {
			await yieldToLoop(signal);
			sliceStart = performance.now();
		}
	}
}

function longString(value: unknown, max: number, depth: number): string | undefined {
	if (typeof value === 'string') return value.length > max ? value : undefined;
	if (depth > 4 || typeof value !== 'object' || value === null) return undefined;
	for (const inner of Array.isArray(value) ? value : Object.values(value)) {
		const found = longString(inner, max, depth + 1);
		if (found !== undefined) return found;
	}
	return undefined;
}

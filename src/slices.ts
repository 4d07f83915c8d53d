// Long work in slices: a loop over a large reply hands the event loop back every few milliseconds,
// so keys, frames and other sources' timers run while one source parses 100,000 rows.
import {setImmediate as immediate} from 'node:timers/promises';

/** Lets pending I/O and timers run; rejects with the signal's reason once it is aborted. */
export async function yieldToLoop(signal?: AbortSignal): Promise<void> {
	await immediate(undefined, signal ? {signal} : undefined).catch((error: unknown) => {
		throw signal?.reason ?? error;
	});
	signal?.throwIfAborted();
}

/** Slice length, ms: well under one frame (33 ms) so a key press is drawn in time. */
export const sliceMs = 8;

/** Maps `items` through `each`, yielding to the event loop every `sliceMs`. */
export async function mapInSlices<T, R>(items: readonly T[], each: (item: T, index: number) => R, signal?: AbortSignal): Promise<R[]> {
	const out: R[] = [];
	let sliceStart = performance.now();
	for (let index = 0; index < items.length; index++) {
		out.push(each(items[index]!, index));
		if ((index & 127) === 127 && performance.now() - sliceStart > sliceMs) {
			await yieldToLoop(signal);
			sliceStart = performance.now();
		}
	}
	return out;
}

/** Replies below this size are parsed in one go (a few ms at most). */
export const sliceThresholdBytes = 1024 * 1024;

/**
 * JSON.parse for a large reply of the common shape `{"data": [ {…}, {…}, … ]}` (or a bare array):
 * the array's items are found by a scanner and parsed one slice at a time, handing the event loop
 * back every few ms, so a 50 MB reply never blocks the console for its whole parse. Any other
 * shape, or a small text, goes through JSON.parse at once. Throws SyntaxError like JSON.parse.
 */
export async function parseJsonInSlices(text: string, signal?: AbortSignal): Promise<unknown> {
	if (text.length < sliceThresholdBytes) return JSON.parse(text);
	const open = findArrayStart(text);
	if (open === undefined) return JSON.parse(text);
	const items: unknown[] = [];
	let index = open.index + 1;
	let sliceStart = performance.now();
	for (;;) {
		index = skipSpace(text, index);
		if (text[index] === ']') break;
		const end = valueEnd(text, index);
		items.push(JSON.parse(text.slice(index, end)));
		index = skipSpace(text, end);
		if (text[index] === ',') index++;
		else if (text[index] !== ']') throw new SyntaxError(`Unexpected character at position ${index} in JSON`);
		if (performance.now() - sliceStart > sliceMs) {
			await yieldToLoop(signal);
			sliceStart = performance.now();
		}
	}
	// Whatever surrounds the array ({"data": …} and its siblings) is parsed with a stand-in.
	const rest = `${text.slice(0, open.index)}null${text.slice(index + 1)}`;
	const outer = JSON.parse(rest) as unknown;
	if (open.key === undefined) return items;
	(outer as Record<string, unknown>)[open.key] = items;
	return outer;
}

/** `[` at the top (a bare array) or as the value of a top-level key that comes first. */
function findArrayStart(text: string): {index: number; key: string | undefined} | undefined {
	let index = skipSpace(text, 0);
	if (text[index] === '[') return {index, key: undefined};
	if (text[index] !== '{') return undefined;
	index = skipSpace(text, index + 1);
	if (text[index] !== '"') return undefined;
	const keyEnd = valueEnd(text, index);
	const key = JSON.parse(text.slice(index, keyEnd)) as string;
	index = skipSpace(text, keyEnd);
	if (text[index] !== ':') return undefined;
	index = skipSpace(text, index + 1);
	return text[index] === '[' ? {index, key} : undefined;
}

function skipSpace(text: string, index: number): number {
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
		index++;
	}
	return index;
}

/** The index just past the JSON value starting at `index` (strings, nesting); JSON.parse checks the rest. */
function valueEnd(text: string, index: number): number {
	const first = text.charCodeAt(index);
	if (first === 0x22) return stringEnd(text, index);
	if (first !== 0x7b && first !== 0x5b) {
		let end = index;
		while (end < text.length && !',]}'.includes(text[end]!) && skipSpace(text, end) === end) end++;
		if (end === index) throw new SyntaxError(`Unexpected end of JSON input at position ${index}`);
		return end;
	}
	let depth = 0;
	for (let at = index; at < text.length; at++) {
		const code = text.charCodeAt(at);
		if (code === 0x22) at = stringEnd(text, at) - 1;
		else if (code === 0x7b || code === 0x5b) depth++;
		else if (code === 0x7d || code === 0x5d) {
			depth--;
			if (depth === 0) return at + 1;
		}
	}
	throw new SyntaxError('Unexpected end of JSON input');
}

function stringEnd(text: string, index: number): number {
	for (let at = index + 1; at < text.length; at++) {
		const code = text.charCodeAt(at);
		if (code === 0x5c) at++;
		else if (code === 0x22) return at + 1;
	}
	throw new SyntaxError('Unterminated string in JSON');
}

/**
 * Runs a generator of work steps (each `yield` marks a point where it may pause) to its end,
 * handing the event loop back whenever a slice has run `sliceMs`: the async twin of `runStepsNow`.
 */
export async function runSteps<R>(steps: Generator<void, R>, signal?: AbortSignal): Promise<R> {
	let sliceStart = performance.now();
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
		if (performance.now() - sliceStart > sliceMs) {
			await yieldToLoop(signal);
			sliceStart = performance.now();
		}
	}
}

/** Runs a generator of work steps to its end at once (small inputs, tests, one-shots). */
export function runStepsNow<R>(steps: Generator<void, R>): R {
	for (;;) {
		const step = steps.next();
		if (step.done) return step.value;
	}
}

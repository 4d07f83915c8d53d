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

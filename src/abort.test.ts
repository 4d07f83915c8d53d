// The abortable wait and race: a wait ends after its time, an abort ends it at once with the
// signal's reason (and clears its timer), and an already-aborted signal rejects before waiting.
import {describe, expect, it} from 'vitest';
import {abortable, delay} from './abort.js';

describe('delay', () => {
	it('resolves after its time', async () => {
		const started = performance.now();
		await delay(30, new AbortController().signal);
		expect(performance.now() - started).toBeGreaterThanOrEqual(25);
	});

	it('rejects with the reason as soon as the signal aborts', async () => {
		const controller = new AbortController();
		const reason = new Error('stop now');
		const started = performance.now();
		const waiting = delay(60_000, controller.signal);
		queueMicrotask(() => controller.abort(reason));
		await expect(waiting).rejects.toBe(reason);
		expect(performance.now() - started).toBeLessThan(5000);
	});

	it('rejects at once on a signal already aborted', async () => {
		const reason = new Error('gone');
		await expect(delay(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
	});
});

describe('abortable', () => {
	it('settles like the promise when the signal stays quiet', async () => {
		await expect(abortable(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
	});

	it('stops waiting for a promise that never settles when the signal aborts', async () => {
		const controller = new AbortController();
		const waiting = abortable(new Promise(() => {}), controller.signal);
		controller.abort(new Error('timeout'));
		await expect(waiting).rejects.toThrow('timeout');
	});
});

// What the sources pane reads from the store about the poller: when each source is polled next,
// its backoff while failing, and the latency history of its successful polls.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {PluginInstance} from './plugin-api.js';
import {Poller} from './poller.js';
import {seriesValues} from './series.js';
import {emptySnapshot, setSources, Store, type SourceHealth} from './store.js';
import {hostDraft} from '../test/support/entities.js';

const health = (id: string): SourceHealth => ({id, type: 'test', name: id, status: 'pending', interval: 2, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});

describe('poller schedule in the store', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('writes the next poll time, the backoff while failing, and resets both on success', async () => {
		const store = new Store(setSources(emptySnapshot('lab'), [health('a')]));
		let isFailing = true;
		const instance: PluginInstance = {poll: async () => {
			if (isFailing) throw new Error('connect ECONNREFUSED 127.0.0.1:1');
			return {entities: [hostDraft('a', 'h')]};
		}};
		const poller = new Poller(store, [{id: 'a', interval: 2, timeout: 1, instance}], {maxBackoff: 60});
		const source = () => store.getSnapshot().sources['a']!;
		poller.start();
		await vi.advanceTimersByTimeAsync(0);
		// First failure: retry after one interval; then 2×, 4×…
		expect(source()).toMatchObject({status: 'down', consecutiveFailures: 1, backoffSec: 2, nextPollAt: Date.now() + 2000});
		await vi.advanceTimersByTimeAsync(2000);
		expect(source()).toMatchObject({consecutiveFailures: 2, backoffSec: 4, nextPollAt: Date.now() + 4000});
		await vi.advanceTimersByTimeAsync(4000);
		expect(source()).toMatchObject({consecutiveFailures: 3, backoffSec: 8});
		isFailing = false;
		await vi.advanceTimersByTimeAsync(8000);
		expect(source()).toMatchObject({status: 'ok', consecutiveFailures: 0, backoffSec: 0, nextPollAt: Date.now() + 2000});
		await vi.advanceTimersByTimeAsync(2000);
		expect(seriesValues(source().latencyHistory)).toHaveLength(2);
		poller.stop();
	});

	it('a one-shot round schedules nothing', async () => {
		const store = new Store(setSources(emptySnapshot('lab'), [health('a')]));
		await new Poller(store, [{id: 'a', interval: 2, timeout: 1, instance: {poll: async () => ({entities: []})}}]).pollOnce();
		expect(store.getSnapshot().sources['a']!.nextPollAt).toBeUndefined();
		expect(seriesValues(store.getSnapshot().sources['a']!.latencyHistory)).toHaveLength(1);
	});
});

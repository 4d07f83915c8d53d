import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import type {PluginInstance, PollResult} from './plugin-api.js';
import {Poller} from './poller.js';
import {emptySnapshot, setSources, Store, type SourceHealth} from './store.js';
import {guestDraft, hostDraft} from '../test/support/entities.js';
import type {TimelineEvent} from './timeline.js';
import {defaultCaps} from './caps.js';

const health = (id: string, interval = 5): SourceHealth => ({id, type: 'test', name: id, status: 'pending', interval, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});

function storeFor(...ids: string[]) {
	return new Store(setSources(emptySnapshot('lab'), ids.map(id => health(id))));
}

/** A source whose polls are counted and resolved by the test. */
function controlled(id: string) {
	const calls: {resolve: (result: PollResult) => void; reject: (error: unknown) => void; signal: AbortSignal}[] = [];
	const instance: PluginInstance = {
		poll: async signal => new Promise<PollResult>((resolve, reject) => calls.push({resolve, reject, signal})),
	};
	return {instance, calls, ok: (index: number) => calls[index]!.resolve({entities: [hostDraft(id, 'h')]})};
}

describe('poller', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('skips ticks while a poll is in flight (single flight)', async () => {
		const store = storeFor('a');
		const source = controlled('a');
		const poller = new Poller(store, [{id: 'a', interval: 1, timeout: 60, instance: source.instance}]);
		poller.start();
		await vi.advanceTimersByTimeAsync(10_000);
		expect(source.calls).toHaveLength(1);
		source.ok(0);
		await vi.advanceTimersByTimeAsync(1000);
		expect(source.calls).toHaveLength(2);
		poller.stop();
	});

	it('aborts a hanging poll at its timeout, marks only that source down, and never delays another', async () => {
		const store = storeFor('hang', 'fast');
		let hangSignal: AbortSignal | undefined;
		const hanging: PluginInstance = {poll: async signal => {
			hangSignal = signal;
			return new Promise<PollResult>(() => {});
		}};
		let fastPolls = 0;
		const fast: PluginInstance = {poll: async () => {
			fastPolls++;
			return {entities: [hostDraft('fast', 'h')]};
		}};
		const poller = new Poller(store, [
			{id: 'hang', interval: 1, timeout: 2, instance: hanging},
			{id: 'fast', interval: 1, timeout: 2, instance: fast},
		]);
		poller.start();
		await vi.advanceTimersByTimeAsync(1500);
		expect(fastPolls).toBe(2);
		expect(store.getSnapshot().sources.fast?.status).toBe('ok');
		expect(store.getSnapshot().sources.hang?.status).toBe('pending');
		await vi.advanceTimersByTimeAsync(600);
		expect(hangSignal?.aborted).toBe(true);
		expect(store.getSnapshot().sources.hang).toMatchObject({status: 'down', errorName: 'TimeoutError'});
		expect(store.getSnapshot().sources.hang?.lastError).toBe('hang: poll: no answer within 2 s');
		poller.stop();
	});

	it('backs off exponentially while failing, capped, and resets after a success', async () => {
		const store = storeFor('a');
		const times: number[] = [];
		let shouldFail = true;
		const instance: PluginInstance = {poll: async () => {
			times.push(Date.now());
			if (shouldFail) throw new Error('ECONNREFUSED');
			return {entities: []};
		}};
		const start = Date.now();
		const poller = new Poller(store, [{id: 'a', interval: 1, timeout: 1, instance}], {maxBackoff: 8});
		poller.start();
		await vi.advanceTimersByTimeAsync(40_000);
		const gaps = times.slice(1).map((time, index) => (time - times[index]!) / 1000);
		expect(gaps.slice(0, 5)).toEqual([1, 2, 4, 8, 8]);
		shouldFail = false;
		await vi.advanceTimersByTimeAsync(8000);
		const count = times.length;
		await vi.advanceTimersByTimeAsync(3000);
		expect(times.length - count).toBe(3);
		expect(start).toBeLessThan(Date.now());
		poller.stop();
	});

	it('caps the polls in flight across all sources', async () => {
		const sources = ['a', 'b', 'c', 'd'].map(id => ({id, ...controlled(id)}));
		const store = storeFor(...sources.map(source => source.id));
		const poller = new Poller(store, sources.map(source => ({id: source.id, interval: 60, timeout: 60, instance: source.instance})), {concurrency: 2});
		poller.start();
		await vi.advanceTimersByTimeAsync(10);
		expect(sources.map(source => source.calls.length)).toEqual([1, 1, 0, 0]);
		sources[0]!.ok(0);
		await vi.advanceTimersByTimeAsync(10);
		expect(sources.map(source => source.calls.length)).toEqual([1, 1, 1, 0]);
		poller.stop();
	});

	it('pollNow during a poll in flight runs once more after it, not twice at once', async () => {
		const store = storeFor('a');
		const source = controlled('a');
		const poller = new Poller(store, [{id: 'a', interval: 60, timeout: 60, instance: source.instance}]);
		poller.start();
		await vi.advanceTimersByTimeAsync(1);
		poller.pollNow('a');
		poller.pollNow('a');
		expect(source.calls).toHaveLength(1);
		source.ok(0);
		await vi.advanceTimersByTimeAsync(1);
		expect(source.calls).toHaveLength(2);
		poller.stop();
	});

	it('turns a garbage-throwing plugin into a one-line error on its source', async () => {
		const store = storeFor('a');
		const instance: PluginInstance = {poll: async () => {
			throw new SyntaxError('Unexpected token < in JSON\n at position 0');
		}};
		await new Poller(store, [{id: 'a', interval: 1, timeout: 1, instance}]).pollOnce();
		expect(store.getSnapshot().sources.a?.lastError).toBe('a: poll: Unexpected token < in JSON at position 0');
	});
});

describe('poller timeline events and caps', () => {
	it('records a source going down once, coming back, and the entities it dropped', async () => {
		const store = storeFor('a');
		const events: TimelineEvent[] = [];
		let reply: () => PollResult = () => ({entities: [guestDraft('a', 100, 'n1'), guestDraft('a', 101, 'n1')]});
		const instance: PluginInstance = {poll: async () => reply()};
		let now = 1_000_000;
		const poller = new Poller(store, [{id: 'a', interval: 5, timeout: 5, expireAfter: 600, instance}], {onEvent: event => events.push(event), now: () => now});
		await poller.pollOnce();
		expect(events).toEqual([]);
		reply = () => {
			throw new Error('connect ECONNREFUSED');
		};
		now += 5000;
		await poller.pollOnce();
		now += 5000;
		await poller.pollOnce();
		expect(events.map(event => event.type)).toEqual(['source.down']);
		expect(events[0]).toMatchObject({source: 'a', at: 1_005_000, message: 'a: poll: connect ECONNREFUSED'});
		reply = () => ({entities: [guestDraft('a', 100, 'n1')]});
		now += 20_000;
		await poller.pollOnce();
		expect(events.slice(1)).toEqual([
			{at: 1_030_000, type: 'source.up', source: 'a', message: 'a: answering again after 25s down', details: {downSince: 1_005_000}},
			{at: 1_030_000, type: 'entity.removed', source: 'a', entity: 'guest:a/101', message: 'vm101 removed: no longer reported', details: {reason: 'absent'}},
		]);
	});

	it('records at most a bounded number of removals one by one, then one event for the rest', async () => {
		const store = storeFor('a');
		const events: TimelineEvent[] = [];
		let count = 100;
		const instance: PluginInstance = {poll: async () => ({entities: Array.from({length: count}, (_, index) => guestDraft('a', index, 'n1'))})};
		const poller = new Poller(store, [{id: 'a', interval: 5, timeout: 5, instance}], {onEvent: event => events.push(event)});
		await poller.pollOnce();
		count = 0;
		await poller.pollOnce();
		expect(events.filter(event => event.entity !== undefined)).toHaveLength(20);
		expect(events.at(-1)).toMatchObject({type: 'entity.removed', message: 'a: 80 more entities removed (100 in all this poll)', details: {count: 80, total: 100}});
	});

	it('fails a poll over the row or string cap with a line naming it, keeps the last good data, leaves other sources alone', async () => {
		const store = storeFor('a', 'b');
		let rows = 3;
		let name = 'vm';
		const big: PluginInstance = {poll: async () => ({entities: Array.from({length: rows}, (_, index) => guestDraft('a', index, 'n1', {name}))})};
		const other: PluginInstance = {poll: async () => ({entities: [hostDraft('b', 'h')]})};
		const caps = {...defaultCaps, rows: 5, stringLength: 64};
		const poller = new Poller(store, [{id: 'a', interval: 5, timeout: 5, caps, instance: big}, {id: 'b', interval: 5, timeout: 5, instance: other}]);
		await poller.pollOnce();
		expect(store.getSnapshot().byKind.guest).toHaveLength(3);
		rows = 6;
		await poller.pollOnce();
		let snapshot = store.getSnapshot();
		expect(snapshot.sources.a).toMatchObject({status: 'down', errorName: 'DeviceReplyError', lastError: 'a: poll: reply exceeds the rows cap of 5 rows (got 6): raise caps.rows in the source block if this is expected'});
		expect(snapshot.byKind.guest).toHaveLength(3);
		expect(snapshot.sources.b?.status).toBe('ok');
		rows = 2;
		name = 'x'.repeat(65);
		await poller.pollOnce();
		snapshot = store.getSnapshot();
		expect(snapshot.sources.a?.lastError).toBe('a: poll: reply exceeds the stringLength cap of 64 characters (got 65 in guest:a/0): raise caps.stringLength in the source block if this is expected');
		expect(snapshot.byKind.guest.map(guest => guest.name)).toEqual(['vm', 'vm', 'vm']);
	});

	it('yields to the event loop while checking a huge result: a timer set during the check fires before it ends', async () => {
		const store = storeFor('a');
		const entities = Array.from({length: 200_000}, (_, index) => guestDraft('a', index, 'n1'));
		let timerFiredAt: number | undefined;
		let polledAt: number | undefined;
		const instance: PluginInstance = {poll: async () => {
			setTimeout(() => {
				timerFiredAt = performance.now();
			}, 0);
			polledAt = performance.now();
			return {entities};
		}};
		let appliedAt: number | undefined;
		store.subscribe(() => {
			appliedAt ??= performance.now();
		});
		await new Poller(store, [{id: 'a', interval: 5, timeout: 60, instance}]).pollOnce();
		expect(store.getSnapshot().byKind.guest).toHaveLength(200_000);
		expect(polledAt).toBeDefined();
		expect(timerFiredAt).toBeDefined();
		expect(timerFiredAt!).toBeLessThan(appliedAt!);
	});
});

import {describe, expect, it} from 'vitest';
import {applyFailure, applyPoll, emptySnapshot, historyLength, pollUpdate, setSources, Store, type SourceHealth} from './store.js';
import {seriesValues} from './series.js';
import {guestDraft, hostDraft} from '../test/support/entities.js';

const source = (id: string): SourceHealth => ({id, type: 'test', name: id, status: 'pending', interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});

const base = () => setSources(emptySnapshot('lab'), [source('a'), source('b')]);

describe('store', () => {
	it('records a poll: entities with seenAt, health ok, latency', () => {
		const snapshot = applyPoll(base(), 'a', {entities: [hostDraft('a', 'n1')]}, 1000, 12.4);
		expect(snapshot.entities.get('host:a/n1')?.seenAt).toBe(1000);
		expect(snapshot.sources.a).toMatchObject({status: 'ok', lastSuccess: 1000, latencyMs: 12, lastError: null});
		expect(snapshot.byKind.host.map(entity => entity.id)).toEqual(['host:a/n1']);
	});

	it('keeps a failed source’s entities with their last values and marks it down', () => {
		let snapshot = applyPoll(base(), 'a', {entities: [hostDraft('a', 'n1')]}, 1000, 5);
		snapshot = applyFailure(snapshot, 'a', 'a: poll: no answer within 5 s', 'TimeoutError', 2000);
		snapshot = applyFailure(snapshot, 'a', 'a: poll: no answer within 5 s', 'TimeoutError', 3000);
		expect(snapshot.entities.get('host:a/n1')?.seenAt).toBe(1000);
		expect(snapshot.sources.a).toMatchObject({status: 'down', downSince: 2000, consecutiveFailures: 2, errorName: 'TimeoutError'});
	});

	it('drops entities missing from a full poll, keeps them on a partial one', () => {
		let snapshot = applyPoll(base(), 'a', {entities: [guestDraft('a', 100, 'n1'), guestDraft('a', 101, 'n2')]}, 1000, 5);
		snapshot = applyPoll(snapshot, 'a', {entities: [guestDraft('a', 100, 'n1')], partial: 'node n2 offline'}, 2000, 5);
		expect(snapshot.entities.has('guest:a/101')).toBe(true);
		expect(snapshot.sources.a).toMatchObject({status: 'degraded', lastError: 'node n2 offline'});
		snapshot = applyPoll(snapshot, 'a', {entities: [guestDraft('a', 100, 'n1')]}, 3000, 5);
		expect(snapshot.entities.has('guest:a/101')).toBe(false);
	});

	it('never lets one source write or remove another source’s entities', () => {
		let snapshot = applyPoll(base(), 'b', {entities: [hostDraft('b', 'x')]}, 1000, 5);
		snapshot = applyPoll(snapshot, 'a', {entities: [hostDraft('b', 'y'), hostDraft('a', 'n1')]}, 2000, 5);
		expect([...snapshot.entities.keys()].sort()).toEqual(['host:a/n1', 'host:b/x']);
	});

	it('keeps the identity of kinds that did not change, so panes skip re-rendering', () => {
		const first = applyPoll(base(), 'a', {entities: [hostDraft('a', 'n1'), guestDraft('a', 100, 'n1')]}, 1000, 5);
		const second = applyPoll(first, 'b', {entities: [hostDraft('b', 'x')]}, 2000, 5);
		expect(second.byKind.guest).toBe(first.byKind.guest);
		expect(second.byKind.host).not.toBe(first.byKind.host);
	});

	it('keeps each kind sorted by id through value-only polls, additions and removals', () => {
		let snapshot = applyPoll(base(), 'a', {entities: [guestDraft('a', 102, 'n1'), guestDraft('a', 100, 'n1')]}, 1000, 5);
		snapshot = applyPoll(snapshot, 'a', {entities: [guestDraft('a', 100, 'n1', {cpuPercent: 50}), guestDraft('a', 102, 'n1')]}, 2000, 5);
		expect(snapshot.byKind.guest.map(entity => [entity.id, entity.seenAt])).toEqual([['guest:a/100', 2000], ['guest:a/102', 2000]]);
		expect(snapshot.byKind.guest[0]).toBe(snapshot.entities.get('guest:a/100'));
		snapshot = applyPoll(snapshot, 'a', {entities: [guestDraft('a', 102, 'n1'), guestDraft('a', 101, 'n1')]}, 3000, 5);
		expect(snapshot.byKind.guest.map(entity => entity.id)).toEqual(['guest:a/101', 'guest:a/102']);
	});

	it('keeps a bounded history ring per metric, skipping unknown values', () => {
		let snapshot = base();
		for (let index = 0; index < historyLength + 10; index++) {
			snapshot = applyPoll(snapshot, 'a', {entities: [hostDraft('a', 'n1', {cpu: {usage: index === 3 ? null : index, cores: 1, perCore: [], model: null}})]}, index, 1);
		}
		const cpu = seriesValues(snapshot.history.get('host:a/n1')?.cpu);
		expect(cpu).toHaveLength(historyLength);
		expect(cpu.at(-1)).toBe(historyLength + 9);
		expect(cpu).not.toContain(3);
	});

	it('notifies subscribers only when the snapshot changes', () => {
		const store = new Store(base());
		let calls = 0;
		const unsubscribe = store.subscribe(() => calls++);
		store.apply(snapshot => snapshot);
		store.apply(snapshot => applyPoll(snapshot, 'a', {entities: []}, 1, 1));
		unsubscribe();
		store.apply(snapshot => applyPoll(snapshot, 'a', {entities: []}, 2, 1));
		expect(calls).toBe(1);
		expect(store.getSnapshot().version).toBe(2);
	});

	describe('expiry', () => {
		const tenMinutes = 600_000;

		it('drops a guest absent from a full reply and names it with the reason', () => {
			const first = applyPoll(base(), 'a', {entities: [guestDraft('a', 100, 'n1'), guestDraft('a', 101, 'n1')]}, 1000, 5);
			const {snapshot, removed} = pollUpdate(first, 'a', {entities: [guestDraft('a', 100, 'n1')]}, 2000, 5, {expireAfterMs: tenMinutes});
			expect(snapshot.entities.has('guest:a/101')).toBe(false);
			expect(snapshot.history.has('guest:a/101')).toBe(false);
			expect(removed).toEqual([{id: 'guest:a/101', name: 'vm101', reason: 'absent', seenAt: 1000}]);
		});

		it('drops a guest unseen longer than the expiry while the source stays partial', () => {
			let snapshot = applyPoll(base(), 'a', {entities: [guestDraft('a', 100, 'n1'), guestDraft('a', 101, 'n2')]}, 0, 5);
			// n2 offline for good: each partial poll keeps 101 until it is older than the expiry.
			const partial = {entities: [guestDraft('a', 100, 'n1')], partial: 'node n2 offline'};
			let update = pollUpdate(snapshot, 'a', partial, tenMinutes, 5, {expireAfterMs: tenMinutes});
			expect(update.removed).toEqual([]);
			expect(update.snapshot.entities.has('guest:a/101')).toBe(true);
			snapshot = update.snapshot;
			update = pollUpdate(snapshot, 'a', partial, tenMinutes + 1, 5, {expireAfterMs: tenMinutes});
			expect(update.removed.map(entity => [entity.id, entity.reason])).toEqual([['guest:a/101', 'expired']]);
			expect(update.snapshot.byKind.guest.map(entity => entity.id)).toEqual(['guest:a/100']);
			expect(update.snapshot.sources.a?.status).toBe('degraded');
		});

		it('drops absent entities at once when a partial reply says its list is complete', () => {
			const first = applyPoll(base(), 'a', {entities: [guestDraft('a', 100, 'n1'), guestDraft('a', 101, 'n2')]}, 0, 5);
			const {snapshot, removed} = pollUpdate(first, 'a', {entities: [guestDraft('a', 100, 'n1')], partial: 'node n2 offline', isListComplete: true}, 1000, 5, {expireAfterMs: tenMinutes});
			expect(removed.map(entity => entity.id)).toEqual(['guest:a/101']);
			expect(snapshot.sources.a).toMatchObject({status: 'degraded', lastError: 'node n2 offline'});
		});

		it('drops 100,000 ghost guests restored from an old state once they pass the expiry', () => {
			const ghosts = Array.from({length: 100_000}, (_, index) => guestDraft('a', 1000 + index, 'n2'));
			const big = applyPoll(base(), 'a', {entities: [guestDraft('a', 100, 'n1'), ...ghosts]}, 0, 5);
			const {snapshot, removed} = pollUpdate(big, 'a', {entities: [guestDraft('a', 100, 'n1')], partial: 'node n2 offline'}, 2 * tenMinutes, 5, {expireAfterMs: tenMinutes});
			expect(removed).toHaveLength(100_000);
			expect(snapshot.entities.size).toBe(1);
			expect(snapshot.byKind.guest).toHaveLength(1);
		});

		it('never expires another source\'s entities, nor anything on a failed poll', () => {
			let snapshot = applyPoll(base(), 'b', {entities: [hostDraft('b', 'x')]}, 0, 5);
			snapshot = applyPoll(snapshot, 'a', {entities: [hostDraft('a', 'n1')]}, 0, 5);
			snapshot = applyFailure(snapshot, 'a', 'a: poll: refused', 'UnreachableError', 10 * tenMinutes);
			const {removed, snapshot: after} = pollUpdate(snapshot, 'a', {entities: [], partial: 'everything offline'}, 10 * tenMinutes, 5, {expireAfterMs: tenMinutes});
			expect(removed.map(entity => entity.id)).toEqual(['host:a/n1']);
			expect(after.entities.has('host:b/x')).toBe(true);
			expect(snapshot.entities.has('host:a/n1')).toBe(true);
		});
	});
});

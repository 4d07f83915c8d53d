// A poll's update made in slices (preparePoll) and linked at once: readers see the old snapshot
// until the link lands, then the whole poll; the link agrees with the full update, survives other
// sources' polls landing meanwhile, and gives way to the full update when its base is gone.
import {describe, expect, it} from 'vitest';
import type {Snapshot} from './model.js';
import {prepareSteps, type PollInput} from './poll-link.js';
import {runStepsNow} from './slices.js';
import {emptySnapshot, isPreparedCurrent, pollUpdate, preparePoll, setSources, Store, withEntities, type SourceHealth} from './store.js';
import {guestDraft, hostDraft} from '../test/support/entities.js';

const source = (id: string): SourceHealth => ({id, type: 'test', name: id, status: 'pending', interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});
const base = () => setSources(emptySnapshot('lab'), ['a', 'b', 'c'].map(id => source(id)));
const guests = (sourceId: string, vmids: Iterable<number>, cpu = 0) => [...vmids].map(vmid => guestDraft(sourceId, vmid, 'n1', {cpuPercent: cpu}));
const range = (from: number, to: number) => Array.from({length: to - from}, (_, index) => from + index);

/** The same poll through the full update (no link), for comparison. */
function fullUpdate(snapshot: Snapshot, sourceId: string, result: PollInput, now: number, expireAfterMs?: number) {
	const {entities, history} = runStepsNow(prepareSteps(snapshot, sourceId, result, now, expireAfterMs));
	return pollUpdate(snapshot, sourceId, result, now, 5, {prepared: {entities, history}, expireAfterMs});
}

/** What a reader can compare: each kind list's ids and objects, every entity, every history ring. */
function view(snapshot: Snapshot) {
	return {byKind: snapshot.byKind, entities: new Map(snapshot.entities), history: new Map(snapshot.history), sources: snapshot.sources};
}

describe('poll link', () => {
	it('keeps readers on the old snapshot while it prepares in slices, then lands the whole poll at once', async () => {
		const store = new Store(base());
		store.apply(s => pollUpdate(s, 'b', {entities: guests('b', range(1, 50))}, 1000, 5).snapshot);
		store.apply(s => pollUpdate(s, 'a', {entities: guests('a', range(0, 40_000))}, 1000, 5).snapshot);
		// Between slices a reader looks at the store: the snapshot it sees is the one from before.
		const before = store.getSnapshot();
		const readings: boolean[] = [];
		let isPreparing = true;
		const read = () => {
			readings.push(store.getSnapshot() === before);
			if (isPreparing) setImmediate(read);
		};
		setImmediate(read);
		const result = {entities: guests('a', range(10_000, 50_000), 7)};
		const prepared = await preparePoll(before, 'a', result, 2000);
		isPreparing = false;
		expect(prepared.link).toBeDefined();
		expect(readings.length).toBeGreaterThan(2); // it yielded to the event loop several times
		expect(readings.every(Boolean)).toBe(true);
		expect(before.byKind.guest.filter(entity => entity.source === 'a').every(entity => entity.seenAt === 1000)).toBe(true);
		let removed: readonly unknown[] = [];
		store.apply(s => {
			const update = pollUpdate(s, 'a', result, 2000, 5, {prepared});
			removed = update.removed;
			return update.snapshot;
		});
		const after = store.getSnapshot();
		const a = after.byKind.guest.filter(entity => entity.source === 'a');
		expect(a.map(entity => entity.id)).toEqual(range(10_000, 50_000).map(vmid => `guest:a/${vmid}`).sort());
		expect(new Set(a.map(entity => entity.seenAt))).toEqual(new Set([2000]));
		const bGuests = after.byKind.guest.filter(entity => entity.source === 'b');
		expect(bGuests).toHaveLength(49);
		for (const entity of bGuests) expect(entity).toBe(before.entities.get(entity.id));
		expect(removed).toHaveLength(10_000);
		expect(after.entities.size).toBe(40_049);
		expect(after.history.get('guest:a/49999')).toBeDefined();
		expect(after.history.get('guest:a/5')).toBeUndefined();
	});

	it('agrees with the full update over many polls that add, change, drop and keep stale entities', () => {
		let snapshot = base();
		let seed = 11;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
		for (let round = 0; round < 60; round++) {
			const id = ['a', 'b', 'c'][Math.floor(random() * 3)]!;
			const vmids = range(1, 400).filter(() => random() < 0.6);
			const result: PollInput = {entities: [...(random() < 0.8 ? [hostDraft(id, 'n1')] : []), ...guests(id, vmids, round)], ...(random() < 0.3 ? {partial: 'node n2 offline'} : {})};
			const now = 1000 * (round + 1);
			const fast = pollUpdate(snapshot, id, result, now, 5, {expireAfterMs: 5000});
			const full = fullUpdate(snapshot, id, result, now, 5000);
			expect(runStepsNow(prepareSteps(snapshot, id, result, now, 5000)).link).toBeDefined();
			expect(view(fast.snapshot)).toEqual(view(full.snapshot));
			expect(new Set(fast.removed.map(entity => entity.id))).toEqual(new Set(full.removed.map(entity => entity.id)));
			snapshot = fast.snapshot;
		}
	});

	it('still links after other sources’ polls land between the preparation and the update', async () => {
		let snapshot = base();
		for (const id of ['a', 'b', 'c']) snapshot = pollUpdate(snapshot, id, {entities: guests(id, range(1, 3000))}, 1000, 5).snapshot;
		const result = {entities: guests('b', range(500, 3500), 3)};
		const prepared = await preparePoll(snapshot, 'b', result, 2000);
		// Meanwhile: a drops guests, c adds some (both change the guest list around b's range).
		let moved = pollUpdate(snapshot, 'a', {entities: guests('a', range(1, 1000))}, 1500, 5).snapshot;
		moved = pollUpdate(moved, 'c', {entities: guests('c', range(1, 5000))}, 1500, 5).snapshot;
		expect(isPreparedCurrent(moved, prepared)).toBe(true);
		const linked = pollUpdate(moved, 'b', result, 2000, 5, {prepared});
		expect(view(linked.snapshot)).toEqual(view(fullUpdate(moved, 'b', result, 2000).snapshot));
		expect(linked.snapshot.byKind.guest).toEqual(withEntities(linked.snapshot, [...linked.snapshot.entities.values()]).byKind.guest);
	});

	it('links a source’s first poll while other sources’ polls land meanwhile', async () => {
		let snapshot = pollUpdate(base(), 'b', {entities: guests('b', range(1, 100))}, 1000, 5).snapshot;
		const result = {entities: guests('a', range(1, 3000))};
		const prepared = await preparePoll(snapshot, 'a', result, 2000);
		snapshot = pollUpdate(snapshot, 'b', {entities: guests('b', range(1, 120))}, 1500, 5).snapshot;
		snapshot = pollUpdate(snapshot, 'c', {entities: guests('c', range(1, 50))}, 1500, 5).snapshot;
		expect(isPreparedCurrent(snapshot, prepared)).toBe(true);
		const linked = pollUpdate(snapshot, 'a', result, 2000, 5, {prepared});
		expect(view(linked.snapshot)).toEqual(view(fullUpdate(snapshot, 'a', result, 2000).snapshot));
		expect(linked.snapshot.byKind.guest).toHaveLength(2999 + 119 + 49);
	});

	it('gives way to the full update when the source’s layer was rewritten meanwhile (a config reload)', async () => {
		let snapshot = base();
		for (const id of ['a', 'b']) snapshot = pollUpdate(snapshot, id, {entities: guests(id, range(1, 2000))}, 1000, 5).snapshot;
		const result = {entities: guests('a', range(1, 2500), 9)};
		const prepared = await preparePoll(snapshot, 'a', result, 2000);
		const reloaded = withEntities(snapshot, [...snapshot.entities.values()].filter(entity => entity.id !== 'guest:a/7'));
		expect(isPreparedCurrent(reloaded, prepared)).toBe(false);
		const update = pollUpdate(reloaded, 'a', result, 2000, 5, {prepared});
		expect(view(update.snapshot)).toEqual(view(fullUpdate(reloaded, 'a', result, 2000).snapshot));
		expect(update.snapshot.byKind.guest.filter(entity => entity.source === 'a')).toHaveLength(2499);
		// A restored snapshot has per-source layers: its first poll links.
		expect((await preparePoll(reloaded, 'a', result, 3000)).link).toBeDefined();
	});

	it('takes the full update for ids that name another source, or a reply repeating an id', () => {
		let snapshot = pollUpdate(base(), 'b', {entities: guests('b', [1, 2])}, 1000, 5).snapshot;
		const stray = {entities: [...guests('a', [1]), {...guestDraft('a', 2, 'n1'), id: 'guest:b/9'}]};
		expect(runStepsNow(prepareSteps(snapshot, 'a', stray, 2000)).link).toBeUndefined();
		snapshot = pollUpdate(snapshot, 'a', stray, 2000, 5).snapshot;
		expect(snapshot.byKind.guest.map(entity => entity.id)).toEqual(['guest:a/1', 'guest:b/1', 'guest:b/2', 'guest:b/9']);
		const repeated = {entities: guests('a', [1, 1, 3])};
		expect(runStepsNow(prepareSteps(snapshot, 'a', repeated, 3000)).link).toBeUndefined();
		expect(view(pollUpdate(snapshot, 'a', repeated, 3000, 5).snapshot)).toEqual(view(fullUpdate(snapshot, 'a', repeated, 3000).snapshot));
	});
});

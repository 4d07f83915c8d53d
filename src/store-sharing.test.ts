// A poll costs its own source, not the whole lab: the other sources' entities and list slots are
// shared as they are, and the per-source indexes handed from snapshot to snapshot stay right
// through removals, partial polls, ids that move between sources, and snapshots made elsewhere.
import {describe, expect, it} from 'vitest';
import type {Snapshot} from './model.js';
import {applyPoll, emptySnapshot, setSources, withEntities, type SourceHealth} from './store.js';
import {guestDraft} from '../test/support/entities.js';

const source = (id: string): SourceHealth => ({id, type: 'test', name: id, status: 'pending', interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});
const sources = ['a', 'b', 'c'];
const base = () => setSources(emptySnapshot('lab'), sources.map(id => source(id)));
const guests = (sourceId: string, vmids: readonly number[], cpu = 0) => vmids.map(vmid => guestDraft(sourceId, vmid, 'n1', {cpuPercent: cpu}));
const ids = (snapshot: Snapshot) => snapshot.byKind.guest.map(entity => entity.id);

/** The byKind lists a full rebuild would make: the incremental ones must match them. */
const rebuilt = (snapshot: Snapshot) => withEntities(snapshot, [...snapshot.entities.values()]).byKind.guest;

describe('store: a poll touches only its own source', () => {
	it('keeps every other source’s entity objects and list slots, and replaces the polled source’s', () => {
		let snapshot = base();
		for (const id of sources) snapshot = applyPoll(snapshot, id, {entities: guests(id, [1, 2, 3])}, 1000, 5);
		const before = snapshot;
		const after = applyPoll(before, 'b', {entities: guests('b', [1, 2, 3], 50)}, 2000, 5);
		for (const entity of after.byKind.guest) {
			const previous = before.entities.get(entity.id)!;
			if (entity.source === 'b') {
				expect(entity).not.toBe(previous);
				expect(entity).toMatchObject({cpuPercent: 50, seenAt: 2000});
			} else expect(entity).toBe(previous);
		}
		expect(ids(after)).toEqual(ids(before));
		expect(after.byKind.guest).toEqual(rebuilt(after));
		expect(after.byKind.host).toBe(before.byKind.host);
	});

	it('drops only the polled source’s absent entities, across a chain of snapshots', () => {
		let snapshot = base();
		for (const id of sources) snapshot = applyPoll(snapshot, id, {entities: guests(id, [1, 2, 3])}, 1000, 5);
		snapshot = applyPoll(snapshot, 'a', {entities: guests('a', [1, 3])}, 2000, 5);
		snapshot = applyPoll(snapshot, 'c', {entities: guests('c', [1, 2, 3])}, 2000, 5);
		snapshot = applyPoll(snapshot, 'a', {entities: guests('a', [3])}, 3000, 5);
		expect(ids(snapshot)).toEqual(['guest:a/3', 'guest:b/1', 'guest:b/2', 'guest:b/3', 'guest:c/1', 'guest:c/2', 'guest:c/3']);
		expect(snapshot.byKind.guest).toEqual(rebuilt(snapshot));
		// A guest that comes back after being dropped is added again, in order.
		snapshot = applyPoll(snapshot, 'a', {entities: guests('a', [1, 3])}, 4000, 5);
		expect(ids(snapshot).slice(0, 2)).toEqual(['guest:a/1', 'guest:a/3']);
		expect(snapshot.byKind.guest).toEqual(rebuilt(snapshot));
	});

	it('keeps a partial poll’s unseen entities, then drops them on the next complete poll', () => {
		let snapshot = applyPoll(base(), 'a', {entities: guests('a', [1, 2])}, 1000, 5);
		snapshot = applyPoll(snapshot, 'a', {entities: guests('a', [1]), partial: 'node n2 offline'}, 2000, 5);
		snapshot = applyPoll(snapshot, 'a', {entities: guests('a', [1]), partial: 'node n2 offline'}, 3000, 5);
		expect(snapshot.entities.get('guest:a/2')?.seenAt).toBe(1000);
		snapshot = applyPoll(snapshot, 'a', {entities: guests('a', [1])}, 4000, 5);
		expect(snapshot.entities.has('guest:a/2')).toBe(false);
		expect(ids(snapshot)).toEqual(['guest:a/1']);
	});

	it('works on a snapshot made elsewhere (restored state), building its indexes once', () => {
		let snapshot = base();
		for (const id of sources) snapshot = applyPoll(snapshot, id, {entities: guests(id, [1, 2])}, 1000, 5);
		const restored = withEntities(snapshot, [...snapshot.entities.values()].reverse());
		const after = applyPoll(restored, 'a', {entities: guests('a', [2], 9)}, 2000, 5);
		expect(ids(after)).toEqual(['guest:a/2', 'guest:b/1', 'guest:b/2', 'guest:c/1', 'guest:c/2']);
		expect(after.entities.get('guest:b/1')).toBe(restored.entities.get('guest:b/1'));
		expect(after.byKind.guest).toEqual(rebuilt(after));
	});

	it('agrees with a full rebuild after many polls that add, change and drop entities', () => {
		let snapshot = base();
		for (let round = 0; round < 30; round++) {
			const id = sources[round % sources.length]!;
			const vmids = [1, 2, 3, 4, 5, 6].filter(vmid => (vmid * 7 + round) % 4 !== 0);
			snapshot = applyPoll(snapshot, id, {entities: guests(id, vmids, round)}, 1000 + round, 5);
			expect(snapshot.byKind.guest).toEqual(rebuilt(snapshot));
			expect(ids(snapshot).filter(entity => entity.startsWith(`guest:${id}/`))).toEqual(vmids.map(vmid => `guest:${id}/${vmid}`));
		}
	});
});

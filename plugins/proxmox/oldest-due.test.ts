// The configs fetched per poll: the oldest due guests picked in one pass agree with a full sort.
import {describe, expect, it} from 'vitest';
import {oldestDue} from './source.js';

/** What the plugin did before: filter, stable sort by age, take the first `count`. */
function bySort(guests: readonly number[], fetched: ReadonlyMap<number, number>, now: number, ttl: number, count: number): number[] {
	return guests
		.filter(vmid => now - (fetched.get(vmid) ?? -Infinity) >= ttl)
		.sort((a, b) => (fetched.get(a) ?? -1) - (fetched.get(b) ?? -1))
		.slice(0, count);
}

describe('proxmox: oldest configs due', () => {
	it('picks what a full sort picks, in the same order, ties in reply order', () => {
		let seed = 7;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
		for (let round = 0; round < 200; round++) {
			const guests = Array.from({length: Math.floor(random() * 300)}, (_, index) => 100 + index);
			const fetched = new Map<number, number>();
			for (const vmid of guests) if (random() < 0.7) fetched.set(vmid, Math.floor(random() * 20) * 1000);
			const count = Math.floor(random() * 60);
			const got = oldestDue(guests, vmid => fetched.get(vmid), 30_000, 15_000, count);
			expect(got).toEqual(bySort(guests, fetched, 30_000, 15_000, count));
		}
	});

	it('takes none when the count is 0 and none that are fresh', () => {
		expect(oldestDue([1, 2], () => undefined, 0, 10, 0)).toEqual([]);
		expect(oldestDue([1, 2], () => 95, 100, 10, 5)).toEqual([]);
	});
});

import {describe, expect, it} from 'vitest';
import {runStepsNow} from './slices.js';
import {mergeSteps, prefixRange, sortSteps} from './sort-steps.js';

const key = (item: {readonly id: string}) => item.id;
const compare = (a: {readonly id: string}, b: {readonly id: string}) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe('sort and merge in steps', () => {
	it('sorts like Array.prototype.sort (stable), in steps that yield', () => {
		let seed = 3;
		const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
		for (const length of [0, 1, 511, 512, 513, 3000]) {
			const items = Array.from({length}, (_, index) => ({id: `guest:s/${Math.floor(random() * 1000)}`, index}));
			const steps = sortSteps(items, key);
			let yields = 0;
			let step = steps.next();
			for (; !step.done; step = steps.next()) yields++;
			expect(step.value).toEqual([...items].sort(compare));
			if (length > 1024) expect(yields).toBeGreaterThan(4);
		}
	});

	it('merges two sorted lists, left first on ties', () => {
		const left = [{id: 'a', side: 'l'}, {id: 'c', side: 'l'}];
		const right = [{id: 'b', side: 'r'}, {id: 'c', side: 'r'}, {id: 'd', side: 'r'}];
		expect(runStepsNow(mergeSteps(left, right, key))).toEqual([left[0], right[0], left[1], right[1], right[2]]);
	});

	it('finds the contiguous range of one prefix', () => {
		const list = ['guest:a/1', 'guest:a/2', 'guest:ab/1', 'guest:b/1', 'guest:b/2', 'guest:c/1'].map(id => ({id}));
		expect(prefixRange(list, 'guest:a/', key)).toEqual([0, 2]);
		expect(prefixRange(list, 'guest:b/', key)).toEqual([3, 5]);
		expect(prefixRange(list, 'guest:bb/', key)).toEqual([5, 5]);
		expect(prefixRange(list, 'guest:z/', key)).toEqual([6, 6]);
		expect(prefixRange([], 'guest:a/', key)).toEqual([0, 0]);
	});
});

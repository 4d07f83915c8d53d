import {describe, expect, it} from 'vitest';
import {appendSample, emptySeries, seriesOf, seriesValues} from './series.js';

describe('series', () => {
	it('keeps the last capacity samples', () => {
		let series = emptySeries;
		for (let value = 1; value <= 10; value++) series = appendSample(series, value, 4);
		expect(seriesValues(series)).toEqual([7, 8, 9, 10]);
	});

	it('older windows keep what they saw when a newer one appends', () => {
		const base = seriesOf([1, 2, 3], 5);
		const next = appendSample(base, 4, 5);
		expect(seriesValues(base)).toEqual([1, 2, 3]);
		expect(seriesValues(next)).toEqual([1, 2, 3, 4]);
		const branch = appendSample(base, 99, 5);
		expect(seriesValues(branch)).toEqual([1, 2, 3, 99]);
		expect(seriesValues(next)).toEqual([1, 2, 3, 4]);
		expect(seriesValues(appendSample(next, 5, 5))).toEqual([1, 2, 3, 4, 5]);
	});

	it('compacts its buffer so memory stays bounded', () => {
		let series = emptySeries;
		for (let value = 0; value < 1000; value++) series = appendSample(series, value, 10);
		expect(series.buffer.length).toBeLessThanOrEqual(40);
		expect(seriesValues(series)).toEqual([990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
	});
});

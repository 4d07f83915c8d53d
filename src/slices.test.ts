import {describe, expect, it} from 'vitest';
import {mapInSlices, parseJsonInSlices, sliceThresholdBytes} from './slices.js';

const big = (rows: number) => ({
	data: Array.from({length: rows}, (_, index) => ({
		id: `qemu/${index}`,
		name: index % 3 === 0 ? `vm "quoted" ]}[{ \\ ${index}` : `vm-${index}`,
		cpu: index / 7,
		tags: index % 5 === 0 ? null : ['a', {nested: [1, 2, {deep: true}]}],
		unicode: 'é✓\u2028',
	})),
	total: rows,
});

describe('parseJsonInSlices', () => {
	it('gives what JSON.parse gives for a large {"data": [...]} reply, a bare array and a small text', async () => {
		const value = big(20_000);
		const text = JSON.stringify(value);
		expect(text.length).toBeGreaterThan(sliceThresholdBytes);
		expect(await parseJsonInSlices(text)).toEqual(value);
		const pretty = JSON.stringify(value.data, null, 2);
		expect(await parseJsonInSlices(pretty)).toEqual(value.data);
		expect(await parseJsonInSlices('{"data": [1, 2]}')).toEqual({data: [1, 2]});
		const otherShape = JSON.stringify({total: 1, data: value.data});
		expect(await parseJsonInSlices(otherShape)).toEqual({total: 1, data: value.data});
		expect(await parseJsonInSlices(JSON.stringify({data: [...value.data, 'tail', 3, false, null]}))).toEqual({data: [...value.data, 'tail', 3, false, null]});
	});

	it('throws SyntaxError on a truncated or garbled large reply, like JSON.parse', async () => {
		const text = JSON.stringify(big(20_000));
		await expect(parseJsonInSlices(text.slice(0, text.length - 1000))).rejects.toBeInstanceOf(SyntaxError);
		await expect(parseJsonInSlices(text.replace('"id":"qemu/19000"', '"id":qemu/19000"'))).rejects.toBeInstanceOf(SyntaxError);
		await expect(parseJsonInSlices(`${text}x`)).rejects.toBeInstanceOf(SyntaxError);
	});

	it('yields to the event loop: a timer set when the parse starts fires before it ends', async () => {
		const text = JSON.stringify(big(100_000));
		let hasFired = false;
		setTimeout(() => {
			hasFired = true;
		}, 0);
		const parsed = parseJsonInSlices(text).then(value => ({value, hasFiredBefore: hasFired}));
		const {value, hasFiredBefore} = await parsed;
		expect((value as {data: unknown[]}).data).toHaveLength(100_000);
		expect(hasFiredBefore).toBe(true);
	});

	it('stops at an aborted signal with its reason', async () => {
		const controller = new AbortController();
		const reason = new Error('poll timed out');
		setTimeout(() => controller.abort(reason), 0);
		await expect(parseJsonInSlices(JSON.stringify(big(100_000)), controller.signal)).rejects.toBe(reason);
	});
});

describe('mapInSlices', () => {
	it('maps in order and lets a timer run before it ends', async () => {
		let hasFired = false;
		setTimeout(() => {
			hasFired = true;
		}, 0);
		const items = Array.from({length: 300_000}, (_, index) => index);
		const doubled = await mapInSlices(items, item => JSON.parse(JSON.stringify({item: item * 2})) as {item: number});
		expect(hasFired).toBe(true);
		expect(doubled[299_999]).toEqual({item: 599_998});
	});
});

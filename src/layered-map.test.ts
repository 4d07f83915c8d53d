import {describe, expect, it} from 'vitest';
import {LayeredMap, layersOf} from './layered-map.js';

const map = () =>
	new LayeredMap<number>(
		new Map([
			['a', new Map([['guest:a/1', 1], ['guest:a/2', 2]])],
			['b', new Map([['host:b/x', 3], ['odd-id', 4]])],
		]),
	);

describe('LayeredMap', () => {
	it('reads keys from their own layer and, for ids of another shape or layer, from any layer', () => {
		const layered = map();
		expect(layered.get('guest:a/2')).toBe(2);
		expect(layered.get('odd-id')).toBe(4);
		expect(layered.has('host:b/x')).toBe(true);
		expect(layered.get('guest:b/1')).toBeUndefined();
		expect(layered.has('guest:c/1')).toBe(false);
	});

	it('iterates layer by layer with the size of all of them, like a Map', () => {
		const layered = map();
		expect(layered.size).toBe(4);
		expect([...layered.keys()]).toEqual(['guest:a/1', 'guest:a/2', 'host:b/x', 'odd-id']);
		expect([...layered.values()]).toEqual([1, 2, 3, 4]);
		expect(new Map(layered)).toEqual(new Map([['guest:a/1', 1], ['guest:a/2', 2], ['host:b/x', 3], ['odd-id', 4]]));
		const seen: string[] = [];
		layered.forEach((value, key) => seen.push(`${key}=${value}`));
		expect(seen).toEqual(['guest:a/1=1', 'guest:a/2=2', 'host:b/x=3', 'odd-id=4']);
	});

	it('hands on its own layers, and groups a plain map by the given layer name', () => {
		const layered = map();
		expect(layersOf(layered, () => 'x')).toBe(layered.layers);
		const grouped = layersOf(new Map([['guest:a/1', 1], ['host:b/x', 2], ['guest:a/2', 3]]), key => key.split(/[:/]/)[1]!);
		expect([...grouped.keys()]).toEqual(['a', 'b']);
		expect([...grouped.get('a')!.keys()]).toEqual(['guest:a/1', 'guest:a/2']);
	});
});

import {describe, expect, it} from 'vitest';
import type {Device, Topology} from '../src/topology.js';
import {buildElevation, drawColumn, drawUnracked, fitSegments, rackSegments} from './rack-elevation.js';
import {topology} from './test-fixtures/lab.js';

const device = (id: string, u: number | undefined, height = 1, rack: string | undefined = 'r'): Device => ({id, name: id, rack, u, height, power: [], entities: []});
const text = (lines: ReturnType<typeof drawColumn>) => lines.map(line => line.runs.map(run => run.text).join(''));

describe('rack elevation', () => {
	it('lays a rack out top U first, devices over their U range, empty runs between', () => {
		const segments = rackSegments(10, [device('a', 1), device('b', 4, 3), device('c', 10)]);
		expect(segments.map(s => (s.kind === 'empty' ? `${s.from}-${s.to}` : `${s.device.id}@${s.bottom}-${s.top}`))).toEqual(['c@10-10', '7-9', 'b@4-6', '2-3', 'a@1-1']);
	});

	it('overlapping devices follow each other instead of vanishing', () => {
		const segments = rackSegments(6, [device('a', 2, 2), device('b', 3)]);
		expect(segments.filter(s => s.kind === 'device').map(s => (s.kind === 'device' ? s.device.id : ''))).toEqual(['b', 'a']);
	});

	it('folds the longest empty runs first, then tall devices, and says how many devices it could not show', () => {
		const segments = rackSegments(42, [device('a', 1), device('b', 20, 4), device('c', 40)]);
		const lines = (budget: number) => fitSegments(segments, budget);
		expect(lines(42).segments.every(s => !s.isFolded)).toBe(true);
		const short = lines(30).segments;
		expect(short.filter(s => s.isFolded).map(s => (s.kind === 'empty' ? `${s.from}-${s.to}` : s.device.id))).toEqual(['2-19']);
		const shorter = lines(8).segments;
		expect(shorter.filter(s => s.kind === 'device' && s.isFolded).map(s => (s.kind === 'device' ? s.device.id : ''))).toEqual(['b']);
		expect(lines(2)).toMatchObject({hidden: 2});
	});

	it('draws blocks, empty slots and folded runs at the rack width', () => {
		const elevation = buildElevation(topology, 1, 30);
		const lines = text(drawColumn(elevation.columns[0]!, 36, () => 'up', 'gpu-box-1'));
		expect(lines[0]).toBe('main · 42U');
		expect(lines).toContain('›33 ┌ ● gpu-box-1               up ┐');
		expect(lines).toContain('›30 └──────────────────────────────┘');
		expect(lines).toContain('    … U4–U19 empty');
		expect(lines).toContain('  1 [ ● pdu-a                   up ]');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(36);
		expect(lines.length).toBeLessThanOrEqual(30 - 2);
	});

	it('lists devices without a rack or a U below, and racks named only by a device', () => {
		const lab: Topology = {racks: [], devices: [device('a', 3, 1, 'side'), {...device('loose', undefined), rack: undefined}, device('nou', undefined)]};
		const elevation = buildElevation(lab, 2, 20);
		expect(elevation.columns.map(column => `${column.rack.id}:${column.height}`)).toEqual(['side:3', 'r:1']);
		expect(text(drawUnracked(elevation, 36, () => 'down', 'loose')).map(line => line.trimEnd())).toEqual(['not in a rack (2)', '›  ■ loose                     down', '   ■ nou (r, no U)             down']);
	});
});

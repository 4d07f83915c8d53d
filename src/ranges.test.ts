// Plausible ranges at the poll edge: src/ranges.ts over crafted drafts, the kind modules' ranges,
// and the poller clearing an out-of-range value with a note on the source.
import {describe, expect, it} from 'vitest';
import type {EntityDraft} from './entities.js';
import {entityKinds} from './entities.js';
import {kindModule} from './kinds/index.js';
import type {NumericRange} from './kinds/kind-module.js';
import {Poller} from './poller.js';
import {applyRanges, describeRange, rangeNote} from './ranges.js';
import {emptySnapshot, setSources, Store} from './store.js';
import {guestDraft, hostDraft} from '../test/support/entities.js';

const testRanges: Record<string, readonly NumericRange[]> = {
	host: [
		{path: 'cpu.usage', min: 0, max: 100},
		{path: 'temperatures[].celsius', min: -50, max: 150},
		{path: 'filesystems[].usedBytes', min: 0, max: 2 ** 60},
		{path: 'uptimeSec', min: 0, max: 10_000},
		{path: 'no.such[].path', min: 0, max: 1},
	],
};
const rangesOf = (kind: string) => testRanges[kind];

describe('applyRanges', () => {
	it('clears values outside the range, in nested paths and arrays, and counts them', () => {
		const host = hostDraft('s', 'h', {
			cpu: {usage: -300, cores: 4, perCore: [], model: null},
			temperatures: [{label: 'a', celsius: 40}, {label: 'b', celsius: 1e308}, {label: 'c', celsius: Number.NaN}],
			filesystems: [{mount: '/', fsType: 'ext4', sizeBytes: 10, usedBytes: -1}],
		});
		const result = applyRanges([host], rangesOf);
		const out = result.entities[0] as Extract<EntityDraft, {kind: 'host'}>;
		expect(result.cleared).toBe(4);
		expect(out.cpu.usage).toBeNull();
		expect(out.cpu.cores).toBe(4);
		expect(out.temperatures.map(t => t.celsius)).toEqual([40, null, null]);
		expect(out.temperatures[0]).toBe(host.temperatures[0]);
		expect(out.filesystems[0]!.usedBytes).toBeNull();
		expect(out.filesystems[0]!.sizeBytes).toBe(10);
		expect(result.first).toMatchObject({entityId: host.id, path: 'cpu.usage', value: -300});
		// The draft handed in is never changed.
		expect(host.cpu.usage).toBe(-300);
		expect(rangeNote(result)).toBe(`4 values out of range cleared: ${host.id} cpu.usage = -300 (plausible 0…100%)`);
	});

	it('keeps the boundaries and clears Infinity; leaves nulls, absent paths and untouched drafts as they were', () => {
		const edge = hostDraft('s', 'edge', {cpu: {usage: 100, cores: 1, perCore: [], model: null}, uptimeSec: 0, temperatures: [{label: 'x', celsius: -50}, {label: 'y', celsius: 150}]});
		const nulls = hostDraft('s', 'nulls', {cpu: {usage: null, cores: null, perCore: [], model: null}, uptimeSec: null});
		const guest = guestDraft('s', 101, 'n', {cpuPercent: 1e308});
		const drafts = [edge, nulls, guest];
		const clean = applyRanges(drafts, rangesOf);
		expect(clean.cleared).toBe(0);
		expect(clean.entities).toBe(drafts);
		expect(rangeNote(clean)).toBeNull();
		const over = applyRanges([hostDraft('s', 'inf', {uptimeSec: Number.POSITIVE_INFINITY, cpu: {usage: 100.0001, cores: 1, perCore: [], model: null}})], rangesOf);
		expect(over.cleared).toBe(2);
		expect(rangeNote(over)).toBe('2 values out of range cleared: host:s/inf cpu.usage = 100.0001 (plausible 0…100%)');
		const one = applyRanges([hostDraft('s', 'one', {temperatures: [{label: 'x', celsius: 1e308}]})], rangesOf);
		expect(rangeNote(one)).toBe('1 value out of range cleared: host:s/one temperatures[0].celsius = 1e+308 (plausible −50…150 °C)');
	});

	it('names the first offending entity across several drafts', () => {
		const result = applyRanges([hostDraft('s', 'ok'), hostDraft('s', 'bad', {uptimeSec: -1}), hostDraft('s', 'worse', {uptimeSec: -2})], rangesOf);
		expect(result.cleared).toBe(2);
		expect(result.first?.entityId).toBe('host:s/bad');
	});

	it('describes ranges with their units', () => {
		expect(describeRange({path: 'temperature.celsius', min: -50, max: 150})).toBe('−50…150 °C');
		expect(describeRange({path: 'memory.usedBytes', min: 0, max: 2 ** 60})).toBe('0…2^60 B');
		expect(describeRange({path: 'power.drawWatts', min: 0, max: 100_000})).toBe('0…100000 W');
		expect(describeRange({path: 'currentRuns', min: 0, max: 5})).toBe('0…5');
	});
});

describe('kind modules', () => {
	it('every kind has plausible ranges, each with min < max', () => {
		for (const kind of entityKinds) {
			const ranges = kindModule(kind)?.ranges ?? [];
			expect(ranges.length, kind).toBeGreaterThan(0);
			for (const range of ranges) expect(range.min, `${kind} ${range.path}`).toBeLessThan(range.max);
		}
	});

	it('the GPU kind clears nvidia’s 1e308 C and the host kind a negative percentage', () => {
		const host = hostDraft('s', 'h', {cpu: {usage: -300, cores: 4, perCore: [], model: null}, memory: {totalBytes: 8, usedBytes: -1}});
		const result = applyRanges([host], kind => kindModule(kind)?.ranges);
		expect(result.cleared).toBe(2);
		const out = result.entities[0] as Extract<EntityDraft, {kind: 'host'}>;
		expect(out.cpu.usage).toBeNull();
		expect(out.memory).toEqual({totalBytes: 8, usedBytes: null});
	});
});

describe('the poller applies ranges', () => {
	it('stores an out-of-range value as null, keeps the source ok and notes it once per poll', async () => {
		const source = {id: 's', type: 't', name: 's', status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
		const store = new Store(setSources(emptySnapshot('t'), [source]));
		let cpu = -300;
		const instance = {poll: async () => ({entities: [guestDraft('s', 101, 'n', {cpuPercent: cpu, uptimeSec: -5})]})};
		const poller = new Poller(store, [{id: 's', interval: 5, timeout: 2, instance}]);
		await poller.pollOnce();
		let snapshot = store.getSnapshot();
		const guest = snapshot.entities.get('guest:s/101');
		expect(guest?.kind === 'guest' ? guest.cpuPercent : 'missing').toBeNull();
		expect(guest?.kind === 'guest' ? guest.uptimeSec : 'missing').toBeNull();
		expect(snapshot.sources.s?.status).toBe('ok');
		expect(snapshot.sources.s?.lastError).toBeNull();
		expect(snapshot.sources.s?.note).toBe('2 values out of range cleared: guest:s/101 cpuPercent = -300 (plausible 0…100%)');
		cpu = 42;
		await poller.pollOnce();
		snapshot = store.getSnapshot();
		const again = snapshot.entities.get('guest:s/101');
		expect(again?.kind === 'guest' ? again.cpuPercent : 'missing').toBe(42);
		expect(snapshot.sources.s?.note).toBe('1 value out of range cleared: guest:s/101 uptimeSec = -5 (plausible 0…631152000 s)');
	});
});

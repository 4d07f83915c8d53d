import {describe, expect, it} from 'vitest';
import type {Entity} from './entities.js';
import {applyPoll, emptySnapshot, setSources, type SourceHealth} from './store.js';
import {applyDelta, decodeClientFrame, diffSnapshot, encodeFrame, WireError, wireVersion} from './wire.js';
import {seriesValues} from './series.js';

const source: SourceHealth = {id: 'pdu-a', type: 'apc-pdu', name: 'pdu-a', status: 'pending', interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
const outlet = (number: number, state: 'on' | 'off', watts: number) => ({id: `outlet:pdu-a/${number}`, kind: 'outlet', source: 'pdu-a', localId: String(number), name: `o${number}`, pdu: 'pdu:pdu-a/pdu', number, state, loadAmps: watts / 230, powerWatts: watts}) as unknown as Entity;

describe('wire codec', () => {
	it('round-trips a frame as one line', () => {
		const frame = {v: wireVersion, type: 'hello', role: 'console', configPath: '/x.json'} as const;
		const line = encodeFrame(frame);
		expect(line.endsWith('\n')).toBe(true);
		expect(line.slice(0, -1)).not.toContain('\n');
		expect(decodeClientFrame(line)).toEqual(frame);
	});

	it('rejects malformed client frames with a one-line reason', () => {
		const bad = ['nope', '[]', '{"type":"hello"}', '{"v":1,"type":"shutdown"}', '{"v":1,"type":"hello","role":"root","configPath":null}', '{"v":1,"type":"execute","id":1,"actionId":"x","targetIds":[1],"params":{},"confirmation":{"isConfirmed":true},"origin":"cli"}'];
		for (const line of bad) expect(() => decodeClientFrame(line), line).toThrow(WireError);
		expect(() => decodeClientFrame('{"type":"hello"}')).toThrow('frame without a protocol version "v"');
	});

	it('a delta carries what changed, and applying it rebuilds the same snapshot', () => {
		let server = setSources(emptySnapshot('lab'), [source]);
		server = applyPoll(server, 'pdu-a', {entities: [outlet(1, 'on', 100), outlet(2, 'on', 50)]}, 1000, 5);
		let client = applyDelta(null, diffSnapshot(null, server));
		expect([...client.entities.keys()]).toEqual(['outlet:pdu-a/1', 'outlet:pdu-a/2']);
		const previous = server;
		server = applyPoll(server, 'pdu-a', {entities: [outlet(1, 'off', 0)]}, 2000, 5);
		const delta = JSON.parse(JSON.stringify(diffSnapshot(previous, server))) as ReturnType<typeof diffSnapshot>;
		expect(delta.removed).toEqual(['outlet:pdu-a/2']);
		expect(delta.upserts.map(entity => entity.id)).toEqual(['outlet:pdu-a/1']);
		client = applyDelta(client, delta);
		expect([...client.entities.values()]).toEqual([...server.entities.values()]);
		expect(client.byKind.outlet.map(entity => entity.id)).toEqual(['outlet:pdu-a/1']);
		expect(seriesValues(client.history.get('outlet:pdu-a/1')?.load)).toEqual([100 / 230, 0]);
		expect(client.sources['pdu-a']?.status).toBe('ok');
	});
});

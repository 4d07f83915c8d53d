import {describe, expect, it} from 'vitest';
import type {Entity} from './entities.js';
import {applyPoll, emptySnapshot, setSources, type SourceHealth} from './store.js';
import {applyDelta, decodeClientFrame, diffSnapshot, encodeFrame, WireError, wireVersion} from './wire.js';
import {seriesValues} from './series.js';
import {LayeredMap} from './layered-map.js';
import type {Incident} from './model.js';

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

	it('carries incidents, the timeline (only when it changed) and the source-health fields', () => {
		let server = setSources(emptySnapshot('lab'), [source]);
		server = applyPoll(server, 'pdu-a', {entities: [outlet(1, 'off', 0)]}, 1000, 5);
		server = applyPoll(server, 'pdu-a', {entities: [outlet(1, 'off', 0)]}, 6000, 7);
		expect(server.entities).toBeInstanceOf(LayeredMap);
		const incident: Incident = {id: 'incident:outlet-off:outlet:pdu-a/1', cause: 'outlet-off', severity: 'critical', title: 'PDU A outlet 1 off', figure: 'for 5 s', subject: 'outlet:pdu-a/1', pane: 'power', since: 1000, affected: ['device:box'], affectedNames: ['box'], alerts: [], planned: null, plannedSteps: []};
		const health = {...server.sources['pdu-a']!, nextPollAt: 11_000, backoffSec: 0, note: 'load out of range: cleared'};
		server = {...server, incidents: [incident], timeline: [{at: 1000, type: 'transition', source: 'pdu-a', message: 'outlet 1 off'}], sources: {'pdu-a': health}, notices: ['a notice']};
		const wire = (delta: ReturnType<typeof diffSnapshot>) => JSON.parse(JSON.stringify(delta)) as ReturnType<typeof diffSnapshot>;
		let client = applyDelta(null, wire(diffSnapshot(null, server)));
		expect(client.incidents).toEqual([incident]);
		expect(client.timeline).toEqual(server.timeline);
		expect(client.notices).toEqual(['a notice']);
		expect(client.sources['pdu-a']).toMatchObject({nextPollAt: 11_000, backoffSec: 0, note: 'load out of range: cleared', latencyMs: 7});
		expect(seriesValues(client.sources['pdu-a']!.latencyHistory)).toEqual([5, 7]);
		// Unchanged timeline: not sent again, and the client keeps its own.
		const previous = server;
		server = {...server, incidents: []};
		const delta = wire(diffSnapshot(previous, server));
		expect(delta.timeline).toBeUndefined();
		client = applyDelta(client, delta);
		expect(client.incidents).toEqual([]);
		expect(client.timeline).toEqual(previous.timeline);
	});

	it('serialises a plain Map and a LayeredMap the same way', () => {
		const server = applyPoll(setSources(emptySnapshot('lab'), [source]), 'pdu-a', {entities: [outlet(1, 'on', 100), outlet(2, 'on', 50)]}, 1000, 5);
		const plain = {...server, entities: new Map(server.entities), history: new Map(server.history)};
		expect(JSON.stringify(diffSnapshot(null, plain))).toEqual(JSON.stringify(diffSnapshot(null, server)));
		expect(diffSnapshot(null, server).upserts).toHaveLength(2);
	});
});

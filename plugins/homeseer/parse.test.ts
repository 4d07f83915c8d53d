import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../../test/support/cli.js';
import {deviceEntity, eventEntity, parseEvents, parseHsDate, parseStatus} from './parse.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'fixtures', 'homeseer', name), 'utf8');
const context = {source: 'hs4', operation: 'request=getstatus'};
const options = {source: 'hs4', hub: 'HS4 Pi', runsOn: null};

describe('homeseer parser', () => {
	it('reads devices with their status and last change', () => {
		const devices = parseStatus(JSON.parse(fixture('getstatus.json')), context);
		expect(devices.map(device => device.ref)).toEqual([3570, 3571, 3580, 3600]);
		expect(devices[1]).toEqual({ref: 3571, name: 'Rack Temperature', location: 'Lab / Rack', status: '78.4 °F', value: 78.4, lastChange: '2025-12-02T05:56:40.000Z', type: 'Z-Wave Temperature'});
		expect(deviceEntity(devices[0]!, options)).toMatchObject({id: 'automation:hs4/device/3570', automationType: 'device', state: 'off', value: 'Off', lastTriggered: '2025-12-02T04:33:20.000Z'});
		expect(deviceEntity(devices[2]!, options).state).toBe('on');
		expect(deviceEntity(devices[1]!, options).state).toBe('unknown');
	});

	it('reads events as automations named by group', () => {
		const events = parseEvents(JSON.parse(fixture('getevents.json')), {...context, operation: 'request=getevents'});
		expect(events).toHaveLength(4);
		expect(eventEntity(events[0]!, options)).toMatchObject({id: 'automation:hs4/event/12', name: 'Power: Graceful shutdown', automationType: 'event', state: 'on', lastTriggered: null, attributes: {group: 'Power', name: 'Graceful shutdown', id: '12'}});
		expect(eventEntity(events[0]!, options, ['2026-12-02T05:00:00.000Z']).lastTriggered).toBe('2026-12-02T05:00:00.000Z');
	});

	it('reads HS4 dates with and without a zone', () => {
		expect(parseHsDate('/Date(0)/')).toBe('1970-01-01T00:00:00.000Z');
		expect(parseHsDate('/Date(1000-0500)/')).toBe('1970-01-01T00:00:01.000Z');
		expect(parseHsDate('never')).toBeNull();
	});

	it('refuses an error reply, a truncated one and garbage with one line naming the source', () => {
		expect(() => parseStatus(JSON.parse(fixture('error-reply.json')), context)).toThrow('hs4: request=getstatus: HS4 answered "Error, user not authorized"');
		expect(() => JSON.parse(fixture('truncated.json'))).toThrow();
		expect(() => parseStatus([1, 2], context)).toThrow('hs4: request=getstatus: expected a JSON object, got a list');
		expect(() => parseStatus({Devices: [{name: 'x'}]}, context)).toThrow('hs4: request=getstatus: device without a numeric ref');
		expect(() => parseEvents({Name: 'x'}, context)).toThrow('hs4: request=getstatus: reply has no "Events" list');
	});
});

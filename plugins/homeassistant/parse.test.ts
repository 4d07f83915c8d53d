import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../../test/support/cli.js';
import {parseConfig, parseStates, toEntities, type HaOptions} from './parse.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'fixtures', 'homeassistant', name), 'utf8');
const context = {source: 'ha', operation: 'GET /api/states'};
const options: HaOptions = {source: 'ha', hub: 'Lab HA', sensors: new Set(['sensor.rack_temperature', 'binary_sensor.ups_on_battery']), watch: new Map([['automation.nightly_backup', 86_400]]), runsOn: 'guest:pve/105'};

describe('homeassistant parser', () => {
	it('turns automations, scripts, scenes and the named sensors into automation entities', () => {
		const entities = toEntities(parseStates(JSON.parse(fixture('states.json')), context), options);
		const byId = new Map(entities.map(entity => [entity.localId, entity] as const));
		expect([...byId.keys()]).toEqual([
			'automation.ups_on_battery_shutdown', 'automation.nightly_backup', 'automation.rack_fan_boost', 'automation.porch_lights', 'automation.zigbee_leak_alarm',
			'script.graceful_shutdown', 'script.wake_gpu_boxes', 'scene.power_restored', 'scene.night_mode', 'sensor.rack_temperature', 'binary_sensor.ups_on_battery',
		]);
		expect(byId.get('automation.ups_on_battery_shutdown')).toMatchObject({id: 'automation:ha/automation.ups_on_battery_shutdown', name: 'UPS on battery: graceful shutdown', hub: 'Lab HA', automationType: 'automation', state: 'on', isEnabled: true, mode: 'single', currentRuns: 0, lastTriggered: '2026-11-30T03:12:44.512Z', runsOn: 'guest:pve/105', expectedWithinSec: null});
		expect(byId.get('automation.nightly_backup')?.expectedWithinSec).toBe(86_400);
		expect(byId.get('automation.rack_fan_boost')).toMatchObject({state: 'running', currentRuns: 1, lastTriggered: null, mode: 'restart'});
		expect(byId.get('automation.porch_lights')).toMatchObject({state: 'off', isEnabled: false});
		expect(byId.get('automation.zigbee_leak_alarm')).toMatchObject({state: 'unavailable', isEnabled: null, mode: null});
		expect(byId.get('script.graceful_shutdown')).toMatchObject({automationType: 'script', state: 'off', lastTriggered: '2026-11-30T03:12:45.100Z'});
		expect(byId.get('scene.power_restored')).toMatchObject({automationType: 'scene', state: 'unknown', lastTriggered: '2026-11-30T05:40:00.000Z'});
		expect(byId.get('scene.night_mode')?.lastTriggered).toBeNull();
		expect(byId.get('sensor.rack_temperature')).toMatchObject({automationType: 'sensor', value: '27.4 °C', state: 'unknown'});
		expect(byId.get('binary_sensor.ups_on_battery')).toMatchObject({automationType: 'sensor', value: 'off', state: 'off'});
		expect(byId.get('scene.power_restored')?.attributes['entity_id']).toBe('["light.rack_strip","switch.lab_fans"]');
	});

	it('strips control characters from device text', () => {
		const states = parseStates([{entity_id: 'script.x', state: 'off', attributes: {friendly_name: 'Evil\u001b]0;title\u0007name'}}], context);
		expect(toEntities(states, options)[0]?.name).toBe('Evil ]0;title name');
	});

	it('reads the hub name and version from /api/config', () => {
		expect(parseConfig(JSON.parse(fixture('config.json')))).toEqual({locationName: 'Lab HA', version: '2026.11.3'});
		expect(parseConfig(null)).toEqual({locationName: null, version: null});
	});

	it('refuses a garbage reply, a truncated one and a state without an entity id with one line naming the source', () => {
		expect(() => JSON.parse(fixture('truncated.json'))).toThrow();
		expect(() => parseStates({message: 'x'}, context)).toThrow(/^ha: GET \/api\/states: expected a list of states, got object$/);
		expect(() => parseStates([{state: 'on'}], context)).toThrow(/^ha: GET \/api\/states: state without a valid entity_id/);
		expect(() => parseStates(fixture('garbage.txt'), context)).toThrow(/expected a list of states, got string/);
	});

	it('parses the shared corpus of real /api/states dumps', () => {
		const dir = path.join(repoRoot, '..', 'shared', 'corpus', 'homeassistant');
		if (!existsSync(dir)) {
			console.warn(`corpus ${dir} absent: skipped`);
			return;
		}
		for (const name of readdirSync(dir).filter(file => file.endsWith('.json'))) {
			const states = parseStates(JSON.parse(readFileSync(path.join(dir, name), 'utf8')), context);
			expect(states.length, name).toBeGreaterThan(0);
			const sensors = states.filter(state => state.entityId.startsWith('sensor.')).slice(0, 5).map(state => state.entityId);
			const entities = toEntities(states, {...options, sensors: new Set(sensors)});
			expect(entities.length, name).toBeGreaterThanOrEqual(sensors.length);
			for (const entity of entities) expect(entity.name, name).not.toMatch(/[\u0000-\u001f]/);
		}
	});
});

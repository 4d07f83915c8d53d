// The parsers over the project's fixture trees (one per vendor generation), over garbage, and
// over members that are missing, null or Absent (unknown, never 0).
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {features} from './discover.js';
import {indicatorLed, parseLogEntries, parsePower, parsePowerSubsystem, parseTemperatureSensors, parseThermal, parseThermalSubsystem, powerState, type Json} from './parse.js';
import {bmcShapes} from './sim/index.js';
import {fixturesDir} from './test-helpers.js';

const tree = (shape: string): Record<string, Json> => JSON.parse(readFileSync(path.join(fixturesDir, 'redfish', `${shape}.json`), 'utf8')) as Record<string, Json>;
const find = (shape: string, suffix: string): Json => {
	const entries = Object.entries(tree(shape)).filter(([key]) => key.endsWith(suffix));
	if (entries.length === 0) throw new Error(`${shape}: no resource ending ${suffix}`);
	return entries[0]![1];
};

describe('redfish parsers over the fixture trees', () => {
	it('every legacy Thermal/Power tree gives readings with the BMC thresholds', () => {
		for (const shape of bmcShapes.filter(item => item !== 'idrac10')) {
			const thermal = parseThermal(find(shape, '/Thermal'));
			const power = parsePower(find(shape, '/Power'));
			expect(thermal.temperatures.length, shape).toBeGreaterThan(0);
			expect(thermal.temperatures.every(item => item.celsius !== null && item.upperCritical !== null), shape).toBe(true);
			expect(power.powerWatts, shape).not.toBeNull();
			expect(power.powerSupplies.length, shape).toBeGreaterThan(0);
		}
	});

	it('iLO 4: fans in percent from CurrentReading, an absent fan and sensor left out, Fatal 0 is no threshold', () => {
		const thermal = parseThermal(find('ilo4', '/Thermal'));
		expect(thermal.fans).toEqual([
			{name: 'Fan 1', value: 17, unit: '%', health: 'ok'},
			{name: 'Fan 2', value: 17, unit: '%', health: 'ok'},
			{name: 'Fan 3', value: 23, unit: '%', health: 'ok'},
		]);
		expect(thermal.temperatures.map(item => item.name)).toEqual(['01-Inlet Ambient', '02-CPU 1', '03-CPU 2']);
		expect(thermal.temperatures[1]).toMatchObject({upperCritical: 70, upperFatal: null, upperNonCritical: null});
	});

	it('iDRAC 8 and iLO 5: an absent supply is left out, and its redundancy group reports the loss', () => {
		for (const shape of ['idrac8', 'ilo5']) {
			const power = parsePower(find(shape, '/Power'));
			expect(power.powerSupplies, shape).toHaveLength(1);
			expect(power.psuRedundancyLost, shape).toBe(true);
		}
		expect(parsePower(find('idrac9', '/Power')).psuRedundancyLost).toBe(false);
	});

	it('Supermicro X11: absent CPU2 sensor and FANA are unknown, not 0; no fan redundancy group is null', () => {
		const thermal = parseThermal(find('supermicro-x11', '/Thermal'));
		expect(thermal.temperatures.map(item => item.name)).not.toContain('CPU2 Temp');
		expect(thermal.fans.map(fan => fan.name)).toEqual(['FAN1', 'FAN2']);
		expect(thermal.fanRedundancyLost).toBeNull();
	});

	it('iDRAC 10: ThermalSubsystem and PowerSubsystem with Sensors thresholds and supply metrics', () => {
		const data = tree('idrac10');
		const chassis = '/redfish/v1/Chassis/System.Embedded.1';
		const sensors = Object.entries(data).filter(([key]) => key.startsWith(`${chassis}/Sensors/`)).map(([, value]) => value);
		const temperatures = parseTemperatureSensors(sensors);
		expect(temperatures[0]).toEqual({name: 'Inlet Temp', celsius: 22, upperNonCritical: 37, upperCritical: 42, upperFatal: 47, health: 'ok'});
		const fans = Object.entries(data).filter(([key]) => /ThermalSubsystem\/Fans\/Fan\.\d$/.test(key)).map(([, value]) => value);
		const thermal = parseThermalSubsystem(data[`${chassis}/ThermalSubsystem`]!, fans, temperatures);
		expect(thermal.fans.map(fan => fan.name)).toEqual(['Fan 1A', 'Fan 2A', 'Fan 3A']);
		expect(thermal.fans[0]).toEqual({name: 'Fan 1A', value: 7200, unit: 'RPM', health: 'ok'});
		const supplies = Object.entries(data).filter(([key]) => /PowerSupplies\/PSU\.Slot\.\d$/.test(key)).map(([key, value]) => ({...value, Metrics: data[`${key}/Metrics`]}));
		const power = parsePowerSubsystem(data[`${chassis}/PowerSubsystem`]!, supplies, 402);
		expect(power.powerSupplies[0]).toEqual({name: 'PS1 Status', health: 'ok', inputWatts: 210, lineVolts: 230, capacityWatts: 1400});
		expect(power).toMatchObject({psuRedundancyLost: false, powerWatts: 402, health: 'ok'});
	});

	it('event logs: newest first by Created, whatever order the BMC lists them in', () => {
		const oldestFirst = parseLogEntries(find('idrac9', '/Sel/Entries'), 'Sel');
		const newestFirst = parseLogEntries(find('idrac10', '/Lclog/Entries'), 'Lclog');
		expect(oldestFirst[0]).toMatchObject({severity: 'warning', message: 'Correctable memory error rate exceeded for DIMM A2', time: '2026-11-30T09:14:40Z', log: 'Sel'});
		expect(newestFirst.map(event => event.time)).toEqual(['2026-11-30T09:14:40Z', '2026-11-30T08:00:12Z', '2026-11-01T10:00:00Z']);
		expect(parseLogEntries({Members: Array.from({length: 40}, (_, index) => ({Id: String(index), Severity: 'OK', Message: `e${index}`}))}, 'SEL').map(event => event.id)).toEqual(['39', '38', '37', '36', '35']);
	});

	it('protocol features: $expand levels and $select only where declared', () => {
		expect(features(find('ilo4', '/redfish/v1'))).toEqual({expandLevels: 0, canSelect: false});
		expect(features(find('idrac9', '/redfish/v1'))).toEqual({expandLevels: 4, canSelect: true});
		expect(features(find('ilo5', '/redfish/v1'))).toEqual({expandLevels: 1, canSelect: false});
	});
});

describe('redfish parsers over bad input', () => {
	it('garbage and null members become unknown, never 0', () => {
		const thermal = parseThermal({Temperatures: 'not a list', Fans: [null, 5, {Name: 'F', Reading: null, Status: {State: 'Enabled'}}]});
		expect(thermal).toEqual({temperatures: [], fans: [{name: 'F', value: null, unit: 'RPM', health: null}], fanRedundancyLost: null, health: null});
		const power = parsePower({PowerControl: [{PowerConsumedWatts: 'n/a'}], PowerSupplies: [{Name: 'PS1', PowerInputWatts: null, LineInputVoltage: 'x', Status: {State: 'Enabled', Health: 'Bogus'}}]});
		expect(power).toEqual({powerSupplies: [{name: 'PS1', health: null, inputWatts: null, lineVolts: null, capacityWatts: null}], psuRedundancyLost: null, powerWatts: null, health: null});
		expect(parseThermal({})).toEqual({temperatures: [], fans: [], fanRedundancyLost: null, health: null});
		expect(parseLogEntries({Members: {}}, 'SEL')).toEqual([]);
	});

	it('power state and LED values outside the schema are unknown', () => {
		expect([powerState('On'), powerState('Off'), powerState('PoweringOn'), powerState(null), powerState('Paused')]).toEqual(['on', 'off', 'off', 'unknown', 'unknown']);
		expect([indicatorLed({IndicatorLED: 'Blinking'}), indicatorLed({}), indicatorLed({LocationIndicatorActive: true, IndicatorLED: 'Off'})]).toEqual(['blinking', 'unknown', 'on']);
	});
});

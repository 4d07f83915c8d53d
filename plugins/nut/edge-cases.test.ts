import {describe, expect, it} from 'vitest';
import type {EntityDraft} from '../../src/entities.js';
import {pduRules, upsRules} from '../../src/kind-rules.js';
import {firingRules} from '../../test/support/rule-check.js';
import {atsRules} from '../../src/kinds/ats.js';
import {entitiesFromVars, hasNoData, parseDev} from './parse.js';
import {fixture} from '../../test/support/nut.js';

const facts = (ups: string) => ({source: 'nut', ups});
const parse = (name: string): EntityDraft[] => entitiesFromVars(facts(name.replace('.dev', '')), parseDev(fixture(name)).vars);

describe('NUT edge cases (issue 13)', () => {
	it('three-phase variables when the single-phase ones are absent; alarm text; UPS temperature; saturated runtime unknown', () => {
		const [ups] = parse('three-phase.dev');
		expect(ups).toMatchObject({
			kind: 'ups', flags: ['online'], statusText: 'online, alarm: Fan failure!', alarms: ['Fan failure!'],
			inputVolts: 400.5, outputVolts: 230, loadPercent: 36, runtimeSec: null, chargePercent: 100,
			batteryTempCelsius: null, upsTempCelsius: 31.5,
		});
		expect(ups!.kind === 'ups' && ups.phases).toEqual([
			{name: 'input L1', direction: 'input', volts: 401.2, voltage: 'line-to-line', amps: 21.4, loadPercent: null},
			{name: 'input L2', direction: 'input', volts: 399.8, voltage: 'line-to-line', amps: 19.9, loadPercent: null},
			{name: 'input L3', direction: 'input', volts: 400.5, voltage: 'line-to-line', amps: 20.6, loadPercent: null},
			{name: 'output L1', direction: 'output', volts: 230.1, voltage: 'line-to-neutral', amps: 22, loadPercent: 36},
			{name: 'output L2', direction: 'output', volts: 229.6, voltage: 'line-to-neutral', amps: 20.3, loadPercent: 33},
			{name: 'output L3', direction: 'output', volts: 230.4, voltage: 'line-to-neutral', amps: null, loadPercent: 29},
		]);
	});

	it('charge 0 + runtime 0 while online with RB is a battery fault, not a runtime emergency; -272 °C is unknown', () => {
		const entities = parse('battery-fault.dev');
		expect(entities[0]).toMatchObject({flags: ['online', 'replace-battery'], chargePercent: 0, runtimeSec: null, isBatteryFault: true, batteryTempCelsius: null, loadWatts: 176.4});
		expect(entities[0]!.kind === 'ups' && entities[0].statusText).toBe('battery fault (charge 0 %, runtime 0), online, replace battery');
		expect(firingRules(upsRules, 'nut', entities)).toEqual(['ups.replace-battery ups:nut/battery-fault']);
	});

	it('the same zeros on battery are a runtime emergency', () => {
		const vars = {...parseDev(fixture('battery-fault.dev')).vars, 'ups.status': 'OB DISCHRG RB'};
		const entities = entitiesFromVars(facts('b'), vars);
		expect(entities[0]).toMatchObject({runtimeSec: 0, chargePercent: 0});
		expect(entities[0]).not.toHaveProperty('isBatteryFault');
		expect(firingRules(upsRules, 'nut', entities)).toContain('ups.runtime-low ups:nut/b');
	});

	it('device.type ats: an ats entity with both inputs, the selected source and the banks; redundancy lost alerts', () => {
		const entities = parse('ats.dev');
		expect(entities).toHaveLength(1);
		expect(entities[0]).toEqual({
			id: 'ats:nut/ats', kind: 'ats', source: 'nut', localId: 'ats', name: 'ats', model: 'APC AP4423',
			inputs: [{name: '1', status: 'fail', volts: 0, frequencyHz: 0}, {name: '2', status: 'ok', volts: 231, frequencyHz: 50}],
			selectedInput: '2', preferredInput: '1', isRedundant: false, loadAmps: 8.8, powerWatts: 1883, outputVolts: 231,
			banks: [{name: 'total', loadAmps: 8.8, powerWatts: 1883}, {name: 'bank 1', loadAmps: 5.1, powerWatts: 1102}, {name: 'bank 2', loadAmps: 3.7, powerWatts: 781}],
			statusText: 'input 1 lost, on input 2, not the preferred input 1',
		});
		expect(firingRules(atsRules, 'nut', entities)).toEqual(['ats.redundancy-lost ats:nut/ats']);
		const healthy = entitiesFromVars(facts('ok'), {...parseDev(fixture('ats.dev')).vars, 'input.1.voltage': '229', 'input.source': '1'});
		expect(healthy[0]).toMatchObject({isRedundant: true, statusText: 'redundant, on input 1'});
		expect(firingRules(atsRules, 'nut', healthy)).toEqual([]);
	});

	it('device.type pdu without ups.status: pdu + outlets, empty descriptions named by number, a 0 rating falls back to the critical level', () => {
		const vars = parseDev(fixture('epdu.dev')).vars;
		expect(hasNoData(vars)).toBe(false);
		const [pdu, ...outlets] = parse('epdu.dev');
		expect(pdu).toMatchObject({kind: 'pdu', model: 'Raritan PX2-5104V', ratingAmps: 16, loadAmps: 5.6, powerWatts: 696, outletCount: 3, phases: [{name: 'L1', loadAmps: 3.12}, {name: 'L2', loadAmps: 2.48}]});
		expect(outlets.map(outlet => outlet.name)).toEqual(['epdu outlet 1', 'epdu outlet 2', 'db-01']);
		expect(outlets.map(outlet => outlet.kind === 'outlet' && [outlet.state, outlet.loadAmps, outlet.powerWatts])).toEqual([['on', 1.2, 265], ['off', 0, 0], ['on', 1.92, 431]]);
		const noRating = entitiesFromVars(facts('p'), {...vars, 'input.current.high.critical': '0'});
		expect(noRating[0]).toMatchObject({ratingAmps: null});
		expect(firingRules(pduRules, 'nut', noRating)).toEqual([]);
	});
});

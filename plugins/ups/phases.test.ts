import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseSnmprec, snmprecToVarMap} from '../../protocols/snmp/sim/snmprec.js';
import {parseUps} from './parse.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/ups/${name}`, import.meta.url));
const varsOf = (name: string) => snmprecToVarMap(parseSnmprec(readFileSync(fixture(name), 'utf8')));

describe('APC UPS real power and three-phase units', () => {
	it('upsAdvOutputActivePower is the watts, before load × nominal', () => {
		expect(parseUps(varsOf('smart-ups-active-power.snmprec'), {source: 'b', nominalWatts: 2700})).toMatchObject({loadPercent: 79.8, loadWatts: 333, nominalWatts: 2700});
		// Without it, load × nominal as before; without a nominal either, unknown.
		expect(parseUps(varsOf('smart-ups-3000-nmc2.snmprec'), {source: 'a', nominalWatts: 2700}).loadWatts).toBe(2155);
		expect(parseUps(varsOf('smart-ups-3000-nmc2.snmprec'), {source: 'a'}).loadWatts).toBeNull();
	});

	it('a Galaxy with only the phase tables: per phase values, -1 phases left out, and the summary', () => {
		const ups = parseUps(varsOf('galaxy-3phase.snmprec'), {source: 'g'});
		expect(ups).toMatchObject({model: 'Galaxy VS 20kVA 400V', flags: ['online'], chargePercent: 100, runtimeSec: 2520, inputVolts: 400.7, outputVolts: 230, loadPercent: 34, loadWatts: 9270});
		expect(ups.phases).toEqual([
			{name: 'input L1', direction: 'input', volts: 401, voltage: 'line-to-line', amps: 21.5, loadPercent: null},
			{name: 'input L2', direction: 'input', volts: 399, voltage: 'line-to-line', amps: 19.8, loadPercent: null},
			{name: 'input L3', direction: 'input', volts: 402, voltage: 'line-to-line', amps: null, loadPercent: null},
			{name: 'bypass L1', direction: 'bypass', volts: 400, voltage: 'line-to-line', amps: null, loadPercent: null},
			{name: 'output L1', direction: 'output', volts: 230, voltage: 'line-to-neutral', amps: 22.4, loadPercent: 34},
			{name: 'output L2', direction: 'output', volts: 231, voltage: 'line-to-neutral', amps: 20.1, loadPercent: 31},
			{name: 'output L3', direction: 'output', volts: 229, voltage: 'line-to-neutral', amps: 18.7, loadPercent: 28},
		]);
	});

	it('a single-phase card without phase tables has no phases field', () => {
		expect(parseUps(varsOf('smart-ups-3000-nmc2.snmprec'), {source: 'a'})).not.toHaveProperty('phases');
	});
});

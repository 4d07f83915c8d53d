import {existsSync, readFileSync} from 'node:fs';
import {basename} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {DeviceReplyError} from '../../src/errors.js';
import {parseSnmprec, snmprecToVarMap} from '../../protocols/snmp/sim/snmprec.js';
import {snmprecFiles} from '../../protocols/snmp/sim/snmpsim.js';
import {parseUps} from './parse.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/ups/${name}`, import.meta.url));
const corpusDir = fileURLToPath(new URL('../../../shared/corpus/snmp-apc-ups/', import.meta.url));
const varsOf = (file: string) => snmprecToVarMap(parseSnmprec(readFileSync(file, 'utf8')));
const apc = '1.3.6.1.4.1.318.1.1.1';

describe('parseUps: APC PowerNet', () => {
	it('a high-precision-only NMC2 card', () => {
		const ups = parseUps(varsOf(fixture('smart-ups-3000-nmc2.snmprec')), {source: 'ups-a', nominalWatts: 2700});
		expect(ups).toMatchObject({
			id: 'ups:ups-a/ups', model: 'Smart-UPS 3000', flags: ['online'], statusText: 'Online', chargePercent: 100, runtimeSec: 1002,
			loadPercent: 79.8, loadWatts: 2155, inputVolts: 230.2, outputVolts: 230, batteryTempCelsius: 26.5,
			lastTransferReason: 'self test', selfTestResult: 'passed', selfTestDate: '11/02/2026', timeOnBatterySec: 0,
		});
	});

	it.each([
		[3, ['on-battery'], 'On battery'],
		[6, ['bypass'], 'Bypass'],
		[7, ['off'], 'Off'],
		[15, ['on-battery', 'calibrating'], 'On battery, calibrating'],
		[13, ['online', 'high-efficiency'], 'Online, high efficiency'],
	])('upsBasicOutputStatus %i → %j', (status, flags, text) => {
		const vars = new Map([[`${apc}.4.1.1.0`, status]]);
		expect(parseUps(vars, {source: 'u'})).toMatchObject({flags, statusText: text});
	});

	it('state and abnormal-condition flag strings, battery status, replace indicator', () => {
		const vars = new Map<string, number | string>([
			[`${apc}.4.1.1.0`, 3],
			[`${apc}.11.1.1.0`, `011000001${'0'.repeat(55)}`],
			[`${apc}.11.2.1.0`, `0001${'0'.repeat(28)}`],
			[`${apc}.2.1.1.0`, 3],
			[`${apc}.2.2.4.0`, 2],
		]);
		expect(parseUps(vars, {source: 'u'}).flags).toEqual(['on-battery', 'low-battery', 'overload', 'replace-battery']);
	});

	it('basic values where the card has no high-precision ones; TimeTicks → seconds', () => {
		const vars = new Map<string, number | string>([[`${apc}.2.2.1.0`, 87], [`${apc}.2.2.3.0`, 90_000], [`${apc}.4.2.3.0`, 31], [`${apc}.3.2.1.0`, 121], [`${apc}.2.1.2.0`, 4500]]);
		expect(parseUps(vars, {source: 'u'})).toMatchObject({chargePercent: 87, runtimeSec: 900, loadPercent: 31, inputVolts: 121, timeOnBatterySec: 45, loadWatts: null});
	});

	it('sentinels and wrong types become null', () => {
		const vars = new Map<string, number | string>([[`${apc}.2.3.1.0`, 'full'], [`${apc}.2.2.3.0`, 4_294_967_295], [`${apc}.2.2.2.0`, -273], [`${apc}.4.2.3.0`, -1], [`${apc}.3.2.1.0`, 2_147_483_647]]);
		expect(parseUps(vars, {source: 'u'})).toMatchObject({chargePercent: null, runtimeSec: null, batteryTempCelsius: null, loadPercent: null, inputVolts: null});
	});
});

describe('parseUps: RFC 1628 UPS-MIB', () => {
	it('on battery, low battery, alarms, -273 °C, negative output power', () => {
		const ups = parseUps(varsOf(fixture('rfc1628-on-battery.snmprec')), {source: 'closet'});
		expect(ups).toMatchObject({
			model: 'Example Power XP-1500 RM', flags: ['on-battery', 'low-battery'], statusText: 'On battery, low battery', chargePercent: 18,
			runtimeSec: 240, timeOnBatterySec: 742, loadPercent: 61, loadWatts: 824, nominalWatts: 1350, inputVolts: 0, outputVolts: 229,
			batteryTempCelsius: null, selfTestResult: 'passed',
		});
	});

	it.each([[2, ['off']], [3, ['online']], [4, ['bypass']], [5, ['on-battery']], [1, []]])('upsOutputSource %i → %j', (source, flags) => {
		expect(parseUps(new Map([['1.3.6.1.2.1.33.1.4.1.0', source]]), {source: 'u'}).flags).toEqual(flags);
	});

	it('garbage and empty replies are DeviceReplyErrors', () => {
		expect(() => parseUps(new Map(), {source: 'u'})).toThrow(DeviceReplyError);
		expect(() => parseUps(new Map([['1.3.6.1.2.1.1.1.0', 'printer']]), {source: 'u'})).toThrow(/neither the APC PowerNet/);
	});
});

const corpus = snmprecFiles(corpusDir);
if (corpus.length === 0) console.warn(`corpus folder ${corpusDir} is absent: corpus parser tests skipped`);

describe.skipIf(corpus.length === 0)('parseUps over ../shared/corpus/snmp-apc-ups', () => {
	const parse = (name: string) => parseUps(varsOf(`${corpusDir}/${name}.snmprec`), {source: 'c'});

	it.each(corpus.map(file => [basename(file), file]))('%s parses, with no sentinel on screen', (_name, file) => {
		const ups = parseUps(varsOf(file), {source: 'c'});
		for (const value of [ups.chargePercent, ups.loadPercent, ups.runtimeSec, ups.inputVolts, ups.batteryTempCelsius]) {
			if (value !== null) expect(value).toBeGreaterThan(-41);
			if (value !== null) expect(value).toBeLessThan(4_000_000);
		}
	});

	it('high-precision-only cards: charge and load from the .3 group', () => {
		expect(parse('apc_smx750i')).toMatchObject({chargePercent: 100, loadPercent: 20.2, inputVolts: 232});
		expect(parse('apc_surt3000xl')).toMatchObject({loadPercent: null, chargePercent: 100});
		expect(parse('apc_powerchute')).toMatchObject({chargePercent: 100, runtimeSec: 7560, loadPercent: 31, inputVolts: 244, batteryTempCelsius: 21, flags: ['online']});
	});

	it('sentinels: Huawei 4294967295 minutes, Tripp Lite -273 °C; CE+T on battery, Generex on bypass', () => {
		expect(parse('huaweiups_ups2000').runtimeSec).toBeNull();
		expect(parse('poweralert_ups').batteryTempCelsius).toBeNull();
		expect(parse('cetpower').flags).toEqual(['on-battery']);
		expect(parse('generex-ups_cs141').flags).toEqual(['bypass']);
	});

	it.skipIf(!existsSync(`${corpusDir}/apc_smtl1000-nmc3.json`))('apc_smtl1000-nmc3 agrees with the LibreNMS oracle', () => {
		const oracle = JSON.parse(readFileSync(`${corpusDir}/apc_smtl1000-nmc3.json`, 'utf8')) as {sensors: {discovery: {sensors: {sensor_class: string; sensor_descr: string; sensor_current: number}[]}}};
		const sensor = (kind: string, descr: string) => oracle.sensors.discovery.sensors.find(entry => entry.sensor_class === kind && entry.sensor_descr === descr)!.sensor_current;
		const ups = parse('apc_smtl1000-nmc3');
		expect(ups.chargePercent).toBe(sensor('charge', 'Battery Charge'));
		expect(ups.loadPercent).toBe(sensor('load', 'Load(VA)'));
		expect(ups.runtimeSec! / 60).toBeCloseTo(sensor('runtime', 'Runtime'), 2);
		expect(ups.inputVolts).toBe(sensor('voltage', 'Input'));
		expect(ups.outputVolts).toBe(sensor('voltage', 'Output'));
		expect(ups.batteryTempCelsius).toBe(sensor('temperature', 'Internal Temperature'));
	});
});

// The shared corpus of recorded BMC trees (iLO 4 BL460c Gen9, iDRAC 7 T320, iDRAC 9 R640, CIMC
// C220 M4 and M5), served by the simulator as they are (read at test time, never copied) and read
// by the real plugin, plus their Thermal/Power resources through the parsers directly.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BmcEntity} from '../../src/entities.js';
import {parsePower, parseThermal, type Json} from './parse.js';
import type {BmcLab} from './sim/index.js';
import {corpusDir, createInstance, pollOne, startLab} from './test-helpers.js';

const hasCorpus = existsSync(corpusDir);
if (!hasCorpus) console.warn(`redfish corpus not found at ${corpusDir}: corpus tests skipped`);
const trees = hasCorpus ? readdirSync(corpusDir).filter(name => existsSync(path.join(corpusDir, name, 'redfish'))).sort() : [];

let lab: BmcLab;
const polled = new Map<string, BmcEntity>();

describe.skipIf(!hasCorpus)('redfish corpus', () => {
	beforeAll(async () => {
		lab = await startLab(trees.map(name => ({name, dir: path.join(corpusDir, name)})));
		for (const name of trees) {
			const instance = createInstance(lab.bmc(name));
			try {
				const {bmc, result} = await pollOne(instance);
				if (bmc.kind !== 'bmc') throw new Error('not a bmc');
				expect(result.entities).toHaveLength(1);
				polled.set(name, bmc);
			} finally {
				await instance.close?.();
			}
		}
	});

	afterAll(async () => {
		await lab?.stop();
	});

	it('reads every tree', () => {
		expect([...polled.keys()]).toEqual(trees);
		for (const [name, bmc] of polled) {
			expect(bmc.serial, name).toMatch(/\w{6,}/);
			expect(bmc.model, name).toBeTruthy();
			expect(bmc.resetTypes.length, name).toBeGreaterThan(0);
		}
	});

	it('iLO 4 BL460c: absent sensors left out, a 0 threshold is no threshold, a fan without reading is unknown', () => {
		const bmc = polled.get('hpe-ilo4-proliant-bl460c-gen9')!;
		expect(bmc).toMatchObject({model: 'ProLiant BL460c Gen9', serial: '2M251404CW', hostname: null, health: 'warning', powerWatts: 191, powerSupplies: [], bmcFirmware: 'iLO 4 v2.55'});
		expect(bmc.temperatures).toHaveLength(29);
		expect(bmc.temperatures.map(item => item.name)).not.toContain('11-Exp Bay Drive');
		expect(bmc.temperatures.find(item => item.name === '02-CPU 1')).toEqual({name: '02-CPU 1', celsius: 40, upperNonCritical: null, upperCritical: 70, upperFatal: null, health: 'ok'});
		expect(bmc.fans).toEqual([{name: 'Fan 1', value: null, unit: 'RPM', health: 'ok'}]);
	});

	it('iDRAC 7 T320: no supplies, a disabled redundancy group is unknown', () => {
		const bmc = polled.get('dell-idrac7-poweredge-t320')!;
		expect(bmc).toMatchObject({model: 'PowerEdge T320', hostname: 'Adell', powerSupplies: [], psuRedundancyLost: null, fans: [{name: 'System Board Sys Fan1', value: 480, unit: 'RPM', health: 'ok'}]});
		expect(bmc.temperatures.find(item => item.name === 'System Board Inlet Temp')).toMatchObject({celsius: 25, upperNonCritical: 42, upperCritical: 47, upperFatal: 47});
	});

	it('iDRAC 9 R640: power recorded without thermal; LocationIndicatorActive outranks the deprecated IndicatorLED', () => {
		const bmc = polled.get('dell-idrac9-poweredge-r640')!;
		// The recording says IndicatorLED "Lit" (deprecated there) and LocationIndicatorActive false.
		expect(bmc).toMatchObject({model: 'PowerEdge R640', powerWatts: 158, temperatures: [], indicatorLed: 'off', bmcFirmware: '7.00.00.172'});
		expect(bmc.powerSupplies).toEqual([{name: 'PS1 Status', health: 'ok', inputWatts: 154, lineVolts: 100, capacityWatts: 1050}]);
	});

	it('CIMC C220 M4: the system is off while its chassis is on; no fans listed', () => {
		const bmc = polled.get('cisco-cimc-ucsc-c220-m4s')!;
		expect(bmc).toMatchObject({powerState: 'off', chassisPowerState: 'on', fans: [], fanRedundancyLost: null, bmcFirmware: '4.1(2g)'});
		expect(bmc.powerSupplies.map(psu => psu.health)).toEqual([null, null]);
	});

	it('CIMC C220 M5: 14 fans in RPM, 16 temperatures, 252 W', () => {
		const bmc = polled.get('cisco-cimc-ucsc-c220-m5sx')!;
		expect(bmc.fans).toHaveLength(14);
		expect(bmc.fans.every(fan => fan.unit === 'RPM' && fan.value !== null)).toBe(true);
		expect(bmc.temperatures).toHaveLength(16);
		expect(bmc.powerWatts).toBe(252);
	});

	it('parses every Thermal and Power resource of the corpus directly', () => {
		for (const name of trees) {
			const files = readdirSync(path.join(corpusDir, name), {recursive: true, encoding: 'utf8'}).filter(file => file.endsWith('index.json'));
			for (const file of files) {
				const json = JSON.parse(readFileSync(path.join(corpusDir, name, file), 'utf8')) as Json;
				if (/\/Thermal\/index\.json$/.test(file)) {
					const thermal = parseThermal(json);
					expect(thermal.temperatures.every(item => item.celsius === null || (item.celsius > -40 && item.celsius < 150)), file).toBe(true);
				}
				if (/\/Power\/index\.json$/.test(file)) {
					const power = parsePower(json);
					expect(power.powerWatts === null || power.powerWatts >= 0, file).toBe(true);
				}
			}
		}
	});
});

// Integration: the real plugin against Debian's snmpsimd replaying the shared UPS recordings
// (APC high-precision-only cards, Huawei/Tripp Lite sentinels, UPS-MIB on battery and bypass).
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {UpsEntity} from '../../src/entities.js';
import type {PluginDeps} from '../../src/plugin-api.js';
import {findSnmpsimd, snmprecFiles, startSnmpsim, type Snmpsim} from '../../protocols/snmp/sim/snmpsim.js';
import {plugin} from './index.js';

const corpusDir = fileURLToPath(new URL('../../../shared/corpus/snmp-apc-ups/', import.meta.url));
const own = snmprecFiles(fileURLToPath(new URL('../../fixtures/ups/', import.meta.url)));
const corpus = snmprecFiles(corpusDir);
const inCorpus = (...names: string[]) => names.every(name => existsSync(`${corpusDir}/${name}.snmprec`));
const hasSnmpsim = findSnmpsimd() !== undefined;
if (!hasSnmpsim) console.warn('snmpsimd is not installed: ups snmpsim integration tests skipped');
else if (corpus.length === 0) console.warn(`corpus folder ${corpusDir} is absent: ups snmpsim tests run on the project's fixtures only`);

const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 'local', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: () => {}, requestPoll: () => {}};

describe.skipIf(!hasSnmpsim)('ups against snmpsimd replaying our fixtures and the corpus', () => {
	let sim: Snmpsim;
	beforeAll(async () => {
		sim = await startSnmpsim([...own, ...corpus]);
	});
	afterAll(async () => {
		await sim?.stop();
	});

	const poll = async (community: string, version = '2c') => {
		const instance = plugin.create({id: 'sim', type: 'ups', interval: 5, timeout: 3, host: '127.0.0.1', port: sim.port, community, version}, deps);
		return (await instance.poll(AbortSignal.timeout(8000))).entities[0] as UpsEntity;
	};

	it('every recording polls, with no sentinel shown as a number', async () => {
		for (const community of sim.communities) {
			const ups = await poll(community);
			for (const value of [ups.chargePercent, ups.runtimeSec, ups.loadPercent, ups.batteryTempCelsius, ups.inputVolts]) {
				if (value !== null) expect(value, community).toBeGreaterThan(-41);
				if (value !== null) expect(value, community).toBeLessThan(4_000_000);
			}
		}
	});

	it('our fixtures: an APC Smart-UPS over v1 and v2c, an RFC 1628 UPS on battery', async () => {
		expect(sim.communities).toEqual(expect.arrayContaining(['rfc1628-on-battery', 'smart-ups-3000-nmc2']));
		for (const version of ['1', '2c']) expect((await poll('smart-ups-3000-nmc2', version)).flags, version).toContain('online');
		expect((await poll('rfc1628-on-battery')).flags).toContain('on-battery');
	});

	it.skipIf(!inCorpus('apc_smx750i', 'apc_surt3000xl'))('high-precision-only APC cards, over v1 too', async () => {
		expect(await poll('apc_smx750i', '1')).toMatchObject({chargePercent: 100, loadPercent: 20.2, inputVolts: 232, flags: ['online']});
		expect(await poll('apc_surt3000xl')).toMatchObject({loadPercent: null});
	});

	it.skipIf(!inCorpus('huaweiups_ups2000', 'poweralert_ups', 'cetpower', 'generex-ups_cs141'))('UPS-MIB devices: sentinels null, on battery and bypass as reported', async () => {
		expect((await poll('huaweiups_ups2000')).runtimeSec).toBeNull();
		expect((await poll('poweralert_ups')).batteryTempCelsius).toBeNull();
		expect((await poll('cetpower')).flags).toEqual(['on-battery']);
		expect((await poll('generex-ups_cs141')).flags).toEqual(['bypass']);
	});

	it.skipIf(!existsSync(`${corpusDir}/apc_smtl1000-nmc3.json`))('apc_smtl1000-nmc3 agrees with the LibreNMS oracle', async () => {
		const oracle = JSON.parse(readFileSync(`${corpusDir}/apc_smtl1000-nmc3.json`, 'utf8')) as {sensors: {discovery: {sensors: {sensor_class: string; sensor_descr: string; sensor_current: number}[]}}};
		const sensor = (kind: string, descr: string) => oracle.sensors.discovery.sensors.find(entry => entry.sensor_class === kind && entry.sensor_descr === descr)!.sensor_current;
		const ups = await poll('apc_smtl1000-nmc3');
		expect(ups.chargePercent).toBe(sensor('charge', 'Battery Charge'));
		expect(ups.loadPercent).toBe(sensor('load', 'Load(VA)'));
		expect(ups.runtimeSec! / 60).toBeCloseTo(sensor('runtime', 'Runtime'), 2);
		expect(ups.inputVolts).toBe(sensor('voltage', 'Input'));
	});
});

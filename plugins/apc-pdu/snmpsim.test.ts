// Integration: the real plugin against Debian's snmpsimd replaying our own fixtures (always) and
// the shared corpus recordings (when present: more cases, with the LibreNMS expectations as the
// oracle). Skipped only when snmpsimd itself is not installed.
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Entity, OutletEntity, PduEntity} from '../../src/entities.js';
import type {PluginDeps} from '../../src/plugin-api.js';
import {findSnmpsimd, snmprecFiles, startSnmpsim, type Snmpsim} from '../../protocols/snmp/sim/snmpsim.js';
import {plugin} from './index.js';
import {testRunContext} from '../../test/support/actions.js';

const corpusDir = fileURLToPath(new URL('../../../shared/corpus/snmp-apc-pdu/', import.meta.url));
const own = snmprecFiles(fileURLToPath(new URL('../../fixtures/apc-pdu/', import.meta.url)));
const corpus = snmprecFiles(corpusDir);
const inCorpus = (name: string) => existsSync(`${corpusDir}/${name}.snmprec`);
const hasSnmpsim = findSnmpsimd() !== undefined;
if (!hasSnmpsim) console.warn('snmpsimd is not installed: apc-pdu snmpsim integration tests skipped');
else if (corpus.length === 0) console.warn(`corpus folder ${corpusDir} is absent: apc-pdu snmpsim tests run on the project's fixtures only`);

const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 'local', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: () => {}, requestPoll: () => {}};

describe.skipIf(!hasSnmpsim)('apc-pdu against snmpsimd replaying our fixtures and the corpus', () => {
	let sim: Snmpsim;
	beforeAll(async () => {
		sim = await startSnmpsim([...own, ...corpus]);
	});
	afterAll(async () => {
		await sim?.stop();
	});

	async function poll(community: string, version = '2c') {
		const instance = plugin.create({id: 'sim', type: 'apc-pdu', interval: 5, timeout: 3, host: '127.0.0.1', port: sim.port, community, version}, deps);
		const result = await instance.poll(AbortSignal.timeout(8000));
		const entities = result.entities as Entity[];
		return {pdu: entities[0] as PduEntity, outlets: entities.filter((entity): entity is OutletEntity => entity.kind === 'outlet'), partial: result.partial};
	}

	it('every recording polls, our four fixtures among them', async () => {
		expect(sim.communities).toEqual(expect.arrayContaining(['ap7921-rpdu', 'ap8941-rpdu2', 'ap8959-24-rpdu2', 'masterswitch-spdu']));
		for (const community of sim.communities) {
			// A modular PDU is not read: it is refused with a line saying what it is.
			if (community.startsWith('xpdu')) {
				await expect(poll(community), community).rejects.toThrow(/not a rack PDU: the agent is an APC modular/);
				continue;
			}
			const {pdu, outlets} = await poll(community);
			// A rack ATS recording reads as an `ats` (its own kind), every other one as a `pdu`.
			expect(pdu.kind, community).toBe(community.includes('-ats') ? 'ats' : 'pdu');
			// Metered-only PDUs of the corpus have no outlet table; ours all do.
			if (pdu.kind === 'pdu' && own.some(file => file.endsWith(`/${community}.snmprec`))) expect(outlets.length, community).toBeGreaterThan(0);
		}
	});

	it('our MasterSwitch (sPDU) fixture over v1, and the AP7921 rPDU fixture with its outlet names', async () => {
		expect((await poll('masterswitch-spdu', '1')).outlets.length).toBeGreaterThan(0);
		expect((await poll('ap7921-rpdu')).outlets.slice(0, 3).map(outlet => outlet.name)).toEqual(['fw', 'nas', 'lab-sw']);
	});

	it.skipIf(!inCorpus('apc_masterswitch2'))('MasterSwitch over v1: outlets 2, 3 and 5 off', async () => {
		const {outlets} = await poll('apc_masterswitch2', '1');
		expect(outlets.filter(outlet => outlet.state === 'off').map(outlet => outlet.number)).toEqual([2, 3, 5]);
	});

	it.skipIf(!inCorpus('apc_ap8959eu3'))('AP8959EU3: 24 outlets, outlet 23 off, device power and energy', async () => {
		const {pdu, outlets} = await poll('apc_ap8959eu3');
		expect(outlets).toHaveLength(24);
		expect(outlets.filter(outlet => outlet.state === 'off').map(outlet => outlet.number)).toEqual([23]);
		expect(pdu).toMatchObject({model: 'AP8959EU3', powerWatts: 270, energyKwh: 1967.7, ratingAmps: 16});
	});

	it('our 24-outlet rPDU2 fixture: switched state and metered load', async () => {
		const {pdu, outlets} = await poll('ap8959-24-rpdu2');
		expect(outlets).toHaveLength(24);
		expect(outlets[16]).toMatchObject({state: 'off', powerWatts: 0});
		expect(pdu.model).toBe('AP8959NA3');
	});

	it.each(['apc_ap7900b', 'apc_masterswitch2', 'apc_ap8853'].filter(name => existsSync(`${corpusDir}/${name}.json`)))('%s agrees with the LibreNMS oracle', async name => {
		const oracle = JSON.parse(readFileSync(`${corpusDir}/${name}.json`, 'utf8')) as {sensors: {discovery: {sensors: {sensor_class: string; sensor_current: number; sensor_oid: string}[]}}};
		const {pdu, outlets} = await poll(name);
		for (const sensor of oracle.sensors.discovery.sensors) {
			if (sensor.sensor_oid.startsWith('.1.3.6.1.4.1.318.1.1.4.4.2.1.3.')) {
				expect(outlets.find(outlet => outlet.number === Number(sensor.sensor_oid.split('.').pop()))?.state).toBe(sensor.sensor_current === 1 ? 'on' : 'off');
			} else if (sensor.sensor_class === 'current') {
				expect(pdu.phases.map(phase => phase.loadAmps)).toContain(sensor.sensor_current);
			} else if (sensor.sensor_class === 'power') {
				expect(pdu.powerWatts).toBe(sensor.sensor_current);
			} else if (sensor.sensor_class === 'power_consumed') {
				expect(pdu.energyKwh).toBe(sensor.sensor_current);
			}
		}
	});

	it('a SET the agent accepts but does not apply (the static recordings of snmpsim): the outcome says what was read back', async () => {
		const instance = plugin.create({id: 'sim', type: 'apc-pdu', interval: 5, timeout: 2, host: '127.0.0.1', port: sim.port, community: 'ap7921-rpdu', writeCommunity: 'ap7921-rpdu', requestTimeout: 0.5, retries: 0}, deps);
		const {entities} = await instance.poll(AbortSignal.timeout(8000));
		const outlet = (entities as Entity[]).find(entity => entity.kind === 'outlet')!;
		const off = instance.actions!.find(action => action.id === 'outlet.off')!;
		const outcome = await off.run([outlet], testRunContext({signal: AbortSignal.timeout(5000)}));
		expect(outcome).toMatchObject({ok: false, message: 'outlet.off: sent, but read back fw on'});
	});
});

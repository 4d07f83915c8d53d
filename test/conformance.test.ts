// Conformance (issue 13): every recording of ../shared/corpus and every fixture of the project goes
// through the same path as production — SNMP files through snmpsimd and the ups/apc-pdu plugins,
// NUT dumps through upsd with dummy-ups and the nut plugin, nvidia XML through a stand-in
// `nvidia-smi` on PATH and the nvidia plugin — and no entity may hold a sentinel or an impossible
// value (test/support/sanity.ts). The project's own fixtures keep the test from skipping entirely
// when the corpus is absent; a missing daemon skips only its part, with a message.
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {EntityDraft} from '../src/entities.js';
import {localTransport} from '../src/local-transport.js';
import type {PluginDefinition, PluginDeps, PollResult} from '../src/plugin-api.js';
import {plugin as apcPdu} from '../plugins/apc-pdu/index.js';
import {startUpsd, nutDir, type Upsd} from '../plugins/nut/upsd-harness.js';
import {plugin as nut} from '../plugins/nut/index.js';
import {plugin as nvidia} from '../plugins/nvidia/index.js';
import {findSnmpsimd, startSnmpsim, type Snmpsim} from '../protocols/snmp/sim/snmpsim.js';
import {plugin as ups} from '../plugins/ups/index.js';
import {implausibleValues} from './support/sanity.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = join(root, '..', 'shared', 'corpus');
const files = (dir: string, pattern: RegExp): string[] => (existsSync(dir) ? readdirSync(dir).filter(name => pattern.test(name)).sort().map(name => join(dir, name)) : []);
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.warn(`${corpus} is absent: conformance runs over the project's fixtures only`);

const deps: PluginDeps = {transport: () => undefined, localTransport, warn() {}, requestPoll() {}};
const sourceConfig = (type: string, fields: Record<string, unknown>) => ({id: 'conform', type, interval: 5, timeout: 4, ...fields});

async function pollOnce(definition: PluginDefinition, fields: Record<string, unknown>): Promise<PollResult> {
	const instance = definition.create(sourceConfig(definition.type, fields), deps);
	try {
		return await instance.poll(AbortSignal.timeout(10_000));
	} finally {
		await instance.close?.();
	}
}

function expectPlausible(label: string, entities: readonly EntityDraft[]): void {
	const problems = entities.flatMap(entity => implausibleValues(entity).map(problem => `${entity.id} ${problem}`));
	expect(problems, label).toEqual([]);
}

const upsRecordings = [...files(join(corpus, 'snmp-apc-ups'), /\.snmprec$/), ...files(join(root, 'fixtures', 'ups'), /\.snmprec$/)];
const pduRecordings = [...files(join(corpus, 'snmp-apc-pdu'), /\.snmprec$/), ...files(join(root, 'fixtures', 'apc-pdu'), /\.snmprec$/)];
/** Fixtures that are deliberately not PDUs: refused with what they are. */
const refusedPdus: Readonly<Record<string, RegExp>> = {'xpdu-modular': /not a rack PDU: the agent is an APC modular power distribution unit/};
const hasSnmpsim = findSnmpsimd() !== undefined;
if (!hasSnmpsim) console.warn('snmpsimd is not installed: the SNMP part of the conformance test is skipped');

describe.skipIf(!hasSnmpsim)('conformance: SNMP recordings through snmpsimd', () => {
	let sim: Snmpsim;
	beforeAll(async () => {
		sim = await startSnmpsim([...upsRecordings, ...pduRecordings]);
	}, 30_000);
	afterAll(async () => {
		await sim?.stop();
	});

	it.each(upsRecordings.map(file => [basename(file, '.snmprec')]))('ups %s', async community => {
		const {entities} = await pollOnce(ups, {host: '127.0.0.1', port: sim.port, community, version: '2c'});
		expect(entities).toHaveLength(1);
		expectPlausible(community, entities);
	});

	it.each(pduRecordings.map(file => [basename(file, '.snmprec')]))('apc-pdu %s', async community => {
		const poll = pollOnce(apcPdu, {host: '127.0.0.1', port: sim.port, community, version: '2c'});
		const refusal = refusedPdus[community];
		if (refusal) {
			await expect(poll).rejects.toThrow(refusal);
			return;
		}
		const {entities} = await poll;
		expect(entities.some(entity => entity.kind === 'pdu' || entity.kind === 'ats'), community).toBe(true);
		expectPlausible(community, entities);
	});

	it('the ATS fixture through the real client: its tables are walked (banks, input voltages)', async () => {
		const {entities} = await pollOnce(apcPdu, {host: '127.0.0.1', port: sim.port, community: 'ap4423-ats', version: '2c'});
		expect(entities[0]).toMatchObject({kind: 'ats', isRedundant: false, loadAmps: 8.8, inputs: [{status: 'fail', volts: 0}, {status: 'ok', volts: 231}]});
	});

	it('the three-phase UPS and the active-power card through the real client', async () => {
		const galaxy = (await pollOnce(ups, {host: '127.0.0.1', port: sim.port, community: 'galaxy-3phase', version: '2c'})).entities[0];
		expect(galaxy).toMatchObject({inputVolts: 400.7, outputVolts: 230, loadPercent: 34, loadWatts: 9270});
		expect(galaxy?.kind === 'ups' && galaxy.phases?.length).toBe(7);
		expect((await pollOnce(ups, {host: '127.0.0.1', port: sim.port, community: 'smart-ups-active-power', version: '2c', nominalWatts: 2700})).entities[0]).toMatchObject({loadWatts: 333});
	});

	it('a UPS card polled as a PDU is refused with what it is', async () => {
		await expect(pollOnce(apcPdu, {host: '127.0.0.1', port: sim.port, community: 'smart-ups-3000-nmc2', version: '2c'})).rejects.toThrow(/APC UPS network management card/);
	});
});

const nutDumps = [...files(join(corpus, 'nut'), /\.(dev|seq)$/), ...files(join(root, 'fixtures', 'nut'), /\.dev$/)];
const upsName = (file: string, index: number) => `u${index}-${basename(file).replace(/\.(dev|seq)$/, '').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 24)}`;
if (!nutDir) console.warn('NUT (upsd, dummy-ups) is not installed: the NUT part of the conformance test is skipped');

describe.skipIf(!nutDir)('conformance: NUT dumps through upsd + dummy-ups', () => {
	const names = Object.fromEntries(nutDumps.map((file, index) => [upsName(file, index), file]));
	let upsd: Upsd;
	let result: PollResult | undefined;
	beforeAll(async () => {
		upsd = await startUpsd(names);
		const deadline = Date.now() + 15_000;
		// Wait for every driver to hand its data to upsd (no fixed sleep: poll until complete or the deadline).
		while (Date.now() < deadline) {
			try {
				// eslint-disable-next-line no-await-in-loop
				result = await pollOnce(nut, {host: '127.0.0.1', port: upsd.port, tls: 'off'});
				if (!result.partial && Object.keys(names).every(name => result!.entities.some(entity => entity.localId === name))) break;
			} catch {
				result = undefined;
			}
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => setTimeout(resolve, 200));
		}
	}, 30_000);
	afterAll(async () => {
		await upsd?.stop();
	});

	it('every dump becomes an entity', () => {
		expect(result?.partial).toBeUndefined();
		for (const name of Object.keys(names)) expect(result!.entities.some(entity => entity.localId === name), name).toBe(true);
	});

	it.each(Object.keys(names).map(name => [name]))('%s holds no sentinel or impossible value', name => {
		const entities = result!.entities.filter(entity => entity.localId === name || (entity.kind === 'outlet' && entity.localId.startsWith(`${name}.`)));
		expectPlausible(name, entities);
	});

	it('device types as upsd serves them: ats and pdu fixtures are not UPSes', () => {
		const byFile = (fixture: string) => Object.entries(names).find(([, file]) => file.endsWith(`/fixtures/nut/${fixture}`))![0];
		expect(result!.entities.find(entity => entity.localId === byFile('ats.dev'))).toMatchObject({kind: 'ats', isRedundant: false, selectedInput: '2'});
		expect(result!.entities.find(entity => entity.localId === byFile('epdu.dev'))).toMatchObject({kind: 'pdu', ratingAmps: 16, outletCount: 3});
		expect(result!.entities.find(entity => entity.localId === byFile('battery-fault.dev'))).toMatchObject({kind: 'ups', isBatteryFault: true, runtimeSec: null, batteryTempCelsius: null});
	});
});

const nvidiaXml = [...files(join(corpus, 'nvidia-smi'), /\.xml$/), ...files(join(root, 'fixtures', 'nvidia'), /\.xml$/)];

describe('conformance: nvidia-smi XML through a stand-in nvidia-smi on PATH', () => {
	let dir = '';
	const path = process.env.PATH;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'labdeck-nvsmi-'));
	});
	afterAll(() => {
		process.env.PATH = path;
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it.each(nvidiaXml.map(file => [basename(file), file]))('%s', async (name, file) => {
		const bin = join(dir, name.replace(/[^A-Za-z0-9]+/g, '-'));
		mkdirSync(bin);
		// The stand-in answers -q -x with the recording and refuses --query-gpu, as an old driver would.
		writeFileSync(join(bin, 'nvidia-smi'), `#!/bin/sh\ncase "$*" in *--query-gpu*) echo "Field is not a valid field to query." >&2; exit 2;; esac\nexec cat '${file.replaceAll("'", "'\\''")}'\n`);
		chmodSync(join(bin, 'nvidia-smi'), 0o755);
		process.env.PATH = `${bin}:${path ?? ''}`;
		const {entities} = await pollOnce(nvidia, {});
		expect(entities.length, name).toBeGreaterThan(0);
		expectPlausible(name, entities);
	});
});

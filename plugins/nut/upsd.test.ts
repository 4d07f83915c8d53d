// The real plugin against Debian's NUT: dummy-ups drivers replaying our own fixtures (always) and
// the shared corpus's .dev/.seq files (when present), behind a real upsd on a free loopback port,
// all from a temporary config directory. Files are copied there at test time (the corpus's .seq
// timers shortened to 1 s), never into the repository. Skipped, with a message, only when NUT is
// not installed.
import {spawn, type ChildProcess} from 'node:child_process';
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {freeTcpPort} from '../../protocols/sim/free-port.js';
import type {Entity, UpsEntity} from '../../src/entities.js';
import {AuthError, UnreachableError} from '../../src/errors.js';
import type {PluginInstance, PollResult} from '../../src/plugin-api.js';
import {action, asEntities, createInstance, runContext, viewOf} from '../../test/support/nut.js';

const corpus = fileURLToPath(new URL('../../../shared/corpus/nut/', import.meta.url));
const nutDir = ['/lib/nut', '/usr/lib/nut', '/usr/libexec/nut'].find(dir => existsSync(join(dir, 'upsd')) && existsSync(join(dir, 'dummy-ups')));
const missing = !nutDir ? 'NUT (upsd and dummy-ups under /lib/nut) is not installed' : undefined;
const hasCorpus = existsSync(corpus);
if (missing) console.warn(`nut upsd integration tests skipped: ${missing}`);
else if (!hasCorpus) console.warn(`${corpus} not found: nut upsd tests run on the project's fixtures only`);

const fixtures = fileURLToPath(new URL('../../fixtures/nut/', import.meta.url));
/** UPS name → our fixture file. */
const ownDevices: Readonly<Record<string, string>> = {desk: 'desk.dev', closet: 'closet.dev', outage: 'outage.seq'};

/** UPS name → corpus file. */
const corpusDevices: Readonly<Record<string, string>> = {
	smart1000: 'APC__Smart-UPS_1000__snmp-ups__2.7.4__01.dev',
	tripplite: 'Tripp_Lite__SU6000RT4U__usbhid-ups__2.1.0__01.dev',
	backups: 'APC__Back-UPS_BK650M2-CH__usbhid-ups__2.8.0__01.dev',
	smt750: 'APC__Smart-UPS_750__apc_modbus__2.8.2__01.dev',
	epdu: 'Eaton__EPDU_MI_38U-A__snmp-ups__2.7.4__01.dev',
	evo: 'nut__data__evolution500.seq',
};
const devices: Readonly<Record<string, string>> = {...ownDevices, ...(hasCorpus ? corpusDevices : {})};

const deadlineMs = 8000;
let dir = '';
let port = 0;
let upsd: ChildProcess | undefined;
const drivers = new Map<string, ChildProcess>();
let instance: PluginInstance | undefined;
const signal = () => new AbortController().signal;
const env = () => ({...process.env, NUT_CONFPATH: dir, NUT_STATEPATH: join(dir, 'state'), NUT_ALTPIDPATH: join(dir, 'state')});
const asRoot = () => (process.getuid?.() === 0 ? ['-u', 'root'] : []);

/** Polls until `isDone` holds, bounded by `deadlineMs`; returns the last result. */
async function pollUntil(plugin: PluginInstance, isDone: (result: PollResult) => boolean): Promise<PollResult> {
	const started = Date.now();
	let last: PollResult | undefined;
	let lastError: unknown;
	while (Date.now() - started < deadlineMs) {
		try {
			// Polling the protocol for readiness.
			last = await plugin.poll(signal());
			if (isDone(last)) return last;
		} catch (error) {
			lastError = error;
		}
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	throw new Error(`condition not reached within ${deadlineMs} ms; last: ${last?.partial ?? String(lastError)}`);
}

const ups = (result: PollResult, name: string) => result.entities.find(entity => entity.id === `ups:nut-test/${name}`) as UpsEntity | undefined;

describe.skipIf(missing !== undefined)('nut plugin against upsd + dummy-ups (Debian NUT)', () => {
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'labdeck-upsd-'));
		mkdirSync(join(dir, 'state'), {mode: 0o700});
		port = await freeTcpPort();
		let upsConf = 'maxretry = 3\n';
		for (const [name, file] of Object.entries(devices)) {
			const target = join(dir, file);
			const from = name in ownDevices ? fixtures : corpus;
			if (file.endsWith('.seq')) writeFileSync(target, readFileSync(join(from, file), 'utf8').replace(/^TIMER \d+/gm, 'TIMER 1'));
			else copyFileSync(join(from, file), target);
			upsConf += `[${name}]\n  driver = dummy-ups\n  port = ${target}\n  pollinterval = 1\n  desc = "${name} from ${name in ownDevices ? 'fixtures' : 'the corpus'}"\n`;
		}
		writeFileSync(join(dir, 'ups.conf'), upsConf);
		writeFileSync(join(dir, 'upsd.conf'), `LISTEN 127.0.0.1 ${port}\nMAXAGE 2\n`, {mode: 0o600});
		writeFileSync(join(dir, 'upsd.users'), '[admin]\n  password = secret\n  instcmds = ALL\n', {mode: 0o600});
		for (const name of Object.keys(devices)) drivers.set(name, spawn(join(nutDir!, 'dummy-ups'), ['-a', name, '-F', ...asRoot()], {env: env(), stdio: 'ignore'}));
		upsd = spawn(join(nutDir!, 'upsd'), ['-F', ...asRoot()], {env: env(), stdio: 'ignore'});
		instance = createInstance({port, user: 'admin', password: 'secret', tls: 'auto'});
		await pollUntil(instance, result => !result.partial && Object.keys(devices).every(name => result.entities.some(entity => entity.localId === name)));
	}, 15_000);

	afterAll(async () => {
		await instance?.close?.();
		for (const child of [...drivers.values(), upsd]) {
			if (!child || child.exitCode !== null || child.signalCode !== null) continue;
			const exited = new Promise(resolve => child.once('exit', resolve));
			child.kill('SIGKILL');
			await exited;
		}
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	it('reads our fixtures\' UPSes with their status flags', async () => {
		const result = await instance!.poll(signal());
		expect(ups(result, 'desk')).toMatchObject({flags: ['online'], chargePercent: 100});
		expect(ups(result, 'closet')).toMatchObject({flags: ['online', 'charging'], chargePercent: 74});
		expect(ups(result, 'outage')).toBeDefined();
	});

	it.skipIf(!hasCorpus)('reads every corpus UPS with its status flags', async () => {
		const result = await instance!.poll(signal());
		expect(ups(result, 'smart1000')).toMatchObject({flags: ['on-battery'], chargePercent: 93});
		expect(ups(result, 'tripplite')?.flags).toEqual(['on-battery', 'low-battery', 'replace-battery']);
		expect(ups(result, 'backups')?.flags).toEqual(['online', 'discharging']);
		expect(ups(result, 'smt750')).toMatchObject({flags: ['online', 'high-efficiency'], loadWatts: 25.94, runtimeSec: 6420});
		expect(result.entities.find(entity => entity.id === 'pdu:nut-test/epdu')).toMatchObject({kind: 'pdu', outletCount: 42});
		expect(result.entities.filter(entity => entity.kind === 'outlet' && entity.pdu === 'pdu:nut-test/epdu')).toHaveLength(42);
		expect(ups(result, 'smart1000')?.flags).not.toContain('online');
	});

	it('offers only the commands upsd lists, and runs one with the right password', async () => {
		const entities: Entity[] = asEntities((await instance!.poll(signal())).entities);
		const evo = entities.find(entity => entity.id === 'ups:nut-test/outage')!;
		expect(action(instance!, 'ups.test-battery').appliesTo!(evo)).toBe(false);
		const loadOff = action(instance!, 'ups.load-off');
		expect(loadOff.appliesTo!(evo)).toBe(true); // dummy-ups lists load.off
		expect((await loadOff.run([evo], runContext(viewOf(entities)))).ok).toBe(true);
		const wrong = createInstance({port, user: 'admin', password: 'nope'});
		await wrong.poll(signal());
		await expect(action(wrong, 'ups.load-off').run([evo], runContext(viewOf(entities)))).rejects.toThrow(AuthError);
		await wrong.close?.();
	});

	it('follows the .seq file to OB LB DISCHRG, and marks a frozen driver stale (ERR DATA-STALE)', async () => {
		drivers.get('closet')!.kill('SIGSTOP');
		const result = await pollUntil(instance!, last => Boolean(ups(last, 'outage')?.flags.includes('low-battery')) && /closet: ERR DATA-STALE/.test(last.partial ?? ''));
		expect(ups(result, 'outage')?.flags).toEqual(['on-battery', 'low-battery', 'discharging']);
		expect(ups(result, 'closet')).toBeUndefined();
		expect(ups(result, 'desk')).toBeDefined();
	}, 12_000);

	it.skipIf(!hasCorpus)('follows the corpus .seq file to OB LB DISCHRG', async () => {
		const result = await pollUntil(instance!, last => Boolean(ups(last, 'evo')?.flags.includes('low-battery')));
		expect(ups(result, 'evo')?.flags).toEqual(['on-battery', 'low-battery', 'discharging']);
	}, 12_000);

	it('marks a dead driver stale and a dead upsd unreachable', async () => {
		drivers.get('desk')!.kill('SIGKILL');
		const result = await pollUntil(instance!, last => /desk: ERR (DRIVER-NOT-CONNECTED|DATA-STALE)/.test(last.partial ?? ''));
		expect(ups(result, 'desk')).toBeUndefined();
		const exited = new Promise(resolve => upsd!.once('exit', resolve));
		upsd!.kill('SIGTERM');
		await exited;
		await expect(instance!.poll(signal())).rejects.toThrow(UnreachableError);
	});
});

// STARTTLS (a throwaway certificate made by openssl at test time) and the simulator's
// power-outage model, stepped by an injected clock instead of sleeps.
import {execFileSync} from 'node:child_process';
import {createHash, X509Certificate} from 'node:crypto';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {UpsEntity} from '../../src/entities.js';
import {AuthError} from '../../src/errors.js';
import type {PluginInstance} from '../../src/plugin-api.js';
import {makeSelfSignedCertificate} from '../../protocols/sim/self-signed.js';
import {startNutSimulator, type NutSimulator} from './sim/simulator.js';
import {createInstance, fixture} from '../../test/support/nut.js';

let simulator: NutSimulator | undefined;
let instance: PluginInstance | undefined;
const signal = () => new AbortController().signal;

afterEach(async () => {
	await instance?.close?.();
	await simulator?.stop();
	instance = undefined;
	simulator = undefined;
});

function hasOpenssl(): boolean {
	try {
		execFileSync('openssl', ['version'], {stdio: 'ignore', timeout: 5000});
		return true;
	} catch {
		return false;
	}
}

const canTls = hasOpenssl();
if (!canTls) console.warn('nut STARTTLS tests skipped: no openssl to make a test certificate');

describe.skipIf(!canTls)('STARTTLS', () => {
	let pem = {key: '', cert: ''};
	let fingerprint = '';
	beforeAll(async () => {
		const certificate = await makeSelfSignedCertificate('upsd.test', {days: 1});
		pem = {key: certificate.key, cert: certificate.cert};
		fingerprint = certificate.fingerprint256;
		expect(fingerprint.replace(/:/g, '').toLowerCase()).toBe(createHash('sha256').update(new X509Certificate(pem.cert).raw).digest('hex'));
	});

	async function start(withTls: boolean, fields: Record<string, unknown>) {
		simulator = await startNutSimulator({ups: {desk: fixture('desk.dev')}, users: {admin: {password: 'secret', instcmds: 'ALL'}}, ...(withTls ? {tls: pem} : {})});
		instance = createInstance({port: simulator.port, ...fields});
		return {sim: simulator, plugin: instance};
	}

	it('upgrades with a pinned fingerprint and logs in over TLS', async () => {
		const {sim, plugin} = await start(true, {tls: 'required', fingerprint: fingerprint.toLowerCase(), user: 'admin', password: 'secret'});
		expect((await plugin.poll(signal())).entities).toHaveLength(3);
		expect(sim.requests.slice(0, 3)).toEqual(['STARTTLS', 'USERNAME admin', 'PASSWORD secret']);
	});

	it('refuses a certificate that does not match the pin', async () => {
		const {plugin} = await start(true, {fingerprint: 'AA'.repeat(32)});
		await expect(plugin.poll(signal())).rejects.toThrow(AuthError);
		await expect(plugin.poll(signal())).rejects.toThrow(/fingerprint mismatch/);
	});

	it('refuses an untrusted certificate unless pinned or insecure', async () => {
		const {plugin} = await start(true, {tls: 'auto'});
		await expect(plugin.poll(signal())).rejects.toThrow(/certificate not trusted .*set "fingerprint" to pin it/);
		await plugin.close?.();
		instance = createInstance({port: simulator!.port, tls: 'auto', insecure: true});
		expect((await instance.poll(signal())).entities).toHaveLength(3);
	});

	it('falls back to plain text under tls "auto", refuses under "required"', async () => {
		const {sim, plugin} = await start(false, {tls: 'auto'});
		expect((await plugin.poll(signal())).entities).toHaveLength(3);
		const strict = createInstance({port: sim.port, tls: 'required'});
		await expect(strict.poll(signal())).rejects.toThrow(/does not offer TLS \(ERR FEATURE-NOT-CONFIGURED\)/);
		await strict.close?.();
		const off = createInstance({port: sim.port, tls: 'off'});
		await off.poll(signal());
		expect(sim.requests.filter(line => line === 'STARTTLS')).toHaveLength(2);
		await off.close?.();
	});
});

describe('power-outage scenario', () => {
	it('goes OL → OB DISCHRG, drains charge and runtime with load, and reaches LB', async () => {
		let clock = 1_000_000;
		simulator = await startNutSimulator({ups: {desk: fixture('desk.dev')}, users: {admin: {password: 'secret', instcmds: 'ALL'}}, now: () => clock});
		instance = createInstance({port: simulator.port, user: 'admin', password: 'secret'});
		const read = async () => (await instance!.poll(signal())).entities.find(entity => entity.kind === 'ups') as UpsEntity;
		expect((await read()).flags).toEqual(['online']);
		simulator.setMains(false);
		clock += 60_000;
		const onBattery = await read();
		expect(onBattery.flags).toEqual(['on-battery', 'discharging']);
		expect(onBattery.inputVolts).toBe(0);
		expect(onBattery.chargePercent).toBe(98);
		expect(onBattery.runtimeSec).toBe(2340);
		expect(onBattery.timeOnBatterySec).toBe(0);
		// Shedding the workstation (140 of 180 W) stretches the runtime by 180/40.
		simulator.models.get('desk')!.run('outlet.1.load.off', clock);
		expect((await read()).runtimeSec).toBe(Math.round((2340 * 180) / 40));
		simulator.models.get('desk')!.run('outlet.1.load.on', clock);
		clock += 1900_000;
		const low = await read();
		expect(low.flags).toEqual(['on-battery', 'discharging', 'low-battery']);
		expect(low.chargePercent).toBeLessThanOrEqual(20);
		clock += 600_000;
		expect((await read()).flags).toEqual(['off']);
		simulator.setMains(true);
		expect((await read()).flags).toEqual(['online', 'charging']);
	});
});

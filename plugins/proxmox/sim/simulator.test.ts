// The simulator's own behaviour, on a controlled clock: tasks, locks, HA recovery, ticket expiry.
import {afterEach, describe, expect, it} from 'vitest';
import {AuthError} from '../../../src/errors.js';
import {PveClient} from '../client.js';
import {handleApi} from './sim-api.js';
import {loadSeed} from './sim-seed.js';
import {SimApiError, SimState} from './sim-state.js';
import {startPveSimulator, type PveSimulator} from './simulator.js';

function state(): {sim: SimState; tick: (ms: number) => void} {
	let now = 1_750_000_000_000;
	const sim = new SimState(loadSeed(), {taskMs: 3000, haRecoveryMs: 120_000, now: () => now});
	return {sim, tick: ms => {
		now += ms;
	}};
}

const call = (sim: SimState, method: string, path: string, params: Record<string, string> = {}) => handleApi(sim, method, path, params, 'root@pam');

describe('proxmox simulator state', () => {
	it('runs a task for taskMs, then changes the guest', () => {
		const {sim, tick} = state();
		const upid = call(sim, 'POST', '/nodes/pve3/qemu/132/status/start') as string;
		expect(call(sim, 'GET', `/nodes/pve3/tasks/${upid}/status`)).toMatchObject({status: 'running'});
		tick(3000);
		expect(call(sim, 'GET', `/nodes/pve3/tasks/${upid}/status`)).toMatchObject({status: 'stopped', exitstatus: 'OK'});
		expect(sim.guests.get(132)?.status).toBe('running');
		expect(() => call(sim, 'POST', '/nodes/pve3/qemu/132/status/start')).toThrow('VM 132 already running');
		expect(() => call(sim, 'POST', '/nodes/pve3/lxc/131/status/reset')).toThrow(/not implemented/);
	});

	it('locks a migrating guest and unlocks it when the migration fails', () => {
		const {sim, tick} = state();
		sim.failingTasks = 1;
		call(sim, 'POST', '/nodes/pve3/qemu/130/migrate', {target: 'pve1', online: '1'});
		expect(() => call(sim, 'POST', '/nodes/pve3/qemu/130/status/stop')).toThrow('VM 130 is locked (migrate)');
		tick(3000);
		call(sim, 'GET', '/cluster/resources');
		expect(sim.guests.get(130)).toMatchObject({node: 'pve3', lock: null});
		expect(() => call(sim, 'POST', '/nodes/pve3/qemu/130/migrate', {target: 'pve1'})).toThrow(`can't migrate running VM without --online`);
		expect(() => call(sim, 'POST', '/nodes/pve2/qemu/120/migrate', {target: 'pve1', online: '1'})).toThrow('local devices: hostpci0');
	});

	it('recovers HA guests of a dead node after haRecoveryMs, and answers 595 for the dead node', () => {
		const {sim, tick} = state();
		sim.setNodeOnline('pve1', false);
		expect(() => call(sim, 'GET', '/nodes/pve1/status')).toThrow(SimApiError);
		tick(119_000);
		call(sim, 'GET', '/cluster/resources');
		expect(sim.guests.get(100)?.node).toBe('pve1');
		tick(2000);
		call(sim, 'GET', '/cluster/resources');
		expect(sim.guests.get(100)).toMatchObject({node: 'pve2', status: 'running'});
		expect(sim.guests.get(102)).toMatchObject({node: 'pve1', status: 'stopped'});
	});
});

describe('proxmox simulator ticket auth', () => {
	let sim: PveSimulator | undefined;
	let client: PveClient | undefined;
	afterEach(async () => {
		await client?.close();
		await sim?.stop();
	});

	it('rejects an expired ticket; the client logs in again on the next call', async () => {
		let now = Date.now();
		sim = await startPveSimulator({now: () => now});
		client = new PveClient({source: 'pve-test', host: '127.0.0.1', port: sim.port, user: sim.user, password: sim.password, fingerprint: sim.fingerprint, timeoutMs: 2000});
		const signal = AbortSignal.timeout(5000);
		await client.clusterStatus(signal);
		now += 3 * 3600_000;
		await expect(client.clusterStatus(signal)).rejects.toBeInstanceOf(AuthError);
		await expect(client.clusterStatus(signal)).resolves.toBeInstanceOf(Array);
		expect(sim.requests.filter(request => request.path === '/access/ticket')).toHaveLength(2);
	});
});

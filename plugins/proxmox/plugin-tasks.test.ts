// Recent tasks, PCI mappings and the failed-task alert end to end: the real plugin against the
// simulator, its guest actions making a task fail, and the core's AlertEngine over the result.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AlertEngine} from '../../src/alerts.js';
import type {Entity, GuestEntity} from '../../src/entities.js';
import type {ActionView, PluginDeps, PluginInstance, PollResult} from '../../src/plugin-api.js';
import {applyPoll, emptySnapshot, setSources, type Snapshot} from '../../src/store.js';
import {plugin} from './index.js';
import {startPveSimulator, type PveSimulator} from './sim/simulator.js';
import {testView} from '../../test/support/actions.js';

let sim: PveSimulator;
let instance: PluginInstance;
const deps: PluginDeps = {
	transport: () => undefined,
	localTransport: {host: 'test', exec: async () => ({stdout: '', stderr: '', code: 0})},
	warn: () => undefined,
	requestPoll: () => undefined,
};

beforeAll(async () => {
	sim = await startPveSimulator({taskMs: 30});
	instance = plugin.create({id: 'pve-test', type: 'proxmox', interval: 5, timeout: 2, host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.tokenSecret, fingerprint: sim.fingerprint}, deps);
});
afterAll(async () => {
	await instance.close?.();
	await sim.stop();
});

const poll = async (): Promise<PollResult> => instance.poll(AbortSignal.timeout(5000));
const guest = (result: PollResult, vmid: number) => result.entities.find(entity => entity.id === `guest:pve-test/${vmid}`) as GuestEntity;

function viewOf(result: PollResult): ActionView {
	const all = result.entities.map(entity => ({...entity, seenAt: Date.now()}) as Entity);
	return testView(all);
}

async function start(vmid: number): Promise<boolean> {
	const result = await poll();
	const view = viewOf(result);
	const action = instance.actions!.find(item => item.id === 'guest.start')!;
	const outcome = await action.run([view.entity(`guest:pve-test/${vmid}`)!], {
		signal: AbortSignal.timeout(5000), params: {}, view, progress: () => undefined, noWait: false, requestPoll: () => undefined,
		invoke: async () => ({ok: false, message: 'no'}),
	});
	return outcome.ok;
}

describe('proxmox recent tasks and the failed-task alert against the simulator', () => {
	it('fills recentTasks from /cluster/tasks and pciMappings from hostpci mapping= entries', async () => {
		const result = await poll();
		const win = guest(result, 132);
		expect(win.recentTasks.map(task => [task.type, task.status, task.isFailed])).toEqual([
			['vncproxy', 'ok', false],
			['qmstart', 'start failed: QEMU exited with code 1', true],
		]);
		expect(win.recentTasks[1]).toMatchObject({user: 'root@pam', id: expect.stringMatching(/^UPID:pve3:[0-9A-F]{8}:[0-9A-F]{8}:[0-9A-F]{8}:qmstart:132:root@pam:$/)});
		expect(guest(result, 103).recentTasks).toMatchObject([{type: 'vzdump', status: 'WARNINGS: 1', isFailed: false}]);
		expect(guest(result, 120).recentTasks.map(task => task.type)).toEqual(['qmstart']);
		expect(guest(result, 100).recentTasks).toEqual([]);
		expect(guest(result, 111)).toMatchObject({pciDevices: [], pciMappings: ['sriov-nic']});
		expect(guest(result, 120)).toMatchObject({pciDevices: ['0000:41:00.0'], pciMappings: []});
		// The seeded failure is 45 minutes old: shown, but not an alert.
		const rule = plugin.alertRules!.find(item => item.id === 'proxmox.guest-task-failed')!;
		expect(rule.metric({...win, seenAt: 0}, Date.now())).toBe(0);
	});

	it('shows a running task as running', async () => {
		sim.state.startTask({node: 'pve1', type: 'vzdump', id: '101', user: 'root@pam', apply: () => undefined, durationMs: 600_000});
		expect(guest(await poll(), 101).recentTasks[0]).toMatchObject({type: 'vzdump', status: 'running', endTime: null, isFailed: false});
	});

	it('shows a failed start on the guest, fires the alert through the AlertEngine, and clears it when a start succeeds', async () => {
		const engine = new AlertEngine(plugin.alertRules!, {racks: [], devices: []});
		const health = {id: 'pve-test', type: 'proxmox', name: 'pve-test', status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
		let snapshot: Snapshot = setSources(emptySnapshot('lab'), [health]);
		const evaluate = (result: PollResult) => {
			snapshot = applyPoll(snapshot, 'pve-test', result, Date.now(), 1);
			return engine.evaluate(snapshot, Date.now()).filter(alert => alert.ruleId === 'proxmox.guest-task-failed');
		};
		expect(evaluate(await poll())).toEqual([]);

		sim.failNextTasks(1);
		expect(await start(121)).toBe(false);
		const failed = await poll();
		expect(guest(failed, 121)).toMatchObject({status: 'stopped'});
		expect(guest(failed, 121).recentTasks[0]).toMatchObject({type: 'vzstart', status: "startup for container '121' failed", isFailed: true, endTime: expect.any(Number)});
		const alerts = evaluate(failed);
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({severity: 'warning', entityId: 'guest:pve-test/121', source: 'pve-test'});
		expect(alerts[0]?.message).toMatch(/^121 jupyter: task vzstart failed: startup for container '121' failed \(\d+s ago\)$/);

		// A failed /cluster/tasks read keeps the last task list (and the alert).
		sim.setFault({mode: 'garbage', path: '/cluster/tasks'});
		const partial = await poll();
		sim.setFault(undefined);
		expect(partial.partial).toMatch(/GET \/cluster\/tasks: invalid JSON/);
		expect(guest(partial, 121).recentTasks[0]?.isFailed).toBe(true);
		expect(evaluate(partial)).toHaveLength(1);

		expect(await start(121)).toBe(true);
		const fixed = await poll();
		expect(guest(fixed, 121).recentTasks.slice(0, 2).map(task => `${task.type} ${task.status}`)).toEqual(['vzstart ok', "vzstart startup for container '121' failed"]);
		expect(evaluate(fixed)).toEqual([]);
	});
});

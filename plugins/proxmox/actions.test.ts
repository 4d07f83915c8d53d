// Guest actions end to end: the real plugin's ActionDefs against the simulator, waiting on the
// PVE task, failing tasks, device refusals, --no-wait, and migration.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import type {Entity, GuestEntity} from '../../src/entities.js';
import type {ActionDef, ActionOutcome, ActionView, PluginDeps, PluginInstance} from '../../src/plugin-api.js';
import {plugin} from './index.js';
import {PveSimulator, startPveSimulator} from './sim/simulator.js';
import {testView} from '../../test/support/actions.js';

let sim: PveSimulator;
let instance: PluginInstance;
let pollRequests = 0;
const deps: PluginDeps = {
	transport: () => undefined,
	localTransport: {host: 'test', exec: async () => ({stdout: '', stderr: '', code: 0})},
	warn: () => undefined,
	requestPoll: () => {
		pollRequests++;
	},
};

beforeAll(async () => {
	sim = await startPveSimulator({taskMs: 40});
	instance = plugin.create({id: 'pve-test', type: 'proxmox', interval: 5, timeout: 2, host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.tokenSecret, fingerprint: sim.fingerprint}, deps);
});
afterAll(async () => {
	await instance.close?.();
	await sim.stop();
});
beforeEach(() => {
	sim.failNextTasks(0);
	sim.setQuorumLost(false);
});

const invoke = async (): Promise<ActionOutcome> => {
	throw new Error('guest actions do not invoke other actions');
};

async function view(): Promise<ActionView> {
	const {entities} = await instance.poll(AbortSignal.timeout(5000));
	const all = entities.map(entity => ({...entity, seenAt: Date.now()}) as Entity);
	return testView(all);
}

function action(id: string): ActionDef {
	const found = instance.actions?.find(item => item.id === id);
	if (!found) throw new Error(`no action ${id}`);
	return found;
}

async function act(id: string, vmid: number, options: {params?: Record<string, string>; noWait?: boolean} = {}): Promise<{outcome: ActionOutcome; progress: string[]; current: ActionView}> {
	const current = await view();
	const target = current.entity(`guest:pve-test/${vmid}`)!;
	const progress: string[] = [];
	const def = action(id);
	const params = options.params ?? {};
	const refusal = def.validate?.([target], params, current);
	if (refusal) throw new Error(refusal);
	const outcome = await def.run([target], {signal: AbortSignal.timeout(10_000), params, view: current, progress: line => progress.push(line), noWait: options.noWait ?? false, invoke, requestPoll: () => {}});
	return {outcome, progress, current};
}

async function statusOf(vmid: number): Promise<GuestEntity> {
	return (await view()).entity(`guest:pve-test/${vmid}`) as GuestEntity;
}

describe('proxmox guest actions', () => {
	it('declares ids, risks and what each applies to', async () => {
		expect(instance.actions?.filter(item => item.kind === 'guest').map(item => [item.id, item.risk])).toEqual([
			['guest.start', 'low'], ['guest.shutdown', 'high'], ['guest.reboot', 'high'], ['guest.stop', 'destructive'], ['guest.reset', 'destructive'], ['guest.migrate', 'high'],
		]);
		const current = await view();
		const running = current.entity('guest:pve-test/101')!;
		const stopped = current.entity('guest:pve-test/121')!;
		const template = current.entity('guest:pve-test/9000')!;
		expect(action('guest.start').appliesTo?.(stopped)).toBe(true);
		expect(action('guest.start').appliesTo?.(running)).toBe(false);
		expect(action('guest.start').appliesTo?.(template)).toBe(false);
		expect(action('guest.shutdown').appliesTo?.(stopped)).toBe(false);
		expect(action('guest.reset').appliesTo?.(running)).toBe(false); // a container
		expect(action('guest.reset').appliesTo?.(current.entity('guest:pve-test/100')!)).toBe(true);
		expect(action('guest.stop').describe?.([running], {}, current)).toEqual(['pulls the plug on CT 101 (dns) on pve1: unsaved data is lost']);
	});

	it('starts, reboots, resets, shuts down and stops, waiting on each task', async () => {
		const before = pollRequests;
		const start = await act('guest.start', 132);
		expect(start.outcome).toMatchObject({ok: true, message: 'Start: 132 done (OK)'});
		expect((start.outcome.details?.tasks as {upid: string}[])[0]?.upid).toMatch(/:qmstart:132:labdeck@pve!monitor:$/);
		expect(start.progress.at(-1)).toMatch(/^guest\.start: 132 OK/);
		expect((await statusOf(132)).status).toBe('running');
		expect((await act('guest.reboot', 132)).outcome.ok).toBe(true);
		expect((await act('guest.reset', 132)).outcome.ok).toBe(true);
		expect((await act('guest.shutdown', 132)).outcome.ok).toBe(true);
		expect((await statusOf(132)).status).toBe('stopped');
		expect((await act('guest.start', 121)).outcome.ok).toBe(true);
		expect((await act('guest.stop', 121)).outcome.ok).toBe(true);
		expect((await statusOf(121)).status).toBe('stopped');
		expect(pollRequests - before).toBe(6);
	});

	it('reports a failing task with its exit status', async () => {
		sim.failNextTasks(1);
		const {outcome} = await act('guest.start', 132);
		expect(outcome.ok).toBe(false);
		expect(outcome.message).toBe('Start failed for 132: start failed: QEMU exited with code 1');
		expect((await statusOf(132)).status).toBe('stopped');
	});

	it('reports a device refusal (no quorum) without a task', async () => {
		sim.setQuorumLost(true);
		const {outcome} = await act('guest.start', 132);
		expect(outcome).toMatchObject({ok: false, message: 'Start failed for 132: refused: cluster not ready - no quorum?'});
	});

	it('returns the UPID at once with noWait', async () => {
		const {outcome} = await act('guest.start', 132, {noWait: true});
		expect(outcome.ok).toBe(true);
		expect(outcome.message).toBe('Start started for 132');
		const [task] = outcome.details?.tasks as {upid: string; exitstatus: string | null}[];
		expect(task?.upid).toMatch(/^UPID:pve3:/);
		expect(task?.exitstatus).toBeNull();
		await expect.poll(async () => (await statusOf(132)).status).toBe('running');
		await act('guest.stop', 132);
	});

	it('migrates a running VM online to a chosen node', async () => {
		const current = await view();
		const media = current.entity('guest:pve-test/130')!;
		const choices = action('guest.migrate').params?.[0]?.choices?.([media], current);
		expect(choices).toEqual(['pve1', 'pve2']);
		expect(action('guest.migrate').validate?.([media], {target: 'pve3'}, current)).toBe('pve3 is not another online node of this cluster');
		expect(action('guest.migrate').validate?.([current.entity('guest:pve-test/120')!], {target: 'pve1'}, current)).toMatch(/passed-through PCI devices \(0000:41:00\.0\)/);
		expect(action('guest.migrate').validate?.([current.entity('guest:pve-test/111')!], {target: 'pve1'}, current)).toMatch(/passed-through PCI devices \(mapping sriov-nic\)/);
		const {outcome} = await act('guest.migrate', 130, {params: {target: 'pve1'}});
		expect(outcome).toMatchObject({ok: true});
		expect((outcome.details?.tasks as {upid: string}[])[0]?.upid).toMatch(/:qmigrate:130:/);
		expect(await statusOf(130)).toMatchObject({node: 'pve1', status: 'running', lock: null});
	});

	it('runs on a marked selection side by side', async () => {
		const current = await view();
		const targets = [current.entity('guest:pve-test/102')!, current.entity('guest:pve-test/103')!];
		const outcome = await action('guest.shutdown').run(targets, {signal: AbortSignal.timeout(10_000), params: {}, view: current, progress: () => undefined, noWait: false, invoke, requestPoll: () => {}});
		expect(outcome).toMatchObject({ok: true, message: 'Shut down: 102, 103 done (OK)'});
		expect((await statusOf(102)).status).toBe('stopped');
		expect((await statusOf(103)).status).toBe('stopped');
	});
});

// Node actions against the simulator: node shutdown and reboot through `POST /nodes/{node}/status`
// (watched in /cluster/status), and the bulk stopall / migrateall tasks; the simulator keeps state.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Entity, GuestEntity, HostEntity} from '../../src/entities.js';
import type {ActionDef, ActionView, PluginDeps, PluginInstance} from '../../src/plugin-api.js';
import {testRunContext, testView} from '../../test/support/actions.js';
import {plugin} from './index.js';
import {PveSimulator, startPveSimulator} from './sim/simulator.js';

let sim: PveSimulator;
let instance: PluginInstance;
const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 'test', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: () => undefined, requestPoll: () => undefined};

beforeAll(async () => {
	sim = await startPveSimulator({taskMs: 60});
	instance = plugin.create({id: 'pve-test', type: 'proxmox', interval: 5, timeout: 2, host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.tokenSecret, fingerprint: sim.fingerprint}, deps);
});
afterAll(async () => {
	await instance.close?.();
	await sim.stop();
});

async function view(): Promise<ActionView> {
	const {entities} = await instance.poll(AbortSignal.timeout(5000));
	return testView(entities.map(entity => ({...entity, seenAt: Date.now()}) as Entity));
}

const action = (id: string): ActionDef => instance.actions!.find(item => item.id === id && item.kind === 'host')!;

async function run(id: string, node: string, params: Record<string, string> = {}) {
	const current = await view();
	const target = current.entity(`host:pve-test/${node}`)!;
	const def = action(id);
	expect(def.validate?.([target], params, current)).toBeUndefined();
	const progress: string[] = [];
	const outcome = await def.run([target], testRunContext({view: current, params, progress: line => progress.push(line)}));
	return {outcome, progress, risk: typeof def.risk === 'function' ? def.risk([target], current) : def.risk, lines: def.describe?.([target], params, current) ?? []};
}

const guestsOn = async (node: string) => ((await view()).entities('guest') as GuestEntity[]).filter(guest => guest.node === node);

describe('proxmox node actions', () => {
	it('migrates every guest it can off a node in one migrateall task; passed-through VMs stay (WARNINGS)', async () => {
		const {outcome, risk, lines} = await run('host.migrate-guests', 'pve2', {target: 'pve3'});
		expect(risk).toBe('high');
		expect(lines[0]).toMatch(/^pve2: moves 110 \(k8s-cp-1\), 111 \(k8s-worker-1\), 120 \(ml-train\), 121 \(jupyter\) to pve3/);
		expect(outcome.ok).toBe(true);
		expect(outcome.message).toMatch(/^pve2: guests migrated \(WARNINGS: 1 \(some guests could not be migrated/);
		expect((await guestsOn('pve2')).map(guest => guest.vmid).sort()).toEqual([111, 120]);
	});

	it('refuses a migration target that is not another online node', async () => {
		const current = await view();
		expect(action('host.migrate-guests').validate!([current.entity('host:pve-test/pve2')!], {target: 'pve2'}, current)).toBe('pve2 is not another online node of this cluster');
	});

	it('shuts every guest of a node down in one stopall task', async () => {
		const {outcome, progress} = await run('host.shutdown-guests', 'pve3');
		expect(outcome).toMatchObject({ok: true, message: 'pve3: guests shut down'});
		expect(progress).toEqual(['host.shutdown-guests: pve3 task running', 'host.shutdown-guests: pve3 OK']);
		expect((await guestsOn('pve3')).filter(guest => guest.status === 'running')).toEqual([]);
	});

	it('reboots a node: offline, then back online; a node with running guests is destructive', async () => {
		const {outcome, progress, risk} = await run('host.reboot', 'pve1');
		expect(risk).toBe('destructive');
		expect(outcome).toMatchObject({ok: true, message: 'pve1 rebooted (back online)'});
		expect(progress).toEqual(['pve1: rebooting', 'pve1: offline', 'pve1: back online']);
		expect(sim.requests.filter(request => request.method === 'POST' && request.path === '/nodes/pve1/status')).toHaveLength(1);
	});

	it('shuts a node down and it stays offline; actions no longer apply to it', async () => {
		const {outcome, risk} = await run('host.shutdown', 'pve3');
		expect(risk).toBe('high');
		expect(outcome).toMatchObject({ok: true, message: 'pve3 shut down (offline)'});
		const node = (await view()).entity('host:pve-test/pve3') as HostEntity;
		expect(node.isOnline).toBe(false);
		expect(action('host.shutdown').appliesTo!(node)).toBe(false);
	});
});

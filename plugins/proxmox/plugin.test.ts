// The real plugin (create → poll) against the simulator: a healthy cluster, a standalone node,
// quorum lost, a node offline, a node that does not answer, and failures of the main call.
import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import type {GuestEntity, HostEntity} from '../../src/entities.js';
import {AuthError, DeviceReplyError, TimeoutError} from '../../src/errors.js';
import type {PluginDeps, PluginInstance} from '../../src/plugin-api.js';
import {plugins} from '../registry.js';
import {resolveConfig} from '../../src/config.js';
import {plugin} from './index.js';
import {PveSimulator, startPveSimulator, type SimulatorOptions} from './sim/simulator.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const warnings: string[] = [];
const deps: PluginDeps = {
	transport: () => undefined,
	localTransport: {host: 'test', exec: async () => ({stdout: '', stderr: '', code: 0})},
	warn: message => warnings.push(message),
	requestPoll: () => undefined,
};

async function setup(options: SimulatorOptions = {}, config: Record<string, unknown> = {}): Promise<{sim: PveSimulator; instance: PluginInstance}> {
	const sim = await startPveSimulator({taskMs: 30, ...options});
	cleanups.push(async () => sim.stop());
	const instance = plugin.create({
		id: 'pve-test', type: 'proxmox', interval: 5, timeout: 2,
		host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.tokenSecret, fingerprint: sim.fingerprint, ...config,
	}, deps);
	cleanups.push(async () => instance.close?.());
	return {sim, instance};
}

const poll = async (instance: PluginInstance) => instance.poll(AbortSignal.timeout(5000));
const guest = (entities: readonly {id: string}[], vmid: number) => entities.find(entity => entity.id === `guest:pve-test/${vmid}`) as GuestEntity;
const host = (entities: readonly {id: string}[], node: string) => entities.find(entity => entity.id === `host:pve-test/${node}`) as HostEntity;

describe('proxmox plugin against the simulator', () => {
	it('is registered, with token and password as secret fields', async () => {
		expect(await plugins.load(['proxmox'])).toEqual([plugin]);
		expect(plugin.secretFields).toEqual(['token', 'password']);
		expect(plugin.defaults).toEqual({interval: 5, timeout: 5});
	});

	it('polls a healthy three-node cluster: nodes, a dozen guests, storage, PCI passthrough, rates', async () => {
		const {instance} = await setup();
		const first = await poll(instance);
		expect(first.partial).toBeUndefined();
		expect(first.entities.filter(entity => entity.kind === 'host')).toHaveLength(3);
		expect(first.entities.filter(entity => entity.kind === 'guest')).toHaveLength(12);
		// Two local storages per node, and the shared nas-backup once with its three nodes.
		expect(first.entities.filter(entity => entity.kind === 'storage')).toHaveLength(7);
		expect(first.entities.find(entity => entity.id === 'storage:pve-test/nas-backup')).toMatchObject({isShared: true, nodes: ['pve1', 'pve2', 'pve3']});
		expect(host(first.entities, 'pve2')).toMatchObject({isOnline: true, version: '8.3.2', cpu: {cores: 32}});
		expect(guest(first.entities, 120)).toMatchObject({node: 'pve2', status: 'running', pciDevices: ['0000:41:00.0'], tags: ['gpu', 'ml'], netInBytesPerSec: null});
		expect(guest(first.entities, 100).haState).toBe('started');
		expect(guest(first.entities, 9000)).toMatchObject({isTemplate: true, status: 'stopped'});
		const second = await poll(instance);
		expect(guest(second.entities, 120).netInBytesPerSec).toBeGreaterThan(0);
		expect(guest(second.entities, 121).netInBytesPerSec).toBeNull();
	});

	it('polls a standalone node', async () => {
		const {instance} = await setup({isStandalone: true});
		const result = await poll(instance);
		expect(result.partial).toBeUndefined();
		expect(result.entities.filter(entity => entity.kind === 'host').map(entity => entity.localId)).toEqual(['pve1']);
		expect(result.entities.filter(entity => entity.kind === 'guest')).toHaveLength(4);
	});

	it('reports a node offline as partial, with its guests unknown', async () => {
		const {sim, instance} = await setup();
		sim.setNodeOnline('pve3', false);
		const result = await poll(instance);
		expect(result.partial).toBe('node pve3 offline');
		expect(host(result.entities, 'pve3')).toMatchObject({isOnline: false, cpu: {usage: null}});
		expect(result.entities.filter(entity => entity.kind === 'guest' && entity.node === 'pve3').map(entity => (entity as GuestEntity).status)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
		expect(plugin.alertRules?.[0]?.metric({...host(result.entities, 'pve3'), seenAt: 0}, Date.now())).toBe(1);
		expect(plugin.alertRules?.[0]?.metric({...host(result.entities, 'pve1'), seenAt: 0}, Date.now())).toBe(0);
	});

	it('takes nodes off and on with world power events', async () => {
		const events = new EventEmitter();
		const {instance} = await setup({events});
		events.emit('power', {device: 'pve2', isOn: false});
		expect((await poll(instance)).partial).toBe('node pve2 offline');
		events.emit('power', {device: 'pve2', isOn: true});
		const result = await poll(instance);
		expect(result.partial).toBeUndefined();
		expect(guest(result.entities, 110).status).toBe('running');
		expect(guest(result.entities, 120).status).toBe('stopped');
	});

	it('reports lost quorum as partial', async () => {
		const {sim, instance} = await setup();
		sim.setQuorumLost(true);
		expect((await poll(instance)).partial).toBe('cluster demo has lost quorum');
		sim.setQuorumLost(false);
		sim.setNodeOnline('pve2', false);
		sim.setNodeOnline('pve3', false);
		expect((await poll(instance)).partial).toBe('cluster demo has lost quorum; nodes pve2, pve3 offline');
	});

	it('reports a node whose API does not answer as partial and keeps the rest', async () => {
		const {sim, instance} = await setup();
		sim.setFault({mode: 'error', status: 595, path: '/nodes/pve2'});
		const result = await poll(instance);
		expect(result.partial).toMatch(/^node pve2 does not answer \(GET \/nodes\/pve2\/status: HTTP 595/);
		expect(guest(result.entities, 110).status).toBe('running');
	});

	it('fails the poll on a 500, garbage or truncated /cluster/resources, and on a bad token', async () => {
		const {sim, instance} = await setup();
		sim.setFault({mode: 'error', path: '/cluster/resources'});
		await expect(poll(instance)).rejects.toBeInstanceOf(DeviceReplyError);
		sim.setFault({mode: 'garbage', path: '/cluster/resources'});
		await expect(poll(instance)).rejects.toThrow(/invalid JSON/);
		sim.setFault({mode: 'truncated', path: '/cluster/resources'});
		await expect(poll(instance)).rejects.toThrow(/truncated/);
		sim.setFault({mode: 'garbage', path: '/cluster/tasks'});
		expect((await poll(instance)).partial).toMatch(/GET \/cluster\/tasks: invalid JSON/);
		const bad = plugin.create({id: 'pve-bad', type: 'proxmox', interval: 5, timeout: 2, host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: 'wrong', fingerprint: sim.fingerprint}, deps);
		cleanups.push(async () => bad.close?.());
		await expect(poll(bad)).rejects.toBeInstanceOf(AuthError);
	});

	it('times out a hanging API within the source timeout', async () => {
		const {sim, instance} = await setup({}, {timeout: 0.3});
		sim.setFault({mode: 'hang'});
		const started = performance.now();
		await expect(poll(instance)).rejects.toBeInstanceOf(TimeoutError);
		expect(performance.now() - started).toBeLessThan(1500);
	});

	it('refuses bad config blocks with a clear message and warns on insecure', async () => {
		const base = {id: 'x', type: 'proxmox', interval: 5, timeout: 5, host: 'pve.lan'};
		const reason = async (block: Record<string, unknown>) => (await resolveConfig({sources: [block]}, null, [plugin], {})).sources[0]!.disabledReason;
		expect(await reason({...base, tokenId: 'no-realm', token: 't'})).toMatch(/^source "x" \(proxmox\): tokenId: invalid value "no-realm" \(expected API token id, user@realm!name\)$/);
		expect(await reason({...base})).toBe('source "x" (proxmox): set "tokenId" + "token", or "user" + "password"');
		expect(await reason({...base, tokenId: 'a@pve!b'})).toBe('source "x" (proxmox): "tokenId" needs a "token" (or tokenEnv / tokenCommand)');
		expect(await reason({...base, tokenId: 'a@pve!b', token: 't', fingerprint: 'zz'})).toMatch(/^source "x" \(proxmox\): fingerprint: invalid value "zz"/);
		expect(await reason({...base, tokenId: 'a@pve!b', tokenEnv: 'PVE_TOKEN_UNSET_HERE'})).toMatch(/environment variable PVE_TOKEN_UNSET_HERE is not set/);
		const instance = plugin.create({...base, tokenId: 'a@pve!b', token: 't', insecure: true}, deps);
		void instance.close?.();
		expect(warnings.at(-1)).toMatch(/TLS verification is disabled/);
	});
});


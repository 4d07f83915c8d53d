// A stalled connection is never reused: after a command timed out (by its own budget or by the
// poller's timeout) the next poll opens a new connection, so the source is up at once when the
// host recovers. And a handshake cut short fails at once, not after the whole timeout.
import {afterEach, describe, expect, it} from 'vitest';
import {emptySnapshot, setSources, Store} from '../../src/store.js';
import {Poller} from '../../src/poller.js';
import {TimeoutError, UnreachableError} from '../../src/errors.js';
import type {PluginInstance} from '../../src/plugin-api.js';
import {plugin} from './index.js';
import {hostProfile, startRig, type Rig} from '../../test/support/ssh-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
	await rig?.stop();
	rig = undefined;
});

const hosts = [{name: 'gpu-box-1', profile: hostProfile('gpu-box-1')}];

function make(config: ReturnType<Rig['sshConfig']>): PluginInstance {
	const instance = plugin.create(config, rig!.deps);
	rig!.instances.set(config.id, instance);
	return instance;
}

describe('ssh reconnect after a stall', () => {
	it('closes a connection whose command timed out and is up on the next poll', async () => {
		rig = await startRig(hosts);
		const host = rig.simulator.hosts.get('gpu-box-1')!;
		const instance = make(rig.sshConfig('gpu-box-1', {timeout: 0.5}));
		await instance.poll(AbortSignal.timeout(5000));
		host.stall(); // the open connection hangs from now on; a new one would be served
		await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toThrow(TimeoutError);
		const result = await instance.poll(AbortSignal.timeout(5000));
		expect(result.entities[0]).toMatchObject({kind: 'host', name: 'gpu-box-1'});
		expect(host.commands).toHaveLength(2); // the stalled command never arrived
	});

	it('through the poller: the poll timeout closes the connection, the next poll succeeds', async () => {
		rig = await startRig(hosts);
		const host = rig.simulator.hosts.get('gpu-box-1')!;
		// The plugin's own exec budget is long; the poller's 0.5 s timeout aborts the poll.
		const instance = make(rig.sshConfig('gpu-box-1', {timeout: 30}));
		const store = new Store(setSources(emptySnapshot('t'), [{id: 'gpu-box-1', type: 'ssh', name: 'gpu-box-1', status: 'pending', interval: 60, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0}]));
		const poller = new Poller(store, [{id: 'gpu-box-1', interval: 60, timeout: 0.5, instance}]);
		await poller.pollOnce();
		expect(store.getSnapshot().sources['gpu-box-1']!.status).toBe('ok');
		host.stall();
		await poller.pollOnce();
		expect(store.getSnapshot().sources['gpu-box-1']).toMatchObject({status: 'down', errorName: 'TimeoutError'});
		await poller.pollOnce();
		expect(store.getSnapshot().sources['gpu-box-1']!.status).toBe('ok');
	});

	it('a truncated handshake fails at once with an UnreachableError, not after the timeout', async () => {
		rig = await startRig(hosts);
		rig.simulator.hosts.get('gpu-box-1')!.mode = 'truncated';
		const instance = make(rig.sshConfig('gpu-box-1', {timeout: 10}));
		const started = Date.now();
		await expect(instance.poll(AbortSignal.timeout(20_000))).rejects.toThrow(UnreachableError);
		expect(Date.now() - started).toBeLessThan(3000);
	});
});

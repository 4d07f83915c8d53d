// SSH host actions against the SSH simulator: the configured command is what runs, a failing
// command (sudo wanting a password, a missing program) is reported with its reason, a reboot
// brings the host back, and a shutdown waits until the host stops answering.
import {afterEach, describe, expect, it} from 'vitest';
import type {Entity} from '../../src/entities.js';
import {hostProfile, startRig, type Rig} from '../../test/support/ssh-rig.js';
import {testRunContext, testView} from '../../test/support/actions.js';
import type {ActionDef, PluginInstance} from '../../src/plugin-api.js';
import {plugin} from './index.js';

let rig: Rig | undefined;
afterEach(async () => {
	await rig?.stop();
	rig = undefined;
});

async function setup(extra: Record<string, unknown> = {}): Promise<{instance: PluginInstance; target: Entity; action: (id: string) => ActionDef}> {
	rig = await startRig([{name: 'gpu-box-1', profile: hostProfile('gpu-box-1')}]);
	const instance = plugin.create(rig.sshConfig('gpu-box-1', extra), rig.deps);
	rig.instances.set('gpu-box-1', instance);
	const [draft] = (await instance.poll(AbortSignal.timeout(5000))).entities;
	return {instance, target: {...draft!, seenAt: Date.now()} as Entity, action: id => instance.actions!.find(item => item.id === id)!};
}

describe('ssh host actions', () => {
	it('reboots with the default command; the host answers again afterwards', async () => {
		const {instance, target, action} = await setup();
		const outcome = await action('host.reboot').run([target], testRunContext({view: testView([target])}));
		expect(outcome).toMatchObject({ok: true, message: 'reboot sent to gpu-box-1', details: {command: 'sudo -n systemctl reboot'}});
		expect(rig!.simulator.hosts.get('gpu-box-1')!.commands.at(-1)).toBe('sudo -n systemctl reboot');
		const deadline = Date.now() + 10_000;
		let isBack = false;
		while (!isBack && Date.now() < deadline) isBack = await instance.poll(AbortSignal.timeout(2000)).then(() => true, () => false);
		expect(isBack).toBe(true);
	});

	it('runs the configured command and reports why it failed', async () => {
		const {target, action} = await setup({shutdownCommand: 'doas poweroff'});
		expect(action('host.shutdown').describe!([target], {}, testView([target]))).toEqual(['shuts down gpu-box-1: runs "doas poweroff" over SSH, then waits until it stops answering']);
		await expect(action('host.shutdown').run([target], testRunContext({view: testView([target])}))).rejects.toThrow(/"doas poweroff" on gpu-box-1 failed: sh: 1: doas: not found/);
		expect(rig!.simulator.hosts.get('gpu-box-1')!.commands.at(-1)).toBe('doas poweroff');
	});

	it('a shutdown waits until the host stops answering', async () => {
		const {target, action} = await setup();
		const progress: string[] = [];
		const outcome = await action('host.shutdown').run([target], testRunContext({view: testView([target]), progress: line => progress.push(line)}));
		expect(outcome.ok).toBe(true);
		expect(progress).toEqual(['gpu-box-1: shutting down', 'gpu-box-1: down']);
		expect(action('host.shutdown').appliesTo!({...target, isOnline: false} as Entity)).toBe(false);
	});
});

// The ssh plugin with ~/.ssh/config against the in-process SSH simulator: an alias reaches its
// HostName/Port/User/IdentityFile, the block's own fields win, `sshConfig: false` ignores the
// file, and ProxyJump goes through a lab source of that name or a host of the file.
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {PluginInstance, SourceConfig} from '../../src/plugin-api.js';
import {plugin} from './index.js';
import {hostProfile, startRig, type Rig} from '../../test/support/ssh-rig.js';

let rig: Rig | undefined;
afterEach(async () => {
	await rig?.stop();
	rig = undefined;
});

const hosts = [{name: 'gpu-box-1', profile: hostProfile('gpu-box-1')}, {name: 'gpu-box-2', profile: hostProfile('gpu-box-2')}];

function make(config: SourceConfig): PluginInstance {
	const instance = plugin.create(config, rig!.deps);
	rig!.instances.set(config.id, instance);
	return instance;
}

const nameOf = async (instance: PluginInstance) => (await instance.poll(AbortSignal.timeout(5000))).entities[0]?.name;

function writeSshConfig(text: string): string {
	const file = join(rig!.dir, 'ssh_config');
	writeFileSync(file, text);
	return file;
}

describe('ssh plugin with an ssh config', () => {
	it('reaches an alias through HostName, Port, User and IdentityFile; the block\'s own fields win', async () => {
		rig = await startRig(hosts);
		const port = rig.simulator.hosts.get('gpu-box-1')!.port;
		const file = writeSshConfig(`Host box\n  HostName 127.0.0.1\n  Port ${port}\n  User labdeck\n  IdentityFile ${rig.keyFile}\nHost wrong-port\n  HostName 127.0.0.1\n  Port 1\n  User labdeck\n`);
		const base = {type: 'ssh', interval: 5, timeout: 2, hostKey: rig.simulator.hostKey, sshConfig: file};
		expect(await nameOf(make({...base, id: 'alias', host: 'box'}))).toBe('gpu-box-1');
		expect(await nameOf(make({...base, id: 'own-port', host: 'wrong-port', port, keyFile: rig.keyFile}))).toBe('gpu-box-1');
		// Without the file the alias is no host at all.
		await expect(make({...base, id: 'ignored', host: 'box.invalid', port, keyFile: rig.keyFile, sshConfig: false}).poll(AbortSignal.timeout(5000))).rejects.toThrow(/box\.invalid/);
	});

	it('follows ProxyJump through a lab source of that name, or to a host of the file', async () => {
		rig = await startRig(hosts);
		const jumpPort = rig.simulator.hosts.get('gpu-box-1')!.port;
		const targetPort = rig.simulator.hosts.get('gpu-box-2')!.port;
		const file = writeSshConfig(`Host inner\n  HostName 127.0.0.1\n  Port ${targetPort}\n  ProxyJump hop\nHost hop\n  HostName 127.0.0.1\n  Port ${jumpPort}\n  User labdeck\n  IdentityFile ${rig.keyFile}\n`);
		make(rig.sshConfig('gpu-box-1', {id: 'hop'}));
		const behind = make({id: 'behind', type: 'ssh', interval: 5, timeout: 2, host: 'inner', user: 'labdeck', keyFile: rig.keyFile, hostKey: rig.simulator.hostKey, sshConfig: file});
		expect(await nameOf(behind)).toBe('gpu-box-2');
		await rig.instances.get('hop')!.close?.();
		rig.instances.delete('hop');
		const viaHost = make({id: 'via-host', type: 'ssh', interval: 5, timeout: 2, host: 'inner', user: 'labdeck', keyFile: rig.keyFile, hostKey: rig.simulator.hostKey, sshConfig: file});
		expect(await nameOf(viaHost)).toBe('gpu-box-2');
		// The path really goes through the hop: with the hop powered off, the target is out of reach.
		rig.simulator.hosts.get('gpu-box-1')!.setPower(false);
		const cut = make({id: 'cut', type: 'ssh', interval: 5, timeout: 2, host: 'inner', user: 'labdeck', keyFile: rig.keyFile, hostKey: rig.simulator.hostKey, sshConfig: file});
		await expect(cut.poll(AbortSignal.timeout(5000))).rejects.toThrow();
		expect(rig.simulator.hosts.get('gpu-box-1')!.commands).toHaveLength(0);
	});
});

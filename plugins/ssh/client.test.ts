import {createHmac, randomBytes} from 'node:crypto';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import ssh2 from 'ssh2';
import {afterEach, describe, expect, it} from 'vitest';
import type {EntityDraft} from '../../src/entities.js';
import {AuthError, DeviceReplyError, TimeoutError, UnreachableError} from '../../src/errors.js';
import type {PluginInstance} from '../../src/plugin-api.js';
import {plugin} from './index.js';
import {hostProfile, startRig, type Rig} from '../../test/support/ssh-rig.js';
import {generateEd25519Key} from './keygen.js';

let rig: Rig | undefined;
afterEach(async () => {
	await rig?.stop();
	rig = undefined;
});

const hosts = [{name: 'gpu-box-1', profile: hostProfile('gpu-box-1')}, {name: 'gpu-box-2', profile: hostProfile('gpu-box-2')}];

function make(config: ReturnType<Rig['sshConfig']>): PluginInstance {
	const instance = plugin.create(config, rig!.deps);
	rig!.instances.set(config.id, instance);
	return instance;
}

const poll = (instance: PluginInstance, ms = 5000) => instance.poll(AbortSignal.timeout(ms));

function hostOf(entities: readonly EntityDraft[]) {
	const [entity] = entities;
	if (entity?.kind !== 'host') throw new Error('no host entity');
	return entity;
}

describe('ssh plugin against the simulator', () => {
	it('polls a host over a reused connection; CPU % appears from the second poll', async () => {
		let now = Date.now();
		rig = await startRig(hosts, {now: () => now});
		const instance = make(rig.sshConfig('gpu-box-1'));
		const first = hostOf((await poll(instance)).entities);
		expect(first).toMatchObject({id: 'host:gpu-box-1/gpu-box-1', role: 'remote', isOnline: true, os: 'Ubuntu 22.04.5 LTS', cpu: {usage: null, cores: 32}});
		expect(first.memory.totalBytes).toBe(263914412 * 1024);
		expect(first.filesystems.map(fs => fs.mount)).toEqual(['/', '/boot/efi', '/data']);
		expect(first.temperatures[0]).toMatchObject({label: 'k10temp Tctl'});
		now += 5000;
		const second = hostOf((await poll(instance)).entities);
		expect(second.cpu.usage).toBeGreaterThan(20);
		expect(second.cpu.usage).toBeLessThan(80);
		expect(second.cpu.perCore).toHaveLength(32);
		expect(second.network.rxBytesPerSec).toBeCloseTo(1_250_000, -3);
		// One TCP connection served both polls.
		expect(rig.simulator.hosts.get('gpu-box-1')!.commands).toHaveLength(2);
	});

	it('is a transport for other sources, with shell quoting', async () => {
		rig = await startRig(hosts);
		const instance = make(rig.sshConfig('gpu-box-1'));
		const result = await instance.transport!.exec(['echo', "it's", 'a b'], {signal: AbortSignal.timeout(3000), timeoutMs: 3000});
		expect(result).toEqual({stdout: "it's a b\n", stderr: '', code: 0});
		expect(instance.transport!.host).toBe('gpu-box-1');
		const missing = await instance.transport!.exec(['no-such-tool'], {signal: AbortSignal.timeout(3000), timeoutMs: 3000});
		expect(missing.code).toBe(127);
	});

	it('refuses a key the server does not accept', async () => {
		rig = await startRig(hosts);
		const other = generateEd25519Key();
		const keyFile = join(rig.dir, 'other');
		writeFileSync(keyFile, other.private, {mode: 0o600});
		const instance = make(rig.sshConfig('gpu-box-1', {keyFile}));
		await expect(poll(instance)).rejects.toThrow(AuthError);
		await expect(poll(instance)).rejects.toThrow(/refused the key for user labdeck/);
	});

	it('refuses an unknown host key and a wrong pin, showing the offered fingerprint', async () => {
		rig = await startRig(hosts);
		const knownHosts = join(rig.dir, 'known_hosts');
		writeFileSync(knownHosts, '');
		const unknown = make(rig.sshConfig('gpu-box-1', {hostKey: undefined, knownHosts}));
		const error = await poll(unknown).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(AuthError);
		expect((error as Error).message).toContain(rig.simulator.hostKey);
		expect((error as Error).message).toMatch(/is unknown/);
		const pinned = make({...rig.sshConfig('gpu-box-2'), id: 'pinned', hostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'});
		await expect(poll(pinned)).rejects.toThrow(new RegExp(`does not match the pinned hostKey.*${rig.simulator.hostKey.replace(/[+/]/g, '\\$&')}`));
	});

	it('accepts a hashed known_hosts entry for [127.0.0.1]:port and flags a changed key', async () => {
		rig = await startRig(hosts);
		const port = rig.simulator.hosts.get('gpu-box-1')!.port;
		const salt = randomBytes(20);
		const hash = createHmac('sha1', salt).update(`[127.0.0.1]:${port}`).digest('base64');
		// The simulator's host key as a known_hosts line: read it from a connection's verdict message.
		const probe = make({...rig.sshConfig('gpu-box-1'), id: 'probe', hostKey: 'SHA256:x'});
		const offered = await poll(probe).catch((caught: Error) => caught.message);
		expect(offered).toContain('ssh-ed25519');
		const blob = await hostKeyBlob(port);
		const knownHosts = join(rig.dir, 'known_hosts');
		writeFileSync(knownHosts, `# comment\n|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${blob}\n`);
		const good = make(rig.sshConfig('gpu-box-1', {hostKey: undefined, knownHosts}));
		expect(hostOf((await poll(good)).entities).name).toBe('gpu-box-1');
		const changed = join(rig.dir, 'known_hosts_changed');
		const otherKey = ssh2.utils.parseKey(generateEd25519Key().public) as ssh2.ParsedKey;
		writeFileSync(changed, `[127.0.0.1]:${port} ssh-ed25519 ${otherKey.getPublicSSH().toString('base64')}\n`);
		const bad = make({...rig.sshConfig('gpu-box-1', {hostKey: undefined, knownHosts: changed}), id: 'bad'});
		await expect(poll(bad)).rejects.toThrow(/HAS CHANGED/);
	});

	it('times out within budget on a server that accepts and never answers', async () => {
		rig = await startRig(hosts);
		rig.simulator.hosts.get('gpu-box-1')!.mode = 'hang';
		const instance = make(rig.sshConfig('gpu-box-1', {timeout: 0.5}));
		const started = Date.now();
		await expect(poll(instance)).rejects.toThrow(TimeoutError);
		expect(Date.now() - started).toBeLessThan(1500);
	});

	it('times out a command that never answers and keeps working after', async () => {
		rig = await startRig(hosts);
		const host = rig.simulator.hosts.get('gpu-box-1')!;
		const instance = make(rig.sshConfig('gpu-box-1', {timeout: 0.5}));
		await poll(instance);
		host.mode = 'exec-hang';
		const started = Date.now();
		await expect(poll(instance)).rejects.toThrow(TimeoutError);
		expect(Date.now() - started).toBeLessThan(1500);
		host.mode = 'normal';
		expect(hostOf((await poll(instance)).entities).name).toBe('gpu-box-1');
	});

	it('an abort closes the command at once', async () => {
		rig = await startRig(hosts);
		rig.simulator.hosts.get('gpu-box-1')!.mode = 'exec-hang';
		const instance = make(rig.sshConfig('gpu-box-1', {timeout: 10}));
		const controller = new AbortController();
		const polling = instance.poll(controller.signal);
		setTimeout(() => controller.abort(new Error('stop')), 200);
		await expect(polling).rejects.toThrow('stop');
	});

	it('turns garbage into a DeviceReplyError', async () => {
		rig = await startRig(hosts);
		rig.simulator.hosts.get('gpu-box-1')!.mode = 'garbage';
		const instance = make(rig.sshConfig('gpu-box-1'));
		await expect(poll(instance)).rejects.toThrow(DeviceReplyError);
	});

	it('reconnects after a drop, and backs off while the host is down', async () => {
		rig = await startRig(hosts);
		const host = rig.simulator.hosts.get('gpu-box-1')!;
		const instance = make(rig.sshConfig('gpu-box-1'));
		await poll(instance);
		host.setPower(false);
		await expect(poll(instance)).rejects.toThrow(UnreachableError);
		const started = Date.now();
		await expect(poll(instance)).rejects.toThrow(UnreachableError);
		expect(Date.now() - started).toBeLessThan(50);
		host.setPower(true);
		// Still backing off (1 s): the next attempt after that succeeds.
		await expect.poll(async () => (await poll(instance).then(() => 'ok', () => 'failed')), {interval: 250, timeout: 4000}).toBe('ok');
	});

	it('connects through a jump host (another ssh source) with forwardOut', async () => {
		rig = await startRig(hosts);
		make(rig.sshConfig('gpu-box-1'));
		const behind = make(rig.sshConfig('gpu-box-2', {jump: 'gpu-box-1'}));
		expect(hostOf((await poll(behind)).entities).name).toBe('gpu-box-2');
		const viaObject = make({...rig.sshConfig('gpu-box-2', {jump: {host: '127.0.0.1', port: rig.simulator.hosts.get('gpu-box-1')!.port, hostKey: rig.simulator.hostKey}}), id: 'via-object'});
		expect(hostOf((await poll(viaObject)).entities).name).toBe('gpu-box-2');
		expect(rig.simulator.hosts.get('gpu-box-1')!.commands).toHaveLength(0);
	});
});

/** The server's host key blob (base64), read from the handshake. */
async function hostKeyBlob(port: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const client = new ssh2.Client();
		client.on('error', () => {});
		client.connect({
			host: '127.0.0.1',
			port,
			username: 'x',
			hostVerifier: (key: Buffer) => {
				resolve(key.toString('base64'));
				return false;
			},
		});
		setTimeout(() => reject(new Error('no host key')), 3000).unref();
	});
}

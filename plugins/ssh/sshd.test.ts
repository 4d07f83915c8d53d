// Integration: the ssh plugin against a real OpenSSH sshd on a loopback port, with its own host
// key and an authorized key generated here. It reads this machine's real /proc through it.
import {spawn, type ChildProcess} from 'node:child_process';
import {createHmac, randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {connect} from 'node:net';
import {cpus, hostname, tmpdir, totalmem, userInfo} from 'node:os';
import {join} from 'node:path';
import ssh2 from 'ssh2';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {freeTcpPort} from '../../protocols/sim/free-port.js';
import {AuthError, DeviceReplyError} from '../../src/errors.js';
import {localTransport} from '../../src/local-transport.js';
import type {PluginDeps, PluginInstance, SourceConfig} from '../../src/plugin-api.js';
import {plugin as nvidia} from '../nvidia/index.js';
import {fingerprint} from './host-key.js';
import {plugin} from './index.js';
import {generateEd25519Key} from './keygen.js';

const sshdPath = '/usr/sbin/sshd';
const hasSshd = existsSync(sshdPath);
if (!hasSshd) console.warn(`OpenSSH integration tests skipped: ${sshdPath} is absent (apt-get install openssh-server)`);

async function waitForPort(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
	while (Date.now() < deadlineMs) {
		if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}`);
		const isOpen = await new Promise<boolean>(resolve => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (isOpen) return;
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	throw new Error('sshd did not start listening');
}

describe.skipIf(!hasSshd)('ssh plugin against OpenSSH sshd', () => {
	let dir = '';
	let port = 0;
	let sshd: ChildProcess | undefined;
	let hostPublicBlob: Buffer = Buffer.alloc(0);
	let keyFile = '';
	let stderr = '';
	const instances: PluginInstance[] = [];
	const deps: PluginDeps = {transport: () => undefined, localTransport, warn: () => {}, requestPoll: () => {}};

	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'labdeck-sshd-'));
		const hostKey = generateEd25519Key();
		writeFileSync(join(dir, 'host_ed25519'), hostKey.private, {mode: 0o600});
		hostPublicBlob = (ssh2.utils.parseKey(hostKey.public) as ssh2.ParsedKey).getPublicSSH();
		const clientKey = generateEd25519Key();
		keyFile = join(dir, 'id_ed25519');
		writeFileSync(keyFile, clientKey.private, {mode: 0o600});
		writeFileSync(join(dir, 'authorized_keys'), `${clientKey.public}\n`, {mode: 0o600});
		port = await freeTcpPort();
		writeFileSync(join(dir, 'sshd_config'), [
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${join(dir, 'host_ed25519')}`,
			`AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
			`PidFile ${join(dir, 'sshd.pid')}`,
			'UsePAM no',
			'StrictModes no',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'PubkeyAuthentication yes',
			'PermitRootLogin prohibit-password',
			'LogLevel ERROR',
			'',
		].join('\n'));
		if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', {recursive: true, mode: 0o755});
		sshd = spawn(sshdPath, ['-D', '-e', '-f', join(dir, 'sshd_config')], {stdio: ['ignore', 'ignore', 'pipe']});
		sshd.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		await waitForPort(port, sshd, Date.now() + 5000).catch((error: Error) => {
			throw new Error(`${error.message}: ${stderr}`);
		});
	});

	afterAll(async () => {
		for (const instance of instances) await instance.close?.();
		if (sshd && sshd.exitCode === null) {
			const exited = new Promise(resolve => sshd!.once('exit', resolve));
			sshd.kill('SIGTERM');
			await exited;
		}
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	function make(extra: Record<string, unknown>): PluginInstance {
		const config: SourceConfig = {id: 'real', type: 'ssh', interval: 5, timeout: 5, host: '127.0.0.1', port, user: userInfo().username, keyFile, ...extra};
		const instance = plugin.create(config, deps);
		instances.push(instance);
		return instance;
	}

	it('reads this machine\'s real /proc through sshd (pinned host key), twice over one connection', async () => {
		const instance = make({hostKey: fingerprint(hostPublicBlob)});
		const [first] = (await instance.poll(AbortSignal.timeout(5000))).entities;
		expect(first).toMatchObject({kind: 'host', name: hostname(), role: 'remote', isOnline: true});
		if (first?.kind !== 'host') throw new Error('no host');
		expect(first.memory.totalBytes).toBe(totalmem());
		expect(first.cpu.cores).toBe(cpus().length);
		expect(first.os).toMatch(/\w/);
		expect(first.filesystems.some(fs => fs.mount === '/')).toBe(true);
		expect(first.uptimeSec).toBeGreaterThan(0);
		const [second] = (await instance.poll(AbortSignal.timeout(5000))).entities;
		if (second?.kind !== 'host') throw new Error('no host');
		expect(second.cpu.usage).not.toBeNull();
		expect(second.cpu.perCore).toHaveLength(cpus().length);
	});

	it('accepts the key from a hashed known_hosts entry', async () => {
		const salt = randomBytes(20);
		const hash = createHmac('sha1', salt).update(`[127.0.0.1]:${port}`).digest('base64');
		const knownHosts = join(dir, 'known_hosts');
		writeFileSync(knownHosts, `|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${hostPublicBlob.toString('base64')}\n`);
		const instance = make({knownHosts});
		const result = await instance.transport!.exec(['echo', 'ok'], {signal: AbortSignal.timeout(5000), timeoutMs: 5000});
		expect(result.stdout).toBe('ok\n');
	});

	it('refuses a changed host key and shows the offered fingerprint', async () => {
		const other = (ssh2.utils.parseKey(generateEd25519Key().public) as ssh2.ParsedKey).getPublicSSH();
		const knownHosts = join(dir, 'known_hosts_changed');
		writeFileSync(knownHosts, `[127.0.0.1]:${port} ssh-ed25519 ${other.toString('base64')}\n`);
		const instance = make({knownHosts});
		const error = await instance.poll(AbortSignal.timeout(5000)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(AuthError);
		expect((error as Error).message).toContain('HAS CHANGED');
		expect((error as Error).message).toContain(fingerprint(hostPublicBlob));
	});

	it('refuses a key that is not authorized', async () => {
		const stranger = join(dir, 'stranger');
		writeFileSync(stranger, generateEd25519Key().private, {mode: 0o600});
		const instance = make({keyFile: stranger, hostKey: fingerprint(hostPublicBlob)});
		await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toThrow(AuthError);
	});

	it('an nvidia source through it says clearly when the host has no nvidia-smi', async () => {
		if (existsSync('/usr/bin/nvidia-smi')) return;
		const host = make({hostKey: fingerprint(hostPublicBlob)});
		const gpus = nvidia.create({id: 'gpus-real', type: 'nvidia', interval: 5, timeout: 5, via: 'real'}, {...deps, transport: id => (id === 'real' ? host.transport : undefined)});
		const error = await gpus.poll(AbortSignal.timeout(5000)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DeviceReplyError);
		expect((error as Error).message).toMatch(/^gpus-real: nvidia-smi -q -x: nvidia-smi failed: .*not found/);
	});
});

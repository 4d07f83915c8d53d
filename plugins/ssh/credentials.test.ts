// Credentials other than a plain key file: an encrypted key with its passphrase, and the SSH agent.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {AuthError} from '../../src/errors.js';
import {plugin} from './index.js';
import {hostProfile, startRig, type Rig} from '../../test/support/ssh-rig.js';
import {generateEd25519Key} from './keygen.js';

let rig: Rig | undefined;
let agent: ChildProcess | undefined;
afterEach(async () => {
	await rig?.stop();
	rig = undefined;
	if (agent && agent.exitCode === null) {
		const exited = new Promise(resolve => agent!.once('exit', resolve));
		agent.kill('SIGTERM');
		await exited;
	}
	agent = undefined;
});

const hosts = [{name: 'gpu-box-1', profile: hostProfile('gpu-box-1')}];
const hasAgent = existsSync('/usr/bin/ssh-agent') && existsSync('/usr/bin/ssh-add');
if (!hasAgent) console.warn('SSH agent test skipped: ssh-agent/ssh-add are absent');

describe('ssh credentials', () => {
	it('uses an encrypted key with its passphrase, and says so when the passphrase is missing', async () => {
		const encrypted = generateEd25519Key({passphrase: 'correct horse'});
		rig = await startRig(hosts, {authorizedKeys: [encrypted.public]});
		const keyFile = join(rig.dir, 'encrypted');
		writeFileSync(keyFile, encrypted.private, {mode: 0o600});
		const good = plugin.create(rig.sshConfig('gpu-box-1', {keyFile, passphrase: 'correct horse'}), rig.deps);
		rig.instances.set('good', good);
		expect((await good.poll(AbortSignal.timeout(5000))).entities).toHaveLength(1);
		const missing = plugin.create({...rig.sshConfig('gpu-box-1', {keyFile}), id: 'missing'}, rig.deps);
		rig.instances.set('missing', missing);
		await expect(missing.poll(AbortSignal.timeout(5000))).rejects.toThrow(AuthError);
		await expect(missing.poll(AbortSignal.timeout(5000))).rejects.toThrow(/passphrase/i);
	});

	it.skipIf(!hasAgent)('authenticates through the SSH agent when there is no keyFile', async () => {
		const key = generateEd25519Key();
		rig = await startRig(hosts, {authorizedKeys: [key.public]});
		const keyFile = join(rig.dir, 'agent-key');
		writeFileSync(keyFile, key.private, {mode: 0o600});
		const socket = join(rig.dir, 'agent.sock');
		agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', socket], {stdio: 'ignore'});
		await expect.poll(() => existsSync(socket), {interval: 20, timeout: 3000}).toBe(true);
		const added = spawnSync('/usr/bin/ssh-add', [keyFile], {env: {...process.env, SSH_AUTH_SOCK: socket}, encoding: 'utf8'});
		expect(added.status, added.stderr).toBe(0);
		const instance = plugin.create(rig.sshConfig('gpu-box-1', {keyFile: undefined, agent: socket}), rig.deps);
		rig.instances.set('agent', instance);
		expect((await instance.poll(AbortSignal.timeout(5000))).entities).toHaveLength(1);
	});
});

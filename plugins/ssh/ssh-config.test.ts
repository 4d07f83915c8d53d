// ~/.ssh/config resolution cases, as OpenSSH resolves them: aliases, wildcards, first value wins,
// ProxyJump to a host (itself resolved) or to an alias that is a lab source.
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {parseJumpSpec, resolveSshHost, sshConfigAliases, sshConfigPath, sshHostFromFile} from './ssh-config.js';

const text = `# the operator's file
Host gpu-box
  HostName 10.0.0.9
  User ops
  ProxyJump bastion

Host gpu-*
  User wildcard-user
  Port 2200
  IdentityFile ~/.ssh/gpu_%h

Host bastion
  HostName bastion.lan
  User jumper
  Port 2022

Host via-spec
  ProxyJump admin@bastion:2222

Host chained
  ProxyJump bastion,other

Host !nope *.lan
  User lan-user

Match exec "touch MATCH_EXEC_RAN"
  User matched

Host *
  User fallback
  Port 22
`;

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-ssh-config-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

describe('ssh config resolution', () => {
	it('resolves an alias: HostName, User; the first value wins over later wildcard blocks', () => {
		const host = resolveSshHost(text, 'gpu-box', 'cfg');
		expect(host).toMatchObject({host: '10.0.0.9', user: 'ops', port: 2200, keyFile: path.join(homedir(), '.ssh/gpu_10.0.0.9')});
	});

	it('applies wildcard blocks to a name with no block of its own, and * last', () => {
		expect(resolveSshHost(text, 'gpu-7', 'cfg')).toEqual({host: 'gpu-7', user: 'wildcard-user', port: 2200, keyFile: path.join(homedir(), '.ssh/gpu_gpu-7')});
		expect(resolveSshHost(text, 'nas.lan', 'cfg')).toEqual({host: 'nas.lan', user: 'lan-user', port: 22});
		expect(resolveSshHost(text, 'elsewhere', 'cfg')).toEqual({host: 'elsewhere', user: 'fallback', port: 22});
	});

	it('honours negated patterns', () => {
		expect(resolveSshHost('Host !nope *.lan\n  User lan-user\n', 'nope', 'cfg')).toEqual({host: 'nope'});
	});

	it('resolves a ProxyJump hop through the same file, the spec\'s own user and port winning', () => {
		expect(resolveSshHost(text, 'gpu-box', 'cfg').jump).toEqual({alias: 'bastion', host: 'bastion.lan', user: 'jumper', port: 2022});
		expect(resolveSshHost(text, 'via-spec', 'cfg').jump).toEqual({alias: 'bastion', host: 'bastion.lan', user: 'admin', port: 2222});
	});

	it('refuses a ProxyJump chain and a bad port with one line naming the file and host', () => {
		expect(() => resolveSshHost(text, 'chained', 'cfg')).toThrow('cfg: Host chained: ProxyJump "bastion,other" is a chain');
		expect(() => resolveSshHost('Host x\n  Port eighty\n', 'x', 'cfg')).toThrow('cfg: Host x: Port "eighty" is not a port number');
		expect(() => parseJumpSpec('a b', 'cfg', 'x')).toThrow('ProxyJump "a b" is not [user@]host[:port]');
		expect(parseJumpSpec('ssh://u@[::1]:2200', 'cfg', 'x')).toEqual({host: '::1', user: 'u', port: 2200});
	});

	it('never runs Match exec (no child process from a poller)', () => {
		const cwd = process.cwd();
		process.chdir(dir);
		try {
			expect(resolveSshHost(text, 'elsewhere', 'cfg').user).toBe('fallback');
		} finally {
			process.chdir(cwd);
		}
		expect(existsSync(path.join(dir, 'MATCH_EXEC_RAN'))).toBe(false);
		expect(sshConfigAliases(text)).toEqual(['gpu-box', 'bastion', 'via-spec', 'chained']);
	});

	it('reads ~/.ssh/config by default, a given path, or nothing for false; an absent file is nothing', () => {
		expect(sshConfigPath(undefined)).toBe(path.join(homedir(), '.ssh', 'config'));
		expect(sshConfigPath(false)).toBeUndefined();
		const file = path.join(dir, 'config');
		writeFileSync(file, text);
		expect(sshHostFromFile(file, 'bastion')).toEqual({host: 'bastion.lan', user: 'jumper', port: 2022});
		expect(sshHostFromFile(path.join(dir, 'absent'), 'bastion')).toBeUndefined();
		expect(sshHostFromFile(undefined, 'bastion')).toBeUndefined();
	});
});

// `labdeck init` against the demo lab's simulators (started as `labdeck demo --serve`): the
// Proxmox certificate fingerprint read for pinning, the SNMP devices' models mapped to their
// plugins, NUT's UPS list, ~/.ssh/config hosts as suggestions; the written file passes
// `labdeck config check`; an existing file is never overwritten without --force.
import type {ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {repoRoot, runCli, tempHome} from './support/cli.js';
import {startDemoSims, stopChild} from './support/serve.js';
import {startBmcLab} from '../plugins/redfish/sim/index.js';

const home = tempHome();
const env = {...home.env, HOME: home.dir, PATH: path.join(home.dir, 'bin')};
let demo: ChildProcess;
type Block = {id: string; type: string; host?: string; port?: number; fingerprint?: string};
let demoSources: Block[] = [];

beforeAll(async () => {
	const sims = await startDemoSims({...process.env, ...home.env});
	demo = sims.child;
	const file = sims.config;
	demoSources = (JSON.parse(readFileSync(file, 'utf8')) as {sources: Block[]}).sources;
	// A fake nvidia-smi on this test's PATH (init only looks for it) and an ~/.ssh/config.
	mkdirSync(path.join(home.dir, 'bin'));
	writeFileSync(path.join(home.dir, 'bin', 'nvidia-smi'), '#!/bin/sh\nexit 0\n', {mode: 0o755});
	mkdirSync(path.join(home.dir, '.ssh'));
	writeFileSync(path.join(home.dir, '.ssh', 'config'), 'Host gpu-*\n  User ops\nHost nas bastion\n  User me\n');
}, 30_000);

afterAll(async () => {
	await stopChild(demo);
	home.cleanup();
});

const at = (id: string) => {
	const source = demoSources.find(candidate => candidate.id === id)!;
	return `${source.host}:${source.port}`;
};

describe('labdeck init', () => {
	it('writes a starter config from the simulators that passes config check, and never overwrites it', async () => {
		const args = ['init', '--proxmox', at('pve-demo'), '--pdu', at('pdu-a'), '--ups', at('ups-a'), '--pdu', at('ups-a'), '--nut', at('nut-demo')];
		const result = await runCli(args, {env});
		expect(result.code, result.stderr).toBe(0);
		const file = path.join(home.dir, 'config', 'labdeck', 'config.yaml');
		const text = readFileSync(file, 'utf8');
		expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./config.schema.json');
		const config = parse(text) as {sources: (Block & {enabled?: boolean})[]};
		const byType = (type: string) => config.sources.filter(source => source.type === type);
		expect(byType('nvidia')).toHaveLength(1);
		expect(byType('nut')[0]).toMatchObject({host: '127.0.0.1', port: demoSources.find(source => source.id === 'nut-demo')!.port});
		expect(byType('proxmox')[0]).toMatchObject({fingerprint: demoSources.find(source => source.id === 'pve-demo')!.fingerprint, enabled: false});
		// Models decide the plugin: the UPS given as --pdu is still a ups.
		expect(byType('apc-pdu').map(source => `${source.host}:${source.port}`)).toEqual([at('pdu-a')]);
		expect(byType('ups').map(source => `${source.host}:${source.port}`)).toEqual([at('ups-a'), at('ups-a')]);
		expect(text).toContain('AP8941');
		expect(text).toContain('# - {id: host-nas, type: ssh, host: "nas"}');
		expect(text).not.toContain('gpu-*');
		expect(result.stderr).toContain(`certificate SHA256 fingerprint is ${demoSources.find(source => source.id === 'pve-demo')!.fingerprint}`);

		const check = await runCli(['config', 'check', '--json'], {env});
		expect(check.code, check.stdout).toBe(0);
		expect(JSON.parse(check.stdout)).toMatchObject({path: file, isValid: true});

		const again = await runCli(['init'], {env});
		expect(again.code).toBe(1);
		expect(again.stderr).toContain(`${file} exists: init never overwrites it (--force`);
		expect(readFileSync(file, 'utf8')).toBe(text);
		const forced = await runCli(['init', '--force', '--nut', at('nut-demo')], {env});
		expect(forced.code).toBe(0);
		expect(readFileSync(file, 'utf8')).not.toBe(text);
	}, 30_000);

	it('prints to stdout with --print, and reports hosts that do not answer, within the timeout', async () => {
		// A TCP server that accepts and never answers: the TLS and NUT probes time out.
		const sockets = new Set<Socket>();
		const silent: Server = createServer(socket => {
			sockets.add(socket);
			socket.on('error', () => {});
		});
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		const port = (silent.address() as {port: number}).port;
		try {
			const started = Date.now();
			const result = await runCli(['init', '--print', '--config', path.join(home.dir, 'other.yaml'), '--proxmox', `127.0.0.1:${port}`, '--nut', `127.0.0.1:${port}`, '--bmc', `127.0.0.1:${port}`], {env});
			expect(result.code).toBe(0);
			expect(Date.now() - started).toBeLessThan(15_000);
			expect(existsSync(path.join(home.dir, 'other.yaml'))).toBe(false);
			expect(result.stdout).toContain(`# pve-127-0-0-1: 127.0.0.1:${port} did not answer (no TLS handshake within 2000 ms)`);
			expect(result.stderr).toContain(`NUT on 127.0.0.1:${port}: no answer within 2000 ms`);
			expect(result.stdout).toContain('# bmc-127-0-0-1:');
			expect((parse(result.stdout) as {sources: unknown[]}).sources).toHaveLength(2);
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => silent.close(resolve));
		}
	}, 30_000);

	it('reads a BMC\'s Redfish service root and its certificate fingerprint (the redfish simulator)', async () => {
		const lab = await startBmcLab([{name: 'bmc-a', shape: 'idrac9'}], {fixturesDir: path.join(repoRoot, 'fixtures')});
		try {
			const bmc = lab.bmc('bmc-a');
			const result = await runCli(['init', '--print', '--nut', '127.0.0.1:1', '--bmc', `${bmc.host}:${bmc.port}`], {env});
			expect(result.code, result.stderr).toBe(0);
			const block = (parse(result.stdout) as {sources: (Block & {user?: string; enabled?: boolean})[]}).sources.find(source => source.type === 'redfish');
			const normal = (fingerprint: string) => fingerprint.replaceAll(':', '').toUpperCase();
			expect(block).toMatchObject({host: bmc.host, port: bmc.port, user: 'labdeck', enabled: false});
			expect(normal(block!.fingerprint!)).toBe(normal(bmc.fingerprint));
			expect(result.stderr).toMatch(/--bmc .*Redfish 1\./);
		} finally {
			await lab.stop();
		}
	}, 30_000);
});

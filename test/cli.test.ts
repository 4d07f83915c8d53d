// The real binary, spawned as a script would: --json documents validate against the shipped
// schema; exit codes 0, 2, 3 and 5; a dead source returns within its timeout with the others intact.
import {createServer, type Server, type Socket} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, tempHome} from './support/cli.js';
import {schemaErrors} from './support/schema.js';

const home = tempHome();
let silent: Server;
let silentPort = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
	// A server that accepts connections and never answers.
	silent = createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
	silentPort = (silent.address() as {port: number}).port;
});

afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	await new Promise(resolve => silent.close(resolve));
	home.cleanup();
});

describe('labdeck CLI', () => {
	it('status --json on the local machine: one valid document, exit 0', async () => {
		const result = await runCli(['status', '--json'], {env: home.env});
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const document = JSON.parse(result.stdout) as {schema: string; sources: {id: string; status: string}[]; summary: {entities: {host: number}}};
		expect(schemaErrors(document)).toBe('');
		expect(document.schema).toBe('labdeck/1');
		expect(document.sources).toMatchObject([{id: 'local', status: 'ok'}]);
		expect(document.summary.entities.host).toBe(1);
	});

	it('hosts --json lists this machine with typed numbers', async () => {
		const result = await runCli(['hosts', '--json'], {env: home.env});
		const document = JSON.parse(result.stdout) as {items: {kind: string; role: string; cpu: {cores: number}; memory: {totalBytes: number}}[]};
		expect(schemaErrors(document)).toBe('');
		expect(document.items[0]).toMatchObject({kind: 'host', role: 'local'});
		expect(typeof document.items[0]?.memory.totalBytes).toBe('number');
	});

	it('exits 2 with a one-line hint on a usage error', async () => {
		const result = await runCli(['gpus', '--bogus'], {env: home.env});
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('Unknown argument: bogus');
	});

	it('a source that never answers: exit 3 within its timeout, the other sources intact', async () => {
		const config = home.writeConfig({lab: 'cli-test', sources: [
			{id: 'local', type: 'local'},
			{id: 'pve-dead', type: 'proxmox', host: '127.0.0.1', port: silentPort, tokenId: 'root@pam!t', token: 'x', insecure: true, timeout: 1},
		]});
		const result = await runCli(['hosts', '--json', '--config', config], {env: home.env});
		expect(result.code).toBe(3);
		expect(result.ms).toBeLessThan(6000);
		const document = JSON.parse(result.stdout) as {sources: {id: string; status: string; lastError: string | null; errorName: string}[]; items: {source: string}[]};
		expect(schemaErrors(document)).toBe('');
		const dead = document.sources.find(source => source.id === 'pve-dead');
		expect(dead).toMatchObject({status: 'down', errorName: 'TimeoutError'});
		expect(dead?.lastError).toMatch(/^pve-dead: /);
		expect(dead?.lastError).not.toContain('\n');
		expect(document.sources.find(source => source.id === 'local')?.status).toBe('ok');
		expect(document.items.some(item => item.source === 'local')).toBe(true);
	});

	it('a bad source block disables only that source, named in one line', async () => {
		const config = home.writeConfig({sources: [{id: 'local', type: 'local'}, {id: 'pve', type: 'proxmox', port: 'x'}]});
		const result = await runCli(['status', '--json', '--config', config], {env: home.env});
		expect(result.code).toBe(0);
		const document = JSON.parse(result.stdout) as {sources: {id: string; status: string; lastError: string}[]};
		expect(document.sources.find(source => source.id === 'pve')).toMatchObject({status: 'disabled'});
		expect(document.sources.find(source => source.id === 'pve')?.lastError).toMatch(/^source "pve" \(proxmox\): /);
		const check = await runCli(['config', 'check', '--config', config], {env: home.env});
		expect(check.code).toBe(1);
		expect(check.stdout).toContain('ERR source "pve" (proxmox): ');
	});

	it('act without a TTY never prompts: exit 5 naming the flag; --dry-run prints the plan', async () => {
		const config = home.writeConfig({sources: [{id: 'wake', type: 'wol', hosts: [{name: 'nas', mac: 'aa:bb:cc:dd:ee:ff', broadcast: '127.0.0.1', port: 9}]}]});
		const refused = await runCli(['act', 'host:wake/nas', 'host.wake', '--config', config], {env: home.env});
		expect(refused.code).toBe(5);
		expect(refused.stderr).toContain('pass --yes');
		const dry = await runCli(['act', 'host:wake/nas', 'host.wake', '--dry-run', '--json', '--config', config], {env: home.env});
		expect(dry.code).toBe(0);
		const document = JSON.parse(dry.stdout) as {plan: {risk: string}};
		expect(schemaErrors(document)).toBe('');
		expect(document.plan.risk).toBe('low');
		const readonly = await runCli(['act', 'host:wake/nas', 'host.wake', '--yes', '--readonly', '--config', config], {env: home.env});
		expect(readonly.code).toBe(1);
		expect(readonly.stderr).toContain('read-only mode');
	});

	it('the console refuses without a terminal and says what to use instead', async () => {
		const result = await runCli([], {env: home.env});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('--json');
	});
});

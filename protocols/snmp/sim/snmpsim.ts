// Simulator-side SNMP code (never imported by production code). This file: starts
// Debian's snmpsimd (a real third-party SNMP agent) on a free 127.0.0.1 UDP port, replaying
// `.snmprec` files copied into a private temporary folder (never the repo), for the integration
// tests and the benchmark. The community string selects a file by its base name. Readiness is
// checked with SNMP GETs (bounded), never with sleeps.
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {snmpOptionsFrom} from '../config.js';
import {freeUdpPort} from '../../sim/free-port.js';
import {SnmpSession} from '../session.js';

export type Snmpsim = {
	readonly port: number;
	/** Community names available (file base names). */
	readonly communities: readonly string[];
	stop(): Promise<void>;
};

export function findSnmpsimd(): string | undefined {
	for (const path of ['/usr/bin/snmpsimd', '/usr/local/bin/snmpsimd', '/usr/bin/snmpsimd.py']) if (existsSync(path)) return path;
	const which = spawnSync('which', ['snmpsimd'], {encoding: 'utf8'});
	return which.status === 0 ? which.stdout.trim() || undefined : undefined;
}

/** Starts snmpsimd over the given `.snmprec` files; resolves once it answers a GET. */
export async function startSnmpsim(files: readonly string[], options: {readonly readyTimeoutMs?: number; /** More snmpsimd options (`--v3-user=…`). */ readonly extraArgs?: readonly string[]} = {}): Promise<Snmpsim> {
	const binary = findSnmpsimd();
	if (!binary) throw new Error('snmpsimd is not installed');
	const root = mkdtempSync(join(tmpdir(), 'labdeck-snmpsim-'));
	const dataDir = join(root, 'data');
	const cacheDir = join(root, 'cache');
	spawnSync('mkdir', ['-p', dataDir, cacheDir]);
	const communities: string[] = [];
	for (const file of files) {
		const name = basename(file);
		copyFileSync(file, join(dataDir, name));
		chmodSync(join(dataDir, name), 0o644);
		communities.push(name.replace(/\.snmprec$/, ''));
	}
	for (const dir of [root, dataDir, cacheDir]) chmodSync(dir, 0o777);
	const isRoot = process.getuid?.() === 0;
	let lastError: unknown;
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freeUdpPort();
		const args = [
			`--data-dir=${dataDir}`,
			`--cache-dir=${cacheDir}`,
			`--agent-udpv4-endpoint=127.0.0.1:${port}`,
			'--logging-method=null',
			...(options.extraArgs ?? []),
			...(isRoot ? ['--process-user=nobody', '--process-group=nogroup'] : []),
		];
		const child = spawn(binary, args, {stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString()).slice(-2000);
		});
		try {
			await waitReady(child, port, communities[0] ?? 'public', options.readyTimeoutMs ?? 20_000);
			return {port, communities, stop: async () => stopChild(child, root)};
		} catch (error) {
			lastError = new Error(`snmpsimd did not start: ${(error as Error).message} ${stderr.trim().split('\n').slice(-3).join(' ')}`);
			await stopChild(child, undefined);
		}
	}
	rmSync(root, {recursive: true, force: true});
	throw lastError;
}

async function waitReady(child: ChildProcess, port: number, community: string, budgetMs: number): Promise<void> {
	const deadline = Date.now() + budgetMs;
	const config = {id: 'snmpsim', type: 'probe', interval: 1, timeout: 1, host: '127.0.0.1', port, community, retries: 0, requestTimeout: 0.25};
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
		const controller = new AbortController();
		const session = SnmpSession.open(snmpOptionsFrom(config), 'read', controller.signal);
		try {
			const reply = await session.get(['1.3.6.1.2.1.1.1.0']);
			if (reply.size > 0) return;
		} catch {
			// Not listening yet (or still indexing the data files): ask again.
		} finally {
			session.close();
		}
	}
	throw new Error(`no answer within ${budgetMs} ms`);
}

async function stopChild(child: ChildProcess, root: string | undefined): Promise<void> {
	if (child.exitCode === null && child.signalCode === null) {
		const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
		await exited;
		clearTimeout(timer);
	}
	if (root) rmSync(root, {recursive: true, force: true});
}

/** `.snmprec` files of a corpus folder (absolute paths), or [] when the folder is absent. */
export function snmprecFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).filter(name => name.endsWith('.snmprec')).sort().map(name => join(dir, name));
}

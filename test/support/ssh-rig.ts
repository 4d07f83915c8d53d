// Test rig: the SSH simulator with a fresh client key, and ssh/nvidia instances wired together
// the way the lab does (deps.transport looks up other instances' transports).
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {localTransport} from '../../src/local-transport.js';
import type {CommandTransport, PluginDeps, PluginInstance, SourceConfig} from '../../src/plugin-api.js';
import type {HostProfile} from '../../plugins/ssh/sim/sim-host.js';
import {startSshSimulator, type SimHostSpec, type SshSimulator} from '../../plugins/ssh/sim/simulator.js';
import {generateEd25519Key} from '../../plugins/ssh/keygen.js';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export function hostProfile(name: string): HostProfile {
	const profiles = JSON.parse(readFileSync(join(fixturesDir, 'ssh', 'hosts.json'), 'utf8')) as Record<string, HostProfile>;
	return profiles[name]!;
}

export function gpuFixture(name: string): string {
	return readFileSync(join(fixturesDir, 'nvidia', name), 'utf8');
}

export type Rig = {
	readonly simulator: SshSimulator;
	readonly dir: string;
	readonly keyFile: string;
	readonly instances: Map<string, PluginInstance>;
	readonly deps: PluginDeps & {warnings: string[]; pollRequests: number};
	/** A source block for the simulated host `name`. */
	sshConfig(name: string, extra?: Record<string, unknown>): SourceConfig;
	stop(): Promise<void>;
};

export async function startRig(hosts: readonly SimHostSpec[], options: {now?: () => number; authorizedKeys?: readonly string[]} = {}): Promise<Rig> {
	const dir = mkdtempSync(join(tmpdir(), 'labdeck-ssh-'));
	const key = generateEd25519Key();
	const keyFile = join(dir, 'id_ed25519');
	writeFileSync(keyFile, key.private, {mode: 0o600});
	const simulator = await startSshSimulator({hosts, authorizedKeys: [key.public, ...(options.authorizedKeys ?? [])], now: options.now});
	const instances = new Map<string, PluginInstance>();
	const deps = {
		warnings: [] as string[],
		pollRequests: 0,
		transport: (id: string): CommandTransport | undefined => instances.get(id)?.transport,
		localTransport,
		warn(message: string) {
			deps.warnings.push(message);
		},
		requestPoll() {
			deps.pollRequests++;
		},
	};
	return {
		simulator,
		dir,
		keyFile,
		instances,
		deps,
		sshConfig(name, extra = {}) {
			const port = simulator.hosts.get(name)!.port;
			return {id: name, type: 'ssh', interval: 5, timeout: 2, name, host: '127.0.0.1', port, user: 'labdeck', keyFile, hostKey: simulator.hostKey, ...extra};
		},
		async stop() {
			for (const instance of instances.values()) await instance.close?.();
			await simulator.stop();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

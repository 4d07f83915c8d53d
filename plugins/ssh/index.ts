// The `ssh` plugin: a Linux host over SSH (one script per poll → a `host` entity), and a command
// transport that other sources use through `via` (the nvidia plugin runs nvidia-smi through it).
import {readFileSync} from 'node:fs';
import {homedir, userInfo} from 'node:os';
import {join} from 'node:path';
import {ConfigError, UnreachableError} from '../../src/errors.js';
import {capsOf} from '../../src/caps.js';
import type {PluginDefinition, PluginDeps, SourceConfig} from '../../src/plugin-api.js';
import {SshSession, type SshTarget} from './client.js';
import {demo} from './demo.js';
import type {HostKeyPolicy} from './host-key.js';
import {hostCommand} from './host-script.js';
import {parseHostReport, type HostSample} from './parse.js';
import {sessionOf, sshTransport} from './transport.js';

type JumpObject = {host: string; port?: number; user?: string; keyFile?: string; hostKey?: string};

function expandHome(path: string): string {
	return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

function str(config: Readonly<Record<string, unknown>>, key: string): string | undefined {
	const value = config[key];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Turns a source block (or a jump object inside it) into what the session needs. */
function targetFrom(config: Readonly<Record<string, unknown>>, source: string, fallback?: SshTarget): SshTarget {
	const host = str(config, 'host');
	if (!host) throw new ConfigError({source, operation: 'create'}, 'missing field "host"');
	const keyFile = str(config, 'keyFile');
	const hostKey = str(config, 'hostKey');
	const policy: HostKeyPolicy = hostKey
		? {pinned: hostKey}
		: fallback && !str(config, 'knownHosts')
			? fallback.hostKeyPolicy
			: {knownHostsFile: expandHome(str(config, 'knownHosts') ?? '~/.ssh/known_hosts')};
	return {
		source,
		host,
		port: typeof config.port === 'number' ? config.port : 22,
		user: str(config, 'user') ?? fallback?.user ?? userInfo().username,
		hostKeyPolicy: policy,
		privateKey: keyFile ? () => readFileSync(expandHome(keyFile)) : fallback?.privateKey,
		passphrase: str(config, 'passphrase') ?? (keyFile ? undefined : fallback?.passphrase),
		agent: str(config, 'agent') ?? fallback?.agent ?? process.env.SSH_AUTH_SOCK,
	};
}

function create(config: SourceConfig, deps: PluginDeps) {
	const timeoutMs = config.timeout * 1000;
	const jump = config.jump as string | JumpObject | undefined;
	let target = targetFrom(config, config.id);
	let jumpSession: SshSession | undefined;
	if (jump !== undefined) {
		const viaJump = (): SshSession => {
			if (typeof jump === 'string') {
				const session = sessionOf(deps.transport(jump));
				if (!session) throw new UnreachableError({source: config.id, operation: 'connect'}, `jump "${jump}" is not an ssh source`);
				return session;
			}
			jumpSession ??= new SshSession(targetFrom(jump, `${config.id} (jump)`, target));
			return jumpSession;
		};
		target = {...target, tunnel: (host, port, signal, budget) => viaJump().openTunnel(host, port, signal, budget)};
	}
	const session = new SshSession(target);
	let previous: HostSample | undefined;
	let reportedName: string | undefined;
	const transport = sshTransport(session, () => str(config, 'name') ?? reportedName ?? target.host);
	return {
		transport,
		async poll(signal: AbortSignal) {
			// The host report is a few KB: 4 MiB at most, lower when the source's cap is.
			const result = await session.exec(hostCommand, {signal, timeoutMs, maxBuffer: Math.min(4 * 1024 * 1024, capsOf(config).replyBytes)});
			const report = parseHostReport(result.stdout, {source: config.id}, previous, Date.now());
			previous = report.sample;
			reportedName = report.entity.name;
			return {entities: [report.entity]};
		},
		close() {
			session.close();
			jumpSession?.close();
		},
	};
}

const jumpSchema = {
	type: 'object',
	properties: {host: {type: 'string'}, port: {type: 'integer', minimum: 1, maximum: 65535}, user: {type: 'string'}, keyFile: {type: 'string'}, hostKey: {type: 'string', pattern: '^SHA256:'}},
	required: ['host'],
	additionalProperties: false,
};

export const plugin: PluginDefinition = {
	type: 'ssh',
	description: 'Linux host over SSH (load, CPU, memory, disks, temperatures from /proc) and a command transport for other sources',
	schema: {
		type: 'object',
		properties: {
			host: {type: 'string', minLength: 1},
			port: {type: 'integer', minimum: 1, maximum: 65535},
			user: {type: 'string', minLength: 1},
			keyFile: {type: 'string', minLength: 1},
			passphrase: {type: 'string'},
			agent: {type: 'string', minLength: 1},
			knownHosts: {type: 'string', minLength: 1},
			hostKey: {type: 'string', pattern: '^SHA256:[A-Za-z0-9+/]+=*$'},
			jump: {oneOf: [{type: 'string', minLength: 1}, jumpSchema]},
		},
		required: ['host'],
	},
	secretFields: ['passphrase'],
	defaults: {interval: 5, timeout: 5},
	create,
	demo,
};

// The `ssh` plugin: a Linux host over SSH (one script per poll → a `host` entity), and a command
// transport that other sources use through `via` (the nvidia plugin runs nvidia-smi through it),
// and the host's OS shutdown and reboot actions (actions.ts).
import {readFileSync} from 'node:fs';
import {userInfo} from 'node:os';
import {Type, type Static} from '@sinclair/typebox';
import {capsOf} from '../../src/caps.js';
import {UnreachableError} from '../../src/errors.js';
import {definePlugin, type PluginConfig, type PluginDeps} from '../../src/plugin-api.js';
import {Port} from '../../src/schema-types.js';
import {SshSession, type SshTarget} from './client.js';
import type {HostKeyPolicy} from './host-key.js';
import {sshHostActions} from './actions.js';
import {hostCommand} from './host-script.js';
import {parseHostReport, type HostSample} from './parse.js';
import {sessionOf, sshTransport} from './transport.js';
import {expandHome, sshConfigPath, sshHostFromFile} from './ssh-config.js';

const hostKeySchema = Type.String({pattern: '^SHA256:[A-Za-z0-9+/]+=*$', description: 'Pinned host key (SHA256:…) instead of known_hosts'});

const jumpSchema = Type.Object({
	host: Type.String({minLength: 1}),
	port: Type.Optional(Port('SSH port; 22 when absent')),
	user: Type.Optional(Type.String({minLength: 1})),
	keyFile: Type.Optional(Type.String({minLength: 1})),
	hostKey: Type.Optional(hostKeySchema),
}, {additionalProperties: false});

const schema = Type.Object({
	host: Type.String({minLength: 1, description: 'Host name or address'}),
	port: Type.Optional(Port('SSH port; 22 when absent')),
	user: Type.Optional(Type.String({minLength: 1, description: 'Login; the local user when absent'})),
	keyFile: Type.Optional(Type.String({minLength: 1, description: 'Private key file (~ expanded); the agent when absent'})),
	passphrase: Type.Optional(Type.String()),
	agent: Type.Optional(Type.String({minLength: 1, description: 'ssh-agent socket; $SSH_AUTH_SOCK when absent'})),
	knownHosts: Type.Optional(Type.String({minLength: 1, description: 'known_hosts file; ~/.ssh/known_hosts when absent'})),
	hostKey: Type.Optional(hostKeySchema),
	shutdownCommand: Type.Optional(Type.String({minLength: 1, description: 'Command that shuts the host down (host.shutdown); default "sudo -n systemctl poweroff"'})),
	rebootCommand: Type.Optional(Type.String({minLength: 1, description: 'Command that reboots the host (host.reboot); default "sudo -n systemctl reboot"'})),
	jump: Type.Optional(Type.Union([Type.String({minLength: 1, description: 'An ssh source to tunnel through'}), jumpSchema])),
	sshConfig: Type.Optional(Type.Union([Type.String({minLength: 1}), Type.Literal(false)], {description: 'OpenSSH client config read for host (HostName, User, Port, IdentityFile, ProxyJump); ~/.ssh/config when absent; false: none'})),
});

type SshConfig = PluginConfig<typeof schema>;
/** The connection fields of a source block or of a jump object inside it. */
type TargetFields = Static<typeof jumpSchema> & {readonly knownHosts?: string; readonly passphrase?: string; readonly agent?: string};


/** Turns a source block (or a jump object inside it) into what the session needs. */
function targetFrom(config: TargetFields, source: string, fallback?: SshTarget): SshTarget {
	const {keyFile, hostKey} = config;
	const policy: HostKeyPolicy = hostKey
		? {pinned: hostKey}
		: fallback && !config.knownHosts
			? fallback.hostKeyPolicy
			: {knownHostsFile: expandHome(config.knownHosts ?? '~/.ssh/known_hosts')};
	return {
		source,
		host: config.host,
		port: config.port ?? 22,
		user: config.user ?? fallback?.user ?? userInfo().username,
		hostKeyPolicy: policy,
		privateKey: keyFile ? () => readFileSync(expandHome(keyFile)) : fallback?.privateKey,
		passphrase: config.passphrase || (keyFile ? undefined : fallback?.passphrase),
		agent: config.agent ?? fallback?.agent ?? process.env.SSH_AUTH_SOCK,
	};
}

function create(block: SshConfig, deps: PluginDeps) {
	const timeoutMs = block.timeout * 1000;
	// ~/.ssh/config fills what the block leaves out; the block's own fields win.
	const file = sshHostFromFile(sshConfigPath(block.sshConfig), block.host);
	const config: SshConfig = file ? {...block, host: file.host, port: block.port ?? file.port, user: block.user ?? file.user, keyFile: block.keyFile ?? file.keyFile} : block;
	const fileJump = block.jump === undefined ? file?.jump : undefined;
	const jump = config.jump ?? (fileJump ? {host: fileJump.host, port: fileJump.port, user: fileJump.user, keyFile: fileJump.keyFile} : undefined);
	let target = targetFrom(config, config.id);
	let jumpSession: SshSession | undefined;
	if (jump !== undefined) {
		const viaJump = (): SshSession => {
			// A ProxyJump that names an ssh source of the lab goes through that source's session.
			const viaSource = fileJump ? sessionOf(deps.transport(fileJump.alias)) : undefined;
			if (viaSource) return viaSource;
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
	const transport = sshTransport(session, () => config.name || reportedName || target.host);
	const actions = sshHostActions({
		source: config.id,
		exec: async (command, options) => session.exec(command, options),
		shutdownCommand: config.shutdownCommand,
		rebootCommand: config.rebootCommand,
		commandTimeoutMs: timeoutMs,
		requestPoll: () => deps.requestPoll(),
	});
	return {
		transport,
		actions,
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

export const plugin = definePlugin({
	type: 'ssh',
	description: 'Linux host over SSH (load, CPU, memory, disks, temperatures from /proc) and a command transport for other sources',
	schema,
	secretFields: ['passphrase'],
	sourceRefs: ['jump'],
	defaults: {interval: 5, timeout: 5},
	create,
});

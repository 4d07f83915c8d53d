// `labdeck init`: writes a commented starter config (YAML) from what it finds on this machine (a
// local nvidia-smi, NUT on localhost:3493, the hosts of ~/.ssh/config as commented-out
// suggestions) and what it is told (--proxmox, --ups, --pdu, --bmc HOST[:PORT]), each checked once.
// Never overwrites a file without --force; --print writes to stdout.
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {sshConfigAliases} from '../../plugins/ssh/ssh-config.js';
import {defaultConfigPath} from '../../src/paths.js';
import {exitCodes, type ExitCode, type Io} from './context.js';
import {findOnPath, hostPort, probeFingerprint, probeNut, probeRedfish, probeSnmp} from './init-probe.js';

export type InitOptions = {
	readonly config: string | undefined;
	readonly proxmox: readonly string[];
	readonly ups: readonly string[];
	readonly pdu: readonly string[];
	readonly bmc: readonly string[];
	/** upsd to check; localhost:3493 when absent. */
	readonly nut: string | undefined;
	readonly community: string;
	readonly timeoutMs: number;
	readonly isForce: boolean;
	readonly isPrint: boolean;
};

const q = (value: string) => JSON.stringify(value);
/** Device text is shown on stderr and in YAML comments: no control characters (no line breaks, no escapes). */
const clean = (text: string) => text.replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ');
const idOf = (prefix: string, host: string) => `${prefix}-${host.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 60).replace(/-+$/, '');
const portLine = (port: number, standard: number) => (port === standard ? [] : [`    port: ${port}`]);

/** Probes and renders the starter config; `notes` are what init tells the operator on stderr. */
export async function buildStarter(options: InitOptions, env: NodeJS.ProcessEnv): Promise<{text: string; notes: string[]}> {
	const notes: string[] = [];
	const lines = [
		'# yaml-language-server: $schema=./config.schema.json',
		'# labdeck config, written by "labdeck init". Check it with: labdeck config check',
		'# Editors check it as you type after: labdeck config schema > config.schema.json (beside this file)',
		`lab: ${q(hostname())}`,
		'sources:',
		'  - id: local      # this machine',
		'    type: local',
	];
	const ids = new Set<string>(['local']);
	const unique = (id: string) => {
		let candidate = id;
		for (let n = 2; ids.has(candidate); n++) candidate = `${id}-${n}`;
		ids.add(candidate);
		return candidate;
	};

	const nvidia = findOnPath('nvidia-smi', env);
	if (nvidia) {
		notes.push(`found ${nvidia}: added an nvidia source`);
		lines.push(`  - id: ${unique('gpus')}       # ${nvidia} on this machine`, '    type: nvidia');
	}

	// Every check starts at once (each bounded by the timeout); the file is written in a fixed order.
	const nut = hostPort(options.nut ?? 'localhost', 3493);
	const nutProbe = probeNut(nut.host, nut.port, options.timeoutMs);
	const pveProbes = options.proxmox.map(spec => probeFingerprint(hostPort(spec, 8006).host, hostPort(spec, 8006).port, options.timeoutMs));
	const snmpProbes = new Map([...options.ups, ...options.pdu].map(spec => [spec, probeSnmp(hostPort(spec, 161).host, hostPort(spec, 161).port, options.community, options.timeoutMs)]));
	const bmcProbes = options.bmc.map(spec => probeRedfish(hostPort(spec, 443).host, hostPort(spec, 443).port, options.timeoutMs));
	const nutReply = await nutProbe;
	if (nutReply.ok) {
		notes.push(`NUT on ${nut.host}:${nut.port}: ${nutReply.value.join(', ') || 'no UPS'}`);
		lines.push(`  - id: ${unique('nut')}        # upsd on ${nut.host}:${nut.port}: ${nutReply.value.join(', ') || 'no UPS yet'}`, '    type: nut', `    host: ${q(nut.host)}`, ...portLine(nut.port, 3493));
	} else if (options.nut) {
		notes.push(`NUT on ${nut.host}:${nut.port}: ${nutReply.reason}`);
	}

	for (const [index, spec] of options.proxmox.entries()) {
		const {host, port} = hostPort(spec, 8006);
		const probe = await pveProbes[index]!;
		const id = unique(idOf('pve', host));
		if (!probe.ok) {
			notes.push(`proxmox ${host}:${port}: ${probe.reason}`);
			lines.push(`  # ${id}: ${host}:${port} did not answer (${probe.reason}); check the address, then uncomment:`, `  # - {id: ${id}, type: proxmox, host: ${q(host)}}`);
			continue;
		}
		notes.push(`proxmox ${host}:${port}: certificate SHA256 fingerprint is ${probe.value} (pinned in the config: check it against the node's "pvenode cert info")`);
		lines.push(
			`  - id: ${id}`,
			'    type: proxmox',
			`    host: ${q(host)}`,
			...portLine(port, 8006),
			`    # The certificate's SHA-256 fingerprint as seen now: compare it with "pvenode cert info" on the node`,
			`    fingerprint: ${q(probe.value)}`,
			'    # An API token (Datacenter › Permissions › API Tokens, role PVEAuditor to watch):',
			'    # tokenId: "labdeck@pve!console"',
			'    # tokenCommand: "pass show pve/labdeck"',
			'    enabled: false      # give it a token (tokenId + tokenCommand or tokenEnv), then remove this line',
		);
	}

	for (const [flag, specs] of [['ups', options.ups], ['pdu', options.pdu]] as const) {
		for (const spec of specs) {
			const {host, port} = hostPort(spec, 161);
			const probe = await snmpProbes.get(spec)!;
			const fallback = flag === 'pdu' ? 'apc-pdu' : 'ups';
			if (!probe.ok) {
				notes.push(`--${flag} ${host}:${port}: ${probe.reason}`);
				const id = unique(idOf(flag, host));
				lines.push(`  # ${id}: ${host}:${port} did not answer SNMP (${probe.reason}); check address and community, then uncomment:`, `  # - {id: ${id}, type: ${fallback}, host: ${q(host)}, community: ${q(options.community)}}`);
				continue;
			}
			const plugin = probe.value.plugin ?? fallback;
			const id = unique(idOf(plugin === 'ups' ? 'ups' : 'pdu', host));
			notes.push(`--${flag} ${host}:${port}: ${probe.value.sysDescr || '?'} (${probe.value.sysObjectId}) → ${plugin}${probe.value.plugin ? '' : ` (model not recognised: --${flag} decides)`}`);
			// APC cards put the model after MN: in sysDescr.
			const model = /\bMN:(\S+)/.exec(clean(probe.value.sysDescr))?.[1] ?? (clean(probe.value.sysDescr).slice(0, 60) || probe.value.sysObjectId);
			lines.push(
				`  - id: ${id}        # ${model} (sysObjectID ${probe.value.sysObjectId})`,
				`    type: ${plugin}`,
				`    host: ${q(host)}`,
				...portLine(port, 161),
				`    community: ${q(options.community)}`,
				'    # writeCommunityEnv: PDU_WRITE     # actions (outlet on/off) need the write community',
			);
		}
	}

	for (const [index, spec] of options.bmc.entries()) {
		const {host, port} = hostPort(spec, 443);
		const probe = await bmcProbes[index]!;
		const id = unique(idOf('bmc', host));
		if (!probe.ok) {
			notes.push(`--bmc ${host}:${port}: ${probe.reason}`);
			lines.push(`  # ${id}: ${host}:${port} has no Redfish service root (${probe.reason}); check the address, then uncomment:`, `  # - {id: ${id}, type: redfish, host: ${q(host)}, user: "labdeck", passwordEnv: "BMC_PASSWORD"}`);
			continue;
		}
		notes.push(`--bmc ${host}:${port}: ${probe.value.product}; certificate SHA256 fingerprint ${probe.value.fingerprint}`);
		lines.push(
			`  - id: ${id}        # ${clean(probe.value.product).slice(0, 100)}`,
			'    type: redfish',
			`    host: ${q(host)}`,
			...portLine(port, 443),
			`    fingerprint: ${q(probe.value.fingerprint)}`,
			'    user: "labdeck"',
			'    # passwordCommand: "pass show bmc/labdeck"',
			'    enabled: false      # give it a password (passwordEnv or passwordCommand), then remove this line',
		);
	}

	const sshFile = path.join(env.HOME ?? '', '.ssh', 'config');
	const aliases = env.HOME && existsSync(sshFile) ? sshConfigAliases(readFileSync(sshFile, 'utf8')) : [];
	if (aliases.length > 0) {
		notes.push(`${sshFile}: ${aliases.length} hosts suggested (commented out)`);
		lines.push(`  # Hosts of ${sshFile} (HostName, User, Port, IdentityFile and ProxyJump come from there):`);
		for (const alias of aliases.slice(0, 50)) lines.push(`  # - {id: ${idOf('host', alias)}, type: ssh, host: ${q(alias)}}`);
	}
	return {text: `${lines.join('\n')}\n`, notes};
}

export async function runInit(options: InitOptions, io: Io): Promise<ExitCode> {
	const file = options.config ? path.resolve(options.config) : defaultConfigPath(io.env);
	if (!options.isPrint && existsSync(file) && !options.isForce) {
		io.err(`labdeck: ${file} exists: init never overwrites it (--force to replace it, --print to see the starter on stdout)\n`);
		return exitCodes.error;
	}
	if (!options.isPrint && !/\.ya?ml$/i.test(file)) {
		io.err(`labdeck: ${file}: init writes YAML: give a .yaml or .yml path\n`);
		return exitCodes.usage;
	}
	const {text, notes} = await buildStarter(options, io.env);
	for (const note of notes) io.err(`labdeck init: ${clean(note)}\n`);
	if (options.isPrint) {
		io.out(text);
		return exitCodes.ok;
	}
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, text, {mode: 0o600});
	io.err(`labdeck init: wrote ${file}; check it with "labdeck config check"\n`);
	return exitCodes.ok;
}

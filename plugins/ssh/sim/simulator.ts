// A loopback SSH server per simulated host (ssh2's Server behind our own net.Server, so a host can
// also be powered off or hang before the SSH banner). Public-key authentication only. It answers
// the host script, nvidia-smi (through NvidiaSim) and `kill`, optionally behind `sudo -n`, and
// forwards direct-tcpip to loopback ports (a jump host), and powers the host off (or reboots it) on
// `systemctl poweroff|reboot`. Modes: `garbage` prints junk for every command, `hang` accepts TCP
// and never speaks, `exec-hang` authenticates and never answers a command, `truncated` sends the
// banner, then closes. `stall()` freezes the open connections (a stalled TCP path) while new ones
// are served.
import {createServer, connect, type Server as NetServer, type Socket} from 'node:net';
import {ssh2 as loadSsh2} from '../ssh2.js';
import type {Connection, ParsedKey} from 'ssh2';
import type {ExecResult} from '../../../src/plugin-api.js';
import {NvidiaSim} from '../../nvidia/sim/simulator.js';
import {fingerprint} from '../host-key.js';
import {hostMarker} from '../host-script.js';
import {renderHostReport, type HostProfile} from './sim-host.js';
import {generateEd25519Key} from '../keygen.js';

const ssh2 = loadSsh2();

export type SimMode = 'normal' | 'garbage' | 'hang' | 'exec-hang' | 'truncated';

export type SimHostSpec = {
	readonly name: string;
	readonly profile: HostProfile;
	/** nvidia-smi XML fixture text; absent: the host has no NVIDIA driver. */
	readonly gpuXml?: string;
	/** Index of a GPU that overheats (the gpu-overheat scenario). */
	readonly overheatGpu?: number;
};

export type SimHost = {
	readonly name: string;
	readonly port: number;
	readonly nvidia: NvidiaSim | undefined;
	mode: SimMode;
	/** Powered off: connections are cut and new ones reset. */
	setPower(isOn: boolean): void;
	/** The connections open now stop being read or answered (a stalled path); new ones work. */
	stall(): void;
	/** Commands run so far (for tests). */
	readonly commands: string[];
};

export type SshSimulator = {
	/** `SHA256:` fingerprint of the servers' host key (one key for all simulated hosts). */
	readonly hostKey: string;
	readonly hosts: ReadonlyMap<string, SimHost>;
	stop(): Promise<void>;
};

export type SshSimulatorOptions = {
	readonly hosts: readonly SimHostSpec[];
	/** OpenSSH public key lines allowed to log in. */
	readonly authorizedKeys: readonly string[];
	readonly now?: () => number;
	/** A host powered itself off or back on (an OS shutdown or reboot run over SSH). */
	readonly onPower?: (host: string, isOn: boolean) => void;
	/** How long a simulated reboot keeps the host down, ms (default 300). */
	readonly rebootMs?: number;
	/** OpenSSH private host key; generated when absent. */
	readonly hostKeyPem?: string;
};

/** Splits a command line into words: plain words and single- or double-quoted strings. */
export function splitCommand(command: string): string[] {
	const words: string[] = [];
	const pattern = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\\.|[^\s'"])+|(\s+)/g;
	let current: string | undefined;
	for (const match of command.matchAll(pattern)) {
		if (match[4] !== undefined) {
			if (current !== undefined) words.push(current);
			current = undefined;
			continue;
		}
		const part = match[1] ?? match[2]?.replace(/\\(.)/g, '$1') ?? match[0].replace(/\\(.)/g, '$1');
		current = (current ?? '') + part;
	}
	if (current !== undefined) words.push(current);
	return words;
}

/** `systemctl poweroff|reboot`, `poweroff`, `reboot`, `shutdown -h|-r now` (after an optional `sudo -n`): what the host does. */
export function powerVerb(command: string): 'off' | 'reboot' | undefined {
	let words = splitCommand(command);
	if (words[0] === 'sudo') words = words.slice(words[1] === '-n' ? 2 : 1);
	const [program, ...args] = words;
	const verb = program === 'systemctl' ? args.find(arg => !arg.startsWith('-')) : program === 'shutdown' ? (args.includes('-r') ? 'reboot' : 'poweroff') : program;
	if (verb === 'poweroff' || verb === 'halt') return 'off';
	if (verb === 'reboot') return 'reboot';
	return undefined;
}

function answer(host: {name: string; profile: HostProfile; nvidia: NvidiaSim | undefined; uptimeOffsetSec?: number}, command: string, bootMs: number, nowMs: number): ExecResult {
	if (command.includes(hostMarker)) return {stdout: renderHostReport(host.name, host.profile, bootMs, nowMs, host.uptimeOffsetSec), stderr: '', code: 0};
	let words = splitCommand(command);
	if (words[0] === 'sudo') words = words.slice(words[1] === '-n' ? 2 : 1);
	const [program, ...args] = words;
	if (program === 'nvidia-smi' || program?.endsWith('/nvidia-smi')) {
		return host.nvidia ? host.nvidia.run(args) : {stdout: '', stderr: 'sh: 1: nvidia-smi: not found\n', code: 127};
	}
	if (program === 'kill') {
		const pid = Number(args.find(arg => /^\d+$/.test(arg)));
		if (host.nvidia?.kill(pid)) return {stdout: '', stderr: '', code: 0};
		return {stdout: '', stderr: `sh: 1: kill: No such process\n`, code: 1};
	}
	if (powerVerb(command)) return {stdout: '', stderr: '', code: 0};
	if (program === 'true') return {stdout: '', stderr: '', code: 0};
	if (program === 'echo') return {stdout: `${args.join(' ')}\n`, stderr: '', code: 0};
	return {stdout: '', stderr: `sh: 1: ${program ?? ''}: not found\n`, code: 127};
}

export async function startSshSimulator(options: SshSimulatorOptions): Promise<SshSimulator> {
	const now = options.now ?? Date.now;
	const bootMs = now();
	const hostKeyPem = options.hostKeyPem ?? generateEd25519Key().private;
	const hostKey = ssh2.utils.parseKey(hostKeyPem) as ParsedKey;
	const allowed = options.authorizedKeys.map(line => ssh2.utils.parseKey(line)).filter((key): key is ParsedKey => !(key instanceof Error));
	const sockets = new Set<Socket>();
	const servers: NetServer[] = [];
	const hosts = new Map<string, SimHost>();

	for (const spec of options.hosts) {
		const nvidia = spec.gpuXml ? new NvidiaSim(spec.gpuXml, {now, overheat: spec.overheatGpu}) : undefined;
		const hostSockets = new Set<Socket>();
		let isOn = true;
		// A power cycle reboots the host: its uptime (and the counters derived from it) restart.
		let hostBootMs = bootMs;
		let uptimeOffsetSec: number | undefined;
		const commands: string[] = [];
		const sshServer = new ssh2.Server({hostKeys: [hostKeyPem]}, (client: Connection) => {
			client.on('error', () => {});
			client.on('authentication', context => {
				if (context.method !== 'publickey') return context.reject(['publickey']);
				const key = allowed.find(candidate => candidate.getPublicSSH().equals(context.key.data));
				if (!key) return context.reject(['publickey']);
				if (context.signature && context.blob && !key.verify(context.blob, context.signature, context.hashAlgo)) return context.reject(['publickey']);
				context.accept();
			});
			client.on('ready', () => {
				client.on('session', accept => {
					const session = accept();
					session.on('exec', (acceptExec, _reject, info) => {
						const stream = acceptExec();
						commands.push(info.command);
						if (host.mode === 'exec-hang') return;
						const result: ExecResult = host.mode === 'garbage'
							? {stdout: '\u0000\u00ff<<garbage>> lorem ipsum 0xDEADBEEF\n#!?\n', stderr: '', code: 0}
							: answer({name: spec.name, profile: spec.profile, nvidia, uptimeOffsetSec}, info.command, hostBootMs, now());
						if (result.stdout) stream.write(result.stdout);
						if (result.stderr) stream.stderr.write(result.stderr);
						stream.exit(result.code ?? 0);
						stream.end();
						const power = host.mode === 'normal' ? powerVerb(info.command) : undefined;
						if (power) {
							// The OS goes down a moment after answering, as systemd does.
							setTimeout(() => {
								host.setPower(false);
								options.onPower?.(spec.name, false);
								if (power === 'reboot') {
									setTimeout(() => {
										host.setPower(true);
										options.onPower?.(spec.name, true);
									}, options.rebootMs ?? 300).unref();
								}
							}, 20).unref();
						}
					});
				});
				client.on('tcpip', (acceptTcp, rejectTcp, info) => {
					if (info.destIP !== '127.0.0.1' && info.destIP !== 'localhost' && info.destIP !== '::1') return rejectTcp();
					const upstream = connect(info.destPort, info.destIP === 'localhost' ? '127.0.0.1' : info.destIP);
					sockets.add(upstream);
					upstream.once('close', () => sockets.delete(upstream));
					upstream.once('error', () => rejectTcp());
					upstream.once('connect', () => {
						const channel = acceptTcp();
						upstream.pipe(channel).pipe(upstream);
						channel.on('close', () => upstream.destroy());
					});
				});
			});
		});
		const server = createServer(socket => {
			sockets.add(socket);
			hostSockets.add(socket);
			socket.once('close', () => {
				sockets.delete(socket);
				hostSockets.delete(socket);
			});
			socket.on('error', () => {});
			if (!isOn) {
				socket.destroy();
				return;
			}
			if (host.mode === 'hang') return;
			if (host.mode === 'truncated') {
				socket.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
				return;
			}
			sshServer.injectSocket(socket);
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		servers.push(server);
		const address = server.address();
		const host: SimHost = {
			name: spec.name,
			port: typeof address === 'object' && address ? address.port : 0,
			nvidia,
			mode: 'normal',
			commands,
			setPower(on: boolean) {
				if (on && !isOn) {
					hostBootMs = now();
					uptimeOffsetSec = 0;
				}
				isOn = on;
				if (!on) for (const socket of hostSockets) socket.destroy();
			},
			stall() {
				for (const socket of hostSockets) {
					socket.pause();
					socket.write = () => true; // nothing more reaches the client either
				}
			},
		};
		hosts.set(spec.name, host);
	}

	return {
		hostKey: fingerprint(hostKey.getPublicSSH()),
		hosts,
		async stop() {
			for (const socket of sockets) socket.destroy();
			await Promise.all(servers.map(server => new Promise<void>(resolve => server.close(() => resolve()))));
		},
	};
}

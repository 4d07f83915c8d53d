// One SSH connection per host, opened on first use, kept and reused across polls, reopened after
// a drop with capped exponential backoff. ssh2 has no per-exec timeout and no AbortSignal: both
// are added here, and both close the channel. A command that timed out (or was aborted by the
// poll's timeout) and a failed keepalive mean the path may be stalled: the connection is closed
// and the next call opens a new one, so a recovered host is up on the next poll.
import type {Duplex} from 'node:stream';
import {ssh2} from './ssh2.js';
import type {Client, ClientChannel, ConnectConfig} from 'ssh2';
import {AuthError, DeviceReplyError, TimeoutError, UnreachableError, fromSocketError} from '../../src/errors.js';
import {capExceeded} from '../../src/caps.js';
import type {ExecResult} from '../../src/plugin-api.js';
import {describeVerdict, knownKeyTypes, verifyHostKey, type HostKeyPolicy, type HostKeyVerdict} from './host-key.js';

export type SshCredentials = {
	/** Read at every connect, so a rotated key file is picked up. */
	readonly privateKey?: () => Buffer;
	readonly passphrase?: string;
	/** SSH agent socket path. */
	readonly agent?: string;
};

export type SshTarget = SshCredentials & {
	/** Config id of the source, for error messages. */
	readonly source: string;
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly hostKeyPolicy: HostKeyPolicy;
	/** Opens the byte stream to host:port through a jump host; absent: a direct TCP connection. */
	readonly tunnel?: (host: string, port: number, signal: AbortSignal, timeoutMs: number) => Promise<Duplex>;
};

const backoffStartMs = 1000;
const backoffCapMs = 30_000;

const rsaAlgorithms = ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

/** Host key algorithms to ask for, those already in known_hosts first (as OpenSSH orders them). */
function hostKeyAlgorithms(policy: HostKeyPolicy, host: string, port: number): ConnectConfig['algorithms'] | undefined {
	const known = knownKeyTypes(policy, host, port).flatMap(type => (type === 'ssh-rsa' ? rsaAlgorithms : [type]));
	if (known.length === 0) return undefined;
	const all = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', ...rsaAlgorithms];
	const ordered = [...new Set([...known.filter(type => all.includes(type)), ...all])];
	return {serverHostKey: ordered as NonNullable<ConnectConfig['algorithms']>['serverHostKey']};
}

export class SshSession {
	readonly #target: SshTarget;
	readonly #now: () => number;
	#client: Client | undefined;
	#connecting: Promise<Client> | undefined;
	#failures = 0;
	#retryAtMs = 0;
	#lastError: Error | undefined;
	#isClosed = false;

	constructor(target: SshTarget, now: () => number = Date.now) {
		this.#target = target;
		this.#now = now;
	}

	get target(): SshTarget {
		return this.#target;
	}

	/** Whether a connection is open now (for tests and `doctor`). */
	get isConnected(): boolean {
		return this.#client !== undefined;
	}

	/** The open connection, or a new one; fails fast with the last error while backing off. */
	async connection(signal: AbortSignal, timeoutMs: number): Promise<Client> {
		if (this.#isClosed) throw new UnreachableError({source: this.#target.source, operation: 'connect'}, 'session closed');
		if (this.#client) return this.#client;
		if (!this.#connecting) {
			if (this.#lastError && this.#now() < this.#retryAtMs) throw this.#lastError;
			this.#connecting = this.#connect(timeoutMs).then(
				client => {
					this.#failures = 0;
					this.#lastError = undefined;
					this.#client = client;
					this.#connecting = undefined;
					return client;
				},
				(error: Error) => {
					this.#failures++;
					this.#retryAtMs = this.#now() + Math.min(backoffCapMs, backoffStartMs * 2 ** (this.#failures - 1));
					this.#lastError = error;
					this.#connecting = undefined;
					throw error;
				},
			);
		}
		return bounded(this.#connecting, signal, timeoutMs, () => new TimeoutError({source: this.#target.source, operation: 'connect'}, timeoutMs));
	}

	async #connect(timeoutMs: number): Promise<Client> {
		const target = this.#target;
		const context = {source: target.source, operation: `connect ${target.user}@${target.host}:${target.port}`};
		const controller = new AbortController();
		const sock = target.tunnel ? await target.tunnel(target.host, target.port, controller.signal, timeoutMs) : undefined;
		const client = new (ssh2().Client)();
		let verdict: HostKeyVerdict | undefined;
		return new Promise<Client>((resolve, reject) => {
			let isSettled = false;
			const settle = (error: Error | undefined) => {
				if (isSettled) return;
				isSettled = true;
				clearTimeout(timer);
				if (error) {
					client.removeAllListeners('ready');
					client.on('error', () => {});
					client.destroy();
					controller.abort();
					reject(error);
				} else {
					resolve(client);
				}
			};
			const timer = setTimeout(() => settle(new TimeoutError(context, timeoutMs)), timeoutMs);
			client.once('ready', () => settle(undefined));
			client.on('error', (error: Error & {level?: string}) => {
				if (!isSettled) {
					settle(this.#mapConnectError(error, verdict, context, timeoutMs));
					return;
				}
				// A later error (keepalive timeout, reset) drops the connection; the next call reopens it.
				this.#drop(client);
			});
			client.on('close', () => {
				// Closed before `ready` (a truncated handshake): say so now instead of waiting for the timeout.
				if (!isSettled) settle(new UnreachableError(context, 'the connection was closed during the SSH handshake'));
				this.#drop(client);
			});
			const config: ConnectConfig = {
				host: target.host,
				port: target.port,
				username: target.user,
				sock,
				readyTimeout: timeoutMs + 1000,
				keepaliveInterval: 15_000,
				keepaliveCountMax: 3,
				algorithms: hostKeyAlgorithms(target.hostKeyPolicy, target.host, target.port),
				hostVerifier: (key: Buffer) => {
					verdict = verifyHostKey(target.hostKeyPolicy, target.host, target.port, key);
					return verdict.ok;
				},
			};
			try {
				if (target.privateKey) config.privateKey = target.privateKey();
				if (target.passphrase !== undefined) config.passphrase = target.passphrase;
				if (target.agent) config.agent = target.agent;
				if (!config.privateKey && !config.agent) throw new Error('no keyFile and no SSH agent (SSH_AUTH_SOCK is not set)');
				client.connect(config);
			} catch (error) {
				settle(new AuthError(context, `cannot use the credentials: ${(error as Error).message}`, {cause: error}));
			}
		});
	}

	#mapConnectError(error: Error & {level?: string}, verdict: HostKeyVerdict | undefined, context: {source: string; operation: string}, timeoutMs: number): Error {
		const target = this.#target;
		if (verdict && !verdict.ok) return new AuthError(context, describeVerdict(verdict, target.host, target.port, target.hostKeyPolicy), {cause: error});
		if (error.level === 'client-authentication') {
			return new AuthError(context, `the server refused the key for user ${target.user} (${error.message})`, {cause: error});
		}
		if (error.level === 'client-timeout') return new TimeoutError(context, timeoutMs, {cause: error});
		if (error.level === 'client-socket') return fromSocketError(error, context);
		if (/connection lost before handshake/i.test(error.message)) return new UnreachableError(context, 'the connection was closed before the SSH handshake', {cause: error});
		return new DeviceReplyError(context, `SSH handshake failed: ${error.message}`, {cause: error});
	}

	#drop(client: Client): void {
		if (this.#client === client) this.#client = undefined;
		client.destroy();
	}

	/** Runs one command line; the channel is closed on timeout or abort. */
	async exec(command: string, options: {signal: AbortSignal; timeoutMs: number; maxBuffer?: number}): Promise<ExecResult> {
		const {signal, timeoutMs, maxBuffer = 16 * 1024 * 1024} = options;
		const startedAt = Date.now();
		const context = {source: this.#target.source, operation: `exec ${command.split(/\s/, 1)[0] ?? ''}`.trim()};
		signal.throwIfAborted();
		const client = await this.connection(signal, timeoutMs);
		const remainingMs = Math.max(1, timeoutMs - (Date.now() - startedAt));
		return new Promise<ExecResult>((resolve, reject) => {
			let channel: ClientChannel | undefined;
			let isSettled = false;
			const stdout: Buffer[] = [];
			const stderr: Buffer[] = [];
			let size = 0;
			let code: number | null = null;
			const finish = (error: Error | undefined) => {
				if (isSettled) return;
				isSettled = true;
				clearTimeout(timer);
				signal.removeEventListener('abort', onAbort);
				client.removeListener('close', onClientClose);
				if (error) {
					if (channel) {
						// Ask the server to end the command too (OpenSSH ≥ 7.9 honours it), then close.
						try {
							channel.signal('KILL');
						} catch {}
						channel.close();
					}
					reject(error);
					return;
				}
				resolve({stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), code});
			};
			const timer = setTimeout(() => {
				// The connection may be stalled (not just the command): never reuse it.
				finish(new TimeoutError(context, timeoutMs));
				this.#drop(client);
			}, remainingMs);
			const onAbort = () => {
				finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
				// Aborted by the poll's timeout: as above, the connection is not trusted again.
				if (signal.reason instanceof TimeoutError) this.#drop(client);
			};
			const onClientClose = () => finish(new UnreachableError(context, 'connection closed during the command'));
			signal.addEventListener('abort', onAbort, {once: true});
			client.once('close', onClientClose);
			const collect = (sink: Buffer[]) => (chunk: Buffer) => {
				size += chunk.length;
				if (size > maxBuffer) {
					finish(capExceeded(context, 'replyBytes', maxBuffer, `over ${maxBuffer} bytes`));
					return;
				}
				sink.push(chunk);
			};
			try {
				client.exec(command, (error, opened) => {
					if (error) {
						finish(new UnreachableError(context, `cannot open a channel: ${error.message}`, {cause: error}));
						return;
					}
					channel = opened;
					if (isSettled) {
						opened.close();
						return;
					}
					opened.on('data', collect(stdout));
					opened.stderr.on('data', collect(stderr));
					opened.on('exit', (exitCode: number | null) => {
						code = typeof exitCode === 'number' ? exitCode : null;
					});
					opened.on('close', () => finish(undefined));
				});
			} catch (error) {
				finish(new UnreachableError(context, `cannot run the command: ${(error as Error).message}`, {cause: error}));
			}
		});
	}

	/** A byte stream to host:port opened from this host (ProxyJump), for another session's connect. */
	async openTunnel(host: string, port: number, signal: AbortSignal, timeoutMs: number): Promise<Duplex> {
		const client = await this.connection(signal, timeoutMs);
		const context = {source: this.#target.source, operation: `jump to ${host}:${port}`};
		const opening = new Promise<Duplex>((resolve, reject) => {
			client.forwardOut('127.0.0.1', 0, host, port, (error, stream) => {
				if (error) reject(new UnreachableError(context, error.message, {cause: error}));
				else resolve(stream);
			});
		});
		return bounded(opening, signal, timeoutMs, () => new TimeoutError(context, timeoutMs));
	}

	close(): void {
		this.#isClosed = true;
		if (this.#client) this.#drop(this.#client);
	}
}

/** Awaits the promise, but no longer than the budget or the signal allow. */
async function bounded<T>(promise: Promise<T>, signal: AbortSignal, timeoutMs: number, onTimeout: () => Error): Promise<T> {
	signal.throwIfAborted();
	let timer: NodeJS.Timeout | undefined;
	let onAbort: (() => void) | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(onTimeout()), timeoutMs);
				onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
				signal.addEventListener('abort', onAbort, {once: true});
			}),
		]);
	} finally {
		clearTimeout(timer);
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}

/** Quotes one argument for a POSIX shell (the remote side of an SSH exec is a shell). */
export function shellQuote(argument: string): string {
	return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", "'\\''")}'`;
}

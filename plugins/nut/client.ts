// The upsd line-protocol client (TCP 3493, node's net/tls, no library). One request at a time on
// one connection, each with its own timeout and AbortSignal; a timeout or an abort destroys the
// socket (the reply stream can no longer be trusted) and the next request opens a fresh one.
//
// The connection is kept between polls and reused: upsmon itself holds one session per server,
// upsd has no idle limit, and keeping it saves the TCP + STARTTLS handshake and the
// USERNAME/PASSWORD exchange on every poll (a TLS handshake costs a small NAS or a UPS card far
// more than a LIST VAR). A socket the server closed while idle is noticed and replaced before the
// next request is written, so a restarted upsd costs no failed poll.
import net from 'node:net';
import tls from 'node:tls';
import {AuthError, DeviceReplyError, UnreachableError, type ErrorContext} from '../../src/errors.js';
import {capExceeded} from '../../src/caps.js';
import {quote, tokenize} from './parse.js';
import {attach, format, inStep, isResetError, maxListLines, normalizeFingerprint, preview, redact, replyError, startDeadline, toLabdeckError, type Connection, type Deadline} from './wire.js';

export {NutReplyError, normalizeFingerprint, replyError} from './wire.js';

export type NutClientOptions = {
	/** Source id, for error messages. */
	readonly source: string;
	readonly host: string;
	readonly port: number;
	readonly username?: string;
	readonly password?: string;
	/** `auto`: STARTTLS when offered; `required`: refuse plain text; `off`: never. */
	readonly tls: 'auto' | 'required' | 'off';
	/** SHA-256 of the server certificate, hex with or without colons; implies TLS required. */
	readonly fingerprint?: string;
	readonly isInsecure?: boolean;
	/** Per-request budget, ms. */
	readonly timeoutMs: number;
	/** The source's `rows` cap: lines of one LIST reply (default maxListLines). */
	readonly maxLines?: number;
};

export type RequestOptions = {readonly signal: AbortSignal; readonly timeoutMs?: number};
export type ListRequest = {readonly what: string; readonly args: readonly string[]};


export class NutClient {
	readonly #options: NutClientOptions;
	#connection: Connection | undefined;
	#queue: Promise<unknown> = Promise.resolve();

	constructor(options: NutClientOptions) {
		this.#options = options;
	}

	get isSecure(): boolean {
		return this.#connection?.isSecure ?? false;
	}

	/** `LIST <what> <args>` → the word arrays of its item lines (without the `BEGIN`/`END` lines). */
	async list(what: string, args: readonly string[], options: RequestOptions): Promise<string[][]> {
		const [result] = await this.listMany([{what, args}], options);
		if (result instanceof Error) throw result;
		return result!;
	}

	/**
	 * Several LIST requests written at once and answered in order (pipelined): one round trip, and
	 * one Nagle/delayed-ACK stall (≈ 40 ms on Linux) instead of one per request on a kept
	 * connection. An `ERR` reply becomes that item's error; the others still count.
	 */
	async listMany(requests: readonly ListRequest[], options: RequestOptions): Promise<(string[][] | Error)[]> {
		const lines = requests.map(({what, args}) => ['LIST', what, ...args.map(quote)].join(' '));
		const operation = lines.length > 1 ? `${lines[0]} (+${lines.length - 1} pipelined)` : lines[0] ?? 'LIST';
		return this.#serialize(async () => this.#withConnection(operation, true, options, async (connection, _context, deadline) => {
			connection.socket.write(lines.map(line => `${line}\n`).join(''));
			const results: (string[][] | Error)[] = [];
			for (const [index, request] of requests.entries()) {
				const context = {source: this.#options.source, operation: lines[index]!};
				try {
					// Replies arrive in order.
					results.push(await this.#readList(connection, context, deadline, request));
				} catch (error) {
					if (!(error instanceof Error && inStep.has(error))) throw error;
					results.push(error);
				}
			}
			return results;
		}));
	}

	async #readList(connection: Connection, context: ErrorContext, deadline: Deadline, {what, args}: ListRequest): Promise<string[][]> {
		const header = [what, ...args].join(' ');
		const first = await this.#readLine(connection, context, deadline);
		this.#throwIfError(first, context);
		if (first !== `BEGIN LIST ${header}`) throw new DeviceReplyError(context, `expected "BEGIN LIST ${header}", got ${preview(first)}`);
		const items: string[][] = [];
		for (;;) {
			const line = await this.#readLine(connection, context, deadline).catch((error: unknown) => {
				if (error instanceof UnreachableError) throw new DeviceReplyError(context, `reply ended after ${items.length} lines, before "END LIST ${header}"`);
				throw error;
			});
			if (line === `END LIST ${header}`) return items;
			const words = tokenize(line);
			const maxLines = this.#options.maxLines ?? maxListLines;
			if (items.length >= maxLines) throw capExceeded(context, 'rows', maxLines, `more than ${maxLines} lines in LIST ${what}`);
			if (!words || words[0] !== what.split(' ')[0]) {
				throw new DeviceReplyError(context, `unexpected line in LIST ${what}: ${preview(line)}`);
			}
			items.push(words);
		}
	}

	/** A one-line command (`INSTCMD ups cmd`) → the `OK…` line. */
	async command(words: readonly string[], options: RequestOptions): Promise<string> {
		const request = words.map(quote).join(' ');
		return this.#serialize(async () => this.#withConnection(request, false, options, async (connection, context, deadline) => {
			this.#write(connection, request);
			const line = await this.#readLine(connection, context, deadline);
			this.#throwIfError(line, context);
			if (!line.startsWith('OK')) throw new DeviceReplyError(context, `expected OK, got ${preview(line)}`);
			return line;
		}));
	}

	close(): void {
		this.#connection?.socket.destroy();
		this.#connection = undefined;
	}

	async #serialize<T>(task: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(task, task);
		this.#queue = run.catch(() => undefined);
		return run;
	}

	async #withConnection<T>(
		operation: string,
		isIdempotent: boolean,
		{signal, timeoutMs = this.#options.timeoutMs}: RequestOptions,
		body: (connection: Connection, context: ErrorContext, deadline: Deadline) => Promise<T>,
	): Promise<T> {
		const context = {source: this.#options.source, operation: redact(operation)};
		const deadline = startDeadline(signal, timeoutMs);
		try {
			const isReused = this.#connection !== undefined && !this.#connection.isClosed;
			if (!isReused) this.#connection = await this.#open(deadline);
			try {
				return await body(this.#connection!, context, deadline);
			} catch (error) {
				// upsd closed a kept connection just as we wrote to it: a read is safely sent once more
				// on a fresh one; a command (INSTCMD) is not, it may have run.
				if (!isReused || !isIdempotent || !(error instanceof UnreachableError || isResetError(error))) throw error;
				this.close();
				this.#connection = await this.#open(deadline);
				return await body(this.#connection, context, deadline);
			}
		} catch (error) {
			// After a timeout, an abort or a broken reply the stream is out of step: start afresh.
			if (!(error instanceof Error && inStep.has(error))) this.close();
			throw toLabdeckError(error, context);
		} finally {
			deadline.dispose();
		}
	}

	async #open(deadline: Deadline): Promise<Connection> {
		const {host, port, source} = this.#options;
		const context = {source, operation: `connect ${host}:${port}`};
		const socket = net.connect({host, port, noDelay: true});
		const connection = attach(socket);
		await settled(socket, 'connect', deadline).catch(error => {
			socket.destroy();
			throw toLabdeckError(error, context);
		});
		let current = connection;
		try {
			current = await this.#startTls(connection, deadline);
			if (this.#options.username !== undefined) {
				await this.#login(current, 'USERNAME', this.#options.username, deadline);
				if (this.#options.password !== undefined) await this.#login(current, 'PASSWORD', this.#options.password, deadline);
			}
			return current;
		} catch (error) {
			current.socket.destroy();
			socket.destroy();
			throw error;
		}
	}

	async #login(connection: Connection, verb: 'USERNAME' | 'PASSWORD', value: string, deadline: Deadline): Promise<void> {
		const context = {source: this.#options.source, operation: verb};
		this.#write(connection, `${verb} ${quote(value)}`);
		const line = await this.#readLine(connection, context, deadline);
		this.#throwIfError(line, context);
		if (!line.startsWith('OK')) throw new DeviceReplyError(context, `expected OK, got ${preview(line)}`);
	}

	async #startTls(connection: Connection, deadline: Deadline): Promise<Connection> {
		const {tls: mode, fingerprint, isInsecure, host, source} = this.#options;
		const isRequired = mode === 'required' || fingerprint !== undefined;
		if (mode === 'off' && !fingerprint) return connection;
		const context = {source, operation: 'STARTTLS'};
		this.#write(connection, 'STARTTLS');
		const reply = await this.#readLine(connection, context, deadline);
		if (reply !== 'OK STARTTLS') {
			if (!/^ERR [A-Z-]+/.test(reply)) throw new DeviceReplyError(context, `expected "OK STARTTLS", got ${preview(reply)}`);
			if (isRequired) throw new AuthError(context, `the server does not offer TLS (${reply}) and the source requires it`);
			return connection;
		}
		connection.socket.removeAllListeners('data');
		const secure = tls.connect({socket: connection.socket, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false});
		const next = attach(secure);
		await settled(secure, 'secureConnect', deadline).catch(error => {
			secure.destroy();
			throw toLabdeckError(error, {source, operation: 'TLS handshake'});
		});
		const peer = normalizeFingerprint(secure.getPeerCertificate().fingerprint256 ?? '');
		const hsContext = {source, operation: 'TLS handshake'};
		if (fingerprint !== undefined) {
			if (peer !== normalizeFingerprint(fingerprint)) {
				secure.destroy();
				throw new AuthError(hsContext, `certificate fingerprint mismatch: expected ${format(normalizeFingerprint(fingerprint))}, got ${format(peer)}`);
			}
		} else if (!isInsecure && !secure.authorized) {
			secure.destroy();
			throw new AuthError(hsContext, `certificate not trusted (${String(secure.authorizationError)}); its SHA-256 fingerprint is ${format(peer)}: set "fingerprint" to pin it`);
		}
		next.isSecure = true;
		return next;
	}

	#write(connection: Connection, line: string): void {
		connection.socket.write(`${line}\n`);
	}

	async #readLine(connection: Connection, context: ErrorContext, deadline: Deadline): Promise<string> {
		for (;;) {
			const line = connection.lines.shift();
			if (line !== undefined) return line;
			if (connection.failure) throw connection.failure;
			if (connection.isClosed) throw new UnreachableError(context, 'upsd closed the connection');
			if (deadline.signal.aborted) throw deadline.reason();
			await new Promise<void>(resolve => {
				const onAbort = () => resolve();
				deadline.signal.addEventListener('abort', onAbort, {once: true});
				connection.waiter = () => {
					deadline.signal.removeEventListener('abort', onAbort);
					resolve();
				};
			});
			connection.waiter = undefined;
		}
	}

	#throwIfError(line: string, context: ErrorContext): void {
		const match = /^ERR ([A-Z0-9-]+)/.exec(line);
		if (match) throw replyError(context, match[1]!);
	}
}

/** Resolves on the socket's `event` (connected, or TLS set up); rejects on its error or when the deadline passes. */
async function settled(socket: net.Socket, event: 'connect' | 'secureConnect', deadline: Deadline): Promise<void> {
	let onAbort: (() => void) | undefined;
	try {
		await new Promise<void>((resolve, reject) => {
			onAbort = () => reject(deadline.reason());
			socket.once(event, () => resolve());
			socket.once('error', reject);
			deadline.signal.addEventListener('abort', onAbort, {once: true});
		});
	} finally {
		deadline.signal.removeEventListener('abort', onAbort!);
	}
}

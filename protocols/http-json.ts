// JSON over HTTP(S) for hub plugins (Home Assistant, HomeSeer): undici fetch over an Agent of our
// own, one AbortSignal and one timeout per request, no retry, TLS verified by default or pinned by
// SHA-256 fingerprint (`insecure` turns verification off), errors mapped to the labdeck classes.
// The caller's operation text must not hold secrets: it is what error messages show.
import type {TLSSocket} from 'node:tls';
import {Agent, buildConnector, fetch} from 'undici';
import {AuthError, DeviceReplyError, fromSocketError, TimeoutError, type ErrorContext} from '../src/errors.js';

export type HttpJsonOptions = {
	readonly source: string;
	/** `http://host:port` or `https://host:port`, no trailing slash. */
	readonly base: string;
	readonly fingerprint?: string;
	readonly isInsecure?: boolean;
	readonly timeoutMs: number;
};

export type HttpReply = {readonly status: number; readonly body: unknown; readonly text: string};

export const normalizeFingerprint = (value: string): string => value.replace(/[:\s]/g, '').toUpperCase();
export const formatFingerprint = (hex: string): string => hex.match(/.{2}/g)?.join(':') ?? hex;

/** Checks a TLS peer against the pin or the trust store; the error to fail with, or undefined. */
export function checkPeer(tls: TLSSocket, options: {readonly source: string; readonly fingerprint?: string; readonly isInsecure?: boolean}): Error | undefined {
	const peer = normalizeFingerprint(tls.getPeerCertificate?.().fingerprint256 ?? '');
	const context = {source: options.source, operation: 'TLS handshake'};
	if (options.fingerprint) {
		const pinned = normalizeFingerprint(options.fingerprint);
		return peer === pinned ? undefined : new AuthError(context, `certificate fingerprint mismatch: expected ${formatFingerprint(pinned)}, got ${formatFingerprint(peer)}`);
	}
	if (!options.isInsecure && !tls.authorized) {
		return new AuthError(context, `certificate not trusted (${String(tls.authorizationError ?? 'not trusted')}); its SHA-256 fingerprint is ${formatFingerprint(peer)}: set "fingerprint" to pin it`);
	}
	return undefined;
}

export class HttpJson {
	readonly #options: HttpJsonOptions;
	readonly #agent: Agent;

	constructor(options: HttpJsonOptions) {
		this.#options = options;
		const base = buildConnector({rejectUnauthorized: false, maxCachedSessions: 0});
		const connect: buildConnector.connector = (connectOptions, callback) => {
			base(connectOptions, (error, socket) => {
				if (error || !socket) {
					callback(error ?? new Error('connect failed'), null);
					return;
				}
				const failure = connectOptions.protocol === 'https:' ? checkPeer(socket as TLSSocket, options) : undefined;
				if (failure) {
					socket.destroy();
					callback(failure, null);
					return;
				}
				callback(null, socket);
			});
		};
		this.#agent = new Agent({connect, keepAliveTimeout: 10_000, connections: 4});
	}

	/** One request; any status comes back (the caller maps 4xx), network trouble throws. */
	async request(method: 'GET' | 'POST', path: string, init: {readonly signal: AbortSignal; readonly operation: string; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown}): Promise<HttpReply> {
		const context: ErrorContext = {source: this.#options.source, operation: init.operation};
		const timer = AbortSignal.timeout(this.#options.timeoutMs);
		const signal = AbortSignal.any([init.signal, timer]);
		const headers: Record<string, string> = {accept: 'application/json', ...init.headers};
		if (init.body !== undefined) headers['content-type'] = 'application/json';
		let status: number;
		let text: string;
		try {
			const response = await fetch(`${this.#options.base}${path}`, {method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), signal, dispatcher: this.#agent, redirect: 'manual'});
			status = response.status;
			text = await response.text();
		} catch (error) {
			if (signal.aborted) throw new TimeoutError(context, this.#options.timeoutMs, {cause: error});
			const cause = (error as {cause?: unknown}).cause;
			if (cause instanceof AuthError) throw cause;
			throw fromSocketError(cause ?? error, context);
		}
		let body: unknown;
		try {
			body = text === '' ? null : JSON.parse(text);
		} catch {
			body = undefined;
		}
		return {status, body, text};
	}

	async close(): Promise<void> {
		await this.#agent.close();
	}
}

/** A 2xx reply's JSON body, or the matching error. */
export function expectJson(reply: HttpReply, context: ErrorContext): unknown {
	if (reply.status === 401 || reply.status === 403) throw new AuthError(context, `credentials rejected (HTTP ${reply.status})`);
	if (reply.status < 200 || reply.status >= 300) throw new DeviceReplyError(context, `HTTP ${reply.status}${reply.text ? `: ${reply.text.slice(0, 120)}` : ''}`);
	if (reply.body === undefined) throw new DeviceReplyError(context, `invalid JSON in reply (${reply.text.length} bytes: ${JSON.stringify(reply.text.slice(0, 40))})`);
	return reply.body;
}

// One broker connection through MQTT.js (MQTT 5 by default, so that the broker's ACL refusals come
// back as reason codes): user and password, client certificate, TLS verified or pinned (the pin is
// checked by a TLS handshake before any credential is sent, and again on the live socket),
// reconnect with exponential backoff (1 s doubling to 60 s), subscriptions renewed on every
// connect, every message handed to `onMessage`.
import {readFileSync} from 'node:fs';
import {connect as tlsConnect, type TLSSocket} from 'node:tls';
import type {IClientOptions, MqttClient} from 'mqtt';
import {commonJs} from '../../protocols/common-js.js';
import {checkPeer} from '../../protocols/pinned-tls.js';
import {AuthError, fromSocketError, TimeoutError, UnreachableError} from '../../src/errors.js';

export type MqttSettings = {
	readonly source: string;
	/** `mqtt://host:1883`, `mqtts://host:8883`, `ws://host:8080/mqtt`. */
	readonly url: string;
	readonly user?: string;
	readonly password?: string;
	readonly certFile?: string;
	readonly keyFile?: string;
	readonly caFile?: string;
	readonly fingerprint?: string;
	readonly isInsecure?: boolean;
	readonly filters: readonly string[];
	readonly qos: 0 | 1;
	readonly timeoutMs: number;
	readonly protocolVersion?: 4 | 5;
	readonly minBackoffMs?: number;
	readonly maxBackoffMs?: number;
};

export type ConnectionState = {
	readonly isConnected: boolean;
	/** Epoch ms the connection was lost; null while connected or before the first connect. */
	readonly downSince: number | null;
	readonly lastError: Error | null;
	/** Filters the broker refused (ACL). */
	readonly refusedFilters: readonly string[];
	readonly hasEverConnected: boolean;
	/** The broker acknowledged the subscriptions of the current connection. */
	readonly isSubscribed: boolean;
};

const authCodes = new Set([4, 5, 134, 135]);

export class MqttConnection {
	readonly #settings: MqttSettings;
	readonly #onMessage: (topic: string, payload: Buffer, isRetained: boolean) => void;
	#client: MqttClient | undefined;
	#state: ConnectionState = {isConnected: false, downSince: null, lastError: null, refusedFilters: [], hasEverConnected: false, isSubscribed: false};
	#backoffMs: number;
	#waiters = new Set<() => void>();
	#isClosed = false;
	#starting: Promise<void> | undefined;
	#lastMessageAt = 0;
	#subscribedAt = 0;
	#hasSettled = false;

	constructor(settings: MqttSettings, onMessage: (topic: string, payload: Buffer, isRetained: boolean) => void) {
		this.#settings = settings;
		this.#onMessage = onMessage;
		this.#backoffMs = settings.minBackoffMs ?? 1000;
	}

	get state(): ConnectionState {
		return this.#state;
	}

	#context(operation: string) {
		return {source: this.#settings.source, operation};
	}

	#set(patch: Partial<ConnectionState>): void {
		this.#state = {...this.#state, ...patch};
		for (const wake of this.#waiters) wake();
	}

	#mapError(error: Error & {code?: unknown}): Error {
		const context = this.#context(`connect ${this.#settings.url}`);
		if (typeof error.code === 'number' && authCodes.has(error.code)) return new AuthError(context, `broker refused user ${this.#settings.user ?? '(anonymous)'}: ${error.message}`);
		if (typeof error.code === 'string' && /CERT|SIGNATURE|ERR_TLS/.test(error.code)) return new AuthError({...context, operation: 'TLS handshake'}, `certificate not trusted (${error.code}): set "fingerprint" to pin it, or "caFile"`);
		return fromSocketError(error, context);
	}

	async #pinCheck(): Promise<void> {
		const url = new URL(this.#settings.url);
		if (url.protocol !== 'mqtts:' && url.protocol !== 'wss:') return;
		if (!this.#settings.fingerprint) return;
		await new Promise<void>((resolve, reject) => {
			const socket = tlsConnect({host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 8883), rejectUnauthorized: false, servername: url.hostname}, () => {
				const failure = checkPeer(socket, {source: this.#settings.source, fingerprint: this.#settings.fingerprint});
				socket.destroy();
				if (failure) reject(failure);
				else resolve();
			});
			socket.setTimeout(this.#settings.timeoutMs, () => socket.destroy(new Error('TLS handshake timed out')));
			socket.once('error', error => reject(fromSocketError(error, this.#context('TLS handshake'))));
		});
	}

	/** Starts the connection once; later calls return at once. */
	start(): Promise<void> {
		this.#starting ??= this.#start().catch((error: unknown) => {
			this.#starting = undefined;
			this.#set({lastError: error as Error});
		});
		return this.#starting;
	}

	async #start(): Promise<void> {
		await this.#pinCheck();
		if (this.#isClosed) return;
		const settings = this.#settings;
		const isPinnedOrInsecure = Boolean(settings.fingerprint) || settings.isInsecure === true;
		const options: IClientOptions = {
			...(settings.user !== undefined ? {username: settings.user} : {}),
			...(settings.password !== undefined ? {password: settings.password} : {}),
			protocolVersion: settings.protocolVersion ?? 5,
			clientId: `labdeck-${settings.source}-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
			clean: true,
			connectTimeout: settings.timeoutMs,
			reconnectPeriod: this.#backoffMs,
			rejectUnauthorized: !isPinnedOrInsecure,
			// mqtt-packet's number cache is 65,536 two-byte Buffers, made at the first packet (≈ 30 ms)
			// and kept for good (≈ 6 MB of heap in the console), to save a 2-byte Buffer per packet:
			// not worth it for a subscriber that publishes a few messages.
			writeCache: false,
			...(settings.certFile ? {cert: readFileSync(settings.certFile)} : {}),
			...(settings.keyFile ? {key: readFileSync(settings.keyFile)} : {}),
			...(settings.caFile ? {ca: readFileSync(settings.caFile)} : {}),
		};
		// MQTT.js is loaded at the first connection: a command that loads the plugin without polling does not compile it.
		const {connect} = commonJs(await import('mqtt'));
		if (this.#isClosed) return;
		const client = connect({...brokerAddress(settings.url), ...options});
		this.#client = client;
		client.on('connect', () => {
			const socket = client.stream as Partial<TLSSocket>;
			if (settings.fingerprint && typeof socket.getPeerCertificate === 'function') {
				const failure = checkPeer(socket as TLSSocket, {source: settings.source, fingerprint: settings.fingerprint});
				if (failure) {
					this.#set({lastError: failure});
					void client.endAsync(true);
					return;
				}
			}
			this.#backoffMs = settings.minBackoffMs ?? 1000;
			client.options.reconnectPeriod = this.#backoffMs;
			this.#set({isConnected: true, downSince: null, lastError: null, hasEverConnected: true, isSubscribed: false});
			this.#hasSettled = false;
			void this.#subscribe(client);
		});
		client.on('message', (topic, payload, packet) => {
			this.#lastMessageAt = Date.now();
			this.#onMessage(topic, payload, packet.retain);
		});
		client.on('error', error => this.#set({lastError: this.#mapError(error)}));
		client.on('close', () => {
			if (this.#state.isConnected) this.#set({isConnected: false, downSince: Date.now()});
			else this.#set({});
			this.#backoffMs = Math.min(this.#backoffMs * 2, settings.maxBackoffMs ?? 60_000);
			client.options.reconnectPeriod = this.#backoffMs;
		});
	}

	async #subscribe(client: MqttClient): Promise<void> {
		try {
			const granted = this.#settings.filters.length === 0 ? [] : await client.subscribeAsync([...this.#settings.filters], {qos: this.#settings.qos});
			this.#subscribedAt = Date.now();
			this.#set({isSubscribed: true, refusedFilters: granted.filter(grant => grant.qos >= 128).map(grant => grant.topic)});
		} catch (error) {
			this.#set({lastError: this.#mapError(error as Error)});
		}
	}

	/** Waits for the first connect (or a refusal) within the signal's budget. */
	async ready(signal: AbortSignal): Promise<void> {
		await this.start();
		for (;;) {
			const state = this.#state;
			if (state.isConnected && state.isSubscribed) {
				await this.#settle(signal);
				return;
			}
			if (!state.isConnected && (state.hasEverConnected || state.lastError)) {
				const since = state.downSince === null ? '' : ` ${Math.round((Date.now() - state.downSince) / 1000)} s ago`;
				if (state.lastError instanceof AuthError || !state.hasEverConnected) throw state.lastError ?? new UnreachableError(this.#context('connect'), 'not connected');
				throw new UnreachableError(this.#context(`connect ${this.#settings.url}`), `broker connection lost${since}${state.lastError ? ` (${state.lastError.message})` : ''}; reconnecting`);
			}
			if (signal.aborted) throw new TimeoutError(this.#context(`connect ${this.#settings.url}`), this.#settings.timeoutMs);
			await new Promise<void>(resolve => {
				const done = () => {
					this.#waiters.delete(done);
					signal.removeEventListener('abort', done);
					resolve();
				};
				this.#waiters.add(done);
				signal.addEventListener('abort', done, {once: true});
			});
		}
	}

	/**
	 * After a (re)connect, the retained messages follow the SUBACK: the first poll waits for them
	 * to stop (100 ms without a message, at most 1 s and within the poll's budget), so that a
	 * one-shot query sees the broker's retained state, not an empty table.
	 */
	async #settle(signal: AbortSignal): Promise<void> {
		if (this.#hasSettled) return;
		const deadline = Date.now() + 1000;
		const quietFor = () => Date.now() - Math.max(this.#lastMessageAt, this.#subscribedAt);
		while (!signal.aborted && Date.now() < deadline && quietFor() < 100) {
			await new Promise(resolve => setTimeout(resolve, 20));
		}
		if (!signal.aborted) this.#hasSettled = true;
	}

	/** Publishes with QoS 1, so that an ACL refusal (MQTT 5 PUBACK reason code) is an error. */
	async publish(topic: string, payload: string, isRetained: boolean, signal: AbortSignal): Promise<void> {
		const client = this.#client;
		const context = this.#context(`publish ${topic}`);
		if (!client || !this.#state.isConnected) throw new UnreachableError(context, 'not connected to the broker');
		const aborted = new Promise<never>((_, reject) => {
			signal.addEventListener('abort', () => reject(new TimeoutError(context, this.#settings.timeoutMs)), {once: true});
		});
		try {
			await Promise.race([client.publishAsync(topic, payload, {qos: 1, retain: isRetained}), aborted]);
		} catch (error) {
			const code = (error as {code?: unknown}).code;
			if (code === 135) throw new AuthError(context, `the broker's ACL refused the publish (Not authorized) for user ${this.#settings.user ?? '(anonymous)'}`);
			throw error instanceof TimeoutError ? error : fromSocketError(error, context);
		}
	}

	async close(): Promise<void> {
		this.#isClosed = true;
		await this.#client?.endAsync(true);
	}
}

/**
 * The broker's address as MQTT.js's connection options, read with the WHATWG URL parser: given a
 * URL string, MQTT.js reads it with Node's legacy url.parse(), which Node 24 (the single
 * executable's) reports with a deprecation warning on standard error at every start.
 */
export function brokerAddress(url: string): IClientOptions {
	const parsed = new URL(url);
	const protocol = parsed.protocol.replace(/:$/, '') as NonNullable<IClientOptions['protocol']>;
	return {
		protocol,
		host: parsed.hostname.replace(/^\[|\]$/g, ''),
		...(parsed.port ? {port: Number(parsed.port)} : {}),
		...(protocol === 'ws' || protocol === 'wss' ? {path: `${parsed.pathname}${parsed.search}`} : {}),
		...(parsed.username ? {username: decodeURIComponent(parsed.username)} : {}),
		...(parsed.password ? {password: decodeURIComponent(parsed.password)} : {}),
	};
}

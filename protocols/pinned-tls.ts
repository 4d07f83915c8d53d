// TLS for devices with self-signed certificates (Proxmox, BMCs, hubs): undici connectors that
// check the peer themselves, so a refusal can name the peer's SHA-256 fingerprint (what
// `fingerprint` pins); `insecure` skips the check. One secure context per connector, made once:
// Node otherwise builds one (the system CA store included) for every new connection. undici itself
// is loaded at a client's first request (PinnedAgent): a command that loads the plugins without
// polling (`config check`, a one-shot answered by `labdeck serve`) does not compile it (≈ 30 ms).
import {createSecureContext, type TLSSocket} from 'node:tls';
import type {Agent, buildConnector} from 'undici';
import {AuthError} from '../src/errors.js';
import {commonJs} from './common-js.js';

export type PeerCheck = {
	/** Source id, for error messages. */
	readonly source: string;
	/** SHA-256 of the peer certificate, hex with or without colons. */
	readonly fingerprint?: string;
	readonly isInsecure?: boolean;
	/** What the certificate is called in refusals ("certificate", "BMC certificate"). */
	readonly label?: string;
};

export const normalizeFingerprint = (value: string): string => value.replace(/[:\s]/g, '').toUpperCase();
export const formatFingerprint = (hex: string): string => hex.match(/.{2}/g)?.join(':') ?? hex;

/** Checks a TLS peer against the pin or the trust store; the error to fail with, or undefined. */
export function checkPeer(tls: TLSSocket, options: PeerCheck): Error | undefined {
	const label = options.label ?? 'certificate';
	const peer = normalizeFingerprint(tls.getPeerCertificate?.().fingerprint256 ?? '');
	const context = {source: options.source, operation: 'TLS handshake'};
	if (options.fingerprint) {
		const pinned = normalizeFingerprint(options.fingerprint);
		return peer === pinned ? undefined : new AuthError(context, `${label} fingerprint mismatch: expected ${formatFingerprint(pinned)}, got ${formatFingerprint(peer)}`);
	}
	if (!options.isInsecure && !tls.authorized) {
		return new AuthError(context, `${label} not trusted (${String(tls.authorizationError ?? 'not trusted')}); its SHA-256 fingerprint is ${formatFingerprint(peer)}: set "fingerprint" to pin it`);
	}
	return undefined;
}

/** An undici connector whose TLS connections are checked by checkPeer (plain http:// is passed through). */
export function pinnedConnector(build: typeof buildConnector, options: PeerCheck): buildConnector.connector {
	const base = build({rejectUnauthorized: false, maxCachedSessions: 0, secureContext: createSecureContext()} as buildConnector.BuildOptions);
	return (connectOptions, callback) => {
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
}

export type PinnedAgentOptions = PeerCheck & {
	readonly keepAliveTimeout: number;
	/** Most connections to the origin at once. */
	readonly connections: number;
};

/** An undici Agent over the pinned connector, made (and undici loaded) at the first request. */
export class PinnedAgent {
	readonly #options: PinnedAgentOptions;
	#agent: Promise<Agent> | undefined;

	constructor(options: PinnedAgentOptions) {
		this.#options = options;
	}

	/** The agent, made on the first call. */
	async get(): Promise<Agent> {
		this.#agent ??= import('undici').then(commonJs).then(({Agent, buildConnector}) => {
			const {keepAliveTimeout, connections, ...peer} = this.#options;
			return new Agent({connect: pinnedConnector(buildConnector, peer), keepAliveTimeout, connections});
		});
		return this.#agent;
	}

	/** Closes the agent once its requests are done (nothing to do when none was made). */
	async close(): Promise<void> {
		if (this.#agent) await (await this.#agent).close();
	}

	/** Closes the agent and aborts its requests. */
	async destroy(): Promise<void> {
		if (this.#agent) await (await this.#agent).destroy();
	}
}

// TLS for devices with self-signed certificates (Proxmox, BMCs, hubs): undici connectors that
// check the peer themselves, so a refusal can name the peer's SHA-256 fingerprint (what
// `fingerprint` pins); `insecure` skips the check. One secure context per connector, made once:
// Node otherwise builds one (the system CA store included) for every new connection.
import {createSecureContext, type TLSSocket} from 'node:tls';
import {buildConnector} from 'undici';
import {AuthError} from '../src/errors.js';

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
export function pinnedConnector(options: PeerCheck): buildConnector.connector {
	const base = buildConnector({rejectUnauthorized: false, maxCachedSessions: 0, secureContext: createSecureContext()} as buildConnector.BuildOptions);
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

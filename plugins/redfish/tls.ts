// TLS for BMCs: every BMC ships a self-signed certificate, so the connector checks the peer
// itself and names its SHA-256 fingerprint in the refusal (what `fingerprint` pins); `insecure`
// skips the check. Also maps undici's errors to the labdeck classes.
import type {TLSSocket} from 'node:tls';
import {buildConnector} from 'undici';
import {AuthError, DeviceReplyError, fromSocketError, isLabdeckError, type ErrorContext} from '../../src/errors.js';

export function normalizeFingerprint(value: string): string {
	return value.replace(/[:\s]/g, '').toUpperCase();
}

function formatFingerprint(hex: string): string {
	return hex.match(/.{2}/g)?.join(':') ?? hex;
}

export function pinnedConnector(options: {readonly source: string; readonly fingerprint?: string; readonly isInsecure?: boolean}): buildConnector.connector {
	const base = buildConnector({rejectUnauthorized: false, maxCachedSessions: 0});
	const pinned = options.fingerprint ? normalizeFingerprint(options.fingerprint) : undefined;
	return (connectOptions, callback) => {
		base(connectOptions, (error, socket) => {
			if (error || !socket) {
				callback(error ?? new Error('connect failed'), null);
				return;
			}
			const tls = socket as TLSSocket;
			const peer = normalizeFingerprint(tls.getPeerCertificate?.().fingerprint256 ?? '');
			const context = {source: options.source, operation: 'TLS handshake'};
			let failure: Error | undefined;
			if (pinned) {
				if (peer !== pinned) failure = new AuthError(context, `BMC certificate fingerprint mismatch: expected ${formatFingerprint(pinned)}, got ${formatFingerprint(peer)}`);
			} else if (!options.isInsecure && !tls.authorized) {
				const reason = String(tls.authorizationError ?? 'not trusted');
				failure = new AuthError(context, `BMC certificate not trusted (${reason}); its SHA-256 fingerprint is ${formatFingerprint(peer)}: set "fingerprint" to pin it`);
			}
			if (failure) {
				socket.destroy();
				callback(failure, null);
				return;
			}
			callback(null, socket);
		});
	};
}

export function mapFetchError(error: unknown, context: ErrorContext): Error {
	// undici's fetch wraps the socket error (or the connector's AuthError) as `cause`.
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current; depth++) {
		if (isLabdeckError(current)) return current;
		const code = (current as NodeJS.ErrnoException).code;
		if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
			return new DeviceReplyError(context, 'reply truncated (connection closed mid-body)', {cause: error});
		}
		if (code && /^E[A-Z]+$/.test(code)) return fromSocketError(current, context);
		current = (current as {cause?: unknown}).cause;
	}
	const message = error instanceof Error ? error.message : String(error);
	if (/terminated|other side closed/i.test(message)) return new DeviceReplyError(context, 'reply truncated (connection closed mid-body)', {cause: error});
	return new DeviceReplyError(context, message, {cause: error});
}

// TLS for BMCs: every BMC ships a self-signed certificate, so the connector checks the peer
// itself and names its SHA-256 fingerprint in the refusal (what `fingerprint` pins); `insecure`
// skips the check. Also maps undici's errors to the labdeck classes.
import type {buildConnector} from 'undici';
import {pinnedConnector as sharedConnector} from '../../protocols/pinned-tls.js';
import {DeviceReplyError, fromSocketError, isLabdeckError, type ErrorContext} from '../../src/errors.js';


/** The BMC connector: the shared pinned connector, with refusals that say "BMC certificate". */
export function pinnedConnector(options: {readonly source: string; readonly fingerprint?: string; readonly isInsecure?: boolean}): buildConnector.connector {
	return sharedConnector({...options, label: 'BMC certificate'});
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

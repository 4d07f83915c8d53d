// What undici throws for one request (protocols/http-request.ts), as the labdeck classes, for
// every plugin that speaks HTTP(S) (Proxmox, Redfish, the hubs). The dispatcher hands the socket
// error (or the connector's AuthError) over as is; a `cause` chain (fetch wrapped errors once or
// twice) is still followed.
import {AuthError, DeviceReplyError, fromSocketError, isLabdeckError, type ErrorContext} from '../src/errors.js';

/** `portHint` ends the "not HTTPS" line, e.g. "8006 for Proxmox". */
export function mapHttpError(error: unknown, context: ErrorContext, portHint?: string): Error {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current; depth++) {
		if (isLabdeckError(current)) return current;
		const code = (current as NodeJS.ErrnoException).code;
		if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
			return new DeviceReplyError(context, 'reply truncated (connection closed mid-body)', {cause: error});
		}
		// Garbage on the port: a TLS handshake that is not one (OpenSSL's raw text says nothing to a person).
		if (code === 'EPROTO' || (code && /^ERR_SSL_/.test(code) && !/CERT/.test(code))) {
			return new DeviceReplyError(context, `no TLS handshake: the peer on this port does not speak HTTPS (check host and port${portHint ? `, ${portHint}` : ''})`, {cause: error});
		}
		// Plain http:// to something that does not answer HTTP (llhttp's codes start with HPE_).
		if (code && /^HPE_/.test(code)) {
			return new DeviceReplyError(context, `not an HTTP reply (${(current as Error).message}): check host and port`, {cause: error});
		}
		if (code && /^E[A-Z]+$/.test(code)) return fromSocketError(current, context);
		if (code && /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code)) {
			return new AuthError(context, `TLS: ${(current as Error).message}`, {cause: error});
		}
		current = (current as {cause?: unknown}).cause;
	}
	const message = error instanceof Error ? error.message : String(error);
	if (/terminated|other side closed/i.test(message)) return new DeviceReplyError(context, 'reply truncated (connection closed mid-body)', {cause: error});
	return new DeviceReplyError(context, message, {cause: error});
}

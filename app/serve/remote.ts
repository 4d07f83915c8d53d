// Attaching over TCP to `labdeck serve --listen` (`--attach HOST:PORT` or $LABDECK_ATTACH): TLS
// with the service's certificate checked against a pinned SHA-256 fingerprint
// (`--attach-fingerprint` / $LABDECK_ATTACH_FINGERPRINT) or the system trust store, the token from
// $LABDECK_ATTACH_TOKEN (never a flag: it would show in `ps`), and a declared operator name (this
// login's), which the service's audit log marks as declared. Nothing is sent before the peer is
// checked. Loaded only when attaching over TCP (node:tls stays out of the console's Unix path).
import {userInfo} from 'node:os';
import {connect, type TLSSocket} from 'node:tls';
import {AuthError, UnreachableError} from '../../src/errors.js';

export type RemoteTarget = {
	/** `HOST:PORT` as given, for messages. */
	readonly address: string;
	readonly host: string;
	readonly port: number;
	readonly token: string;
	/** SHA-256 of the service's certificate, 64 hex digits, upper case; undefined: the system trust store. */
	readonly fingerprint: string | undefined;
	/** The name this client declares (its login); the service audits it as `declared:NAME@ADDRESS`. */
	readonly operator: string | undefined;
};

export const attachTokenEnv = 'LABDECK_ATTACH_TOKEN';

/** `--attach`/$LABDECK_ATTACH resolved with its token and pin; undefined when not asked for. Throws one-line errors. */
export function remoteTarget(attach: string | undefined, fingerprint: string | undefined, env: NodeJS.ProcessEnv): RemoteTarget | undefined {
	const address = attach || env.LABDECK_ATTACH || undefined;
	if (address === undefined) return undefined;
	const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(address);
	const port = Number(match?.[3]);
	const context = {source: `--attach ${address}`, operation: 'attach'};
	if (!match || port < 1 || port > 65_535) throw new UnreachableError(context, 'expected HOST:PORT of a "labdeck serve --listen" (e.g. jump.lab:7443)');
	const token = env[attachTokenEnv];
	if (!token) throw new AuthError(context, `the service's token is not set: put it in $${attachTokenEnv}`);
	const pin = fingerprint || env.LABDECK_ATTACH_FINGERPRINT || undefined;
	const normalized = pin?.replace(/[:\s]/g, '').toUpperCase();
	if (normalized !== undefined && !/^[0-9A-F]{64}$/.test(normalized)) throw new AuthError(context, `--attach-fingerprint ${JSON.stringify(pin)}: expected the certificate's SHA-256 as 64 hex digits (colons allowed)`);
	return {address, host: match[1] ?? match[2]!, port, token, fingerprint: normalized, operator: loginName()};
}

/** The TLS connection; `onReady` hears once: undefined when hello may be sent, else the one-line reason. */
export function openRemote(target: RemoteTarget, onReady: (failure: Error | undefined) => void): TLSSocket {
	const context = {source: `--attach ${target.address}`, operation: 'TLS handshake'};
	// Checked here rather than by Node, so that a refusal can name the fingerprint to pin.
	const socket = connect({host: target.host, port: target.port, servername: isIp(target.host) ? undefined : target.host, rejectUnauthorized: false, minVersion: 'TLSv1.2'});
	socket.once('secureConnect', () => {
		const peer = (socket.getPeerCertificate().fingerprint256 ?? '').replace(/:/g, '').toUpperCase();
		if (target.fingerprint !== undefined && peer !== target.fingerprint) {
			onReady(new AuthError(context, `certificate fingerprint mismatch: expected ${colons(target.fingerprint)}, got ${colons(peer)}`));
		} else if (target.fingerprint === undefined && !socket.authorized) {
			onReady(new AuthError(context, `certificate not trusted (${String(socket.authorizationError)}), nothing sent; to pin it: --attach-fingerprint ${colons(peer)}`));
		} else onReady(undefined);
	});
	return socket;
}

/** A socket error before the service answered, as one line. */
export function remoteFailure(target: RemoteTarget, error: NodeJS.ErrnoException): Error {
	const context = {source: `--attach ${target.address}`, operation: 'connect'};
	const reasons: Record<string, string> = {
		ECONNREFUSED: 'connection refused (is "labdeck serve --listen" running there?)',
		ENOTFOUND: 'no such host',
		EAI_AGAIN: 'host name lookup failed',
		EHOSTUNREACH: 'host unreachable',
		ENETUNREACH: 'network unreachable',
		ETIMEDOUT: 'timed out',
		ECONNRESET: 'the connection was reset (is it a "labdeck serve --listen" TLS port?)',
	};
	const reason = reasons[error.code ?? ''];
	if (reason) return new UnreachableError(context, reason);
	return error.code?.startsWith('ERR_SSL') || /SSL|TLS/i.test(error.message) ? new AuthError({...context, operation: 'TLS handshake'}, error.message) : new UnreachableError(context, error.message);
}

const colons = (hex: string) => hex.match(/.{2}/g)?.join(':') ?? hex;
const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

function loginName(): string | undefined {
	try {
		const name = userInfo().username;
		return /^[A-Za-z0-9._-]{1,32}$/.test(name) ? name : undefined;
	} catch {
		return undefined;
	}
}

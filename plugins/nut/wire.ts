// The socket side of the upsd client: a line reader over a (TLS) socket, the per-request deadline
// (timeout and outer AbortSignal as one signal), and the mapping of ERR codes and socket errors to
// the labdeck error classes.
import type net from 'node:net';
import {AuthError, DeviceReplyError, fromSocketError, isLabdeckError, TimeoutError, type ErrorContext} from '../../src/errors.js';

/** An `ERR <code>` reply that is not about credentials. */
export class NutReplyError extends DeviceReplyError {
	readonly code: string;
	constructor(context: ErrorContext, code: string) {
		super(context, `upsd answered ERR ${code}${errorHints[code] ? ` (${errorHints[code]})` : ''}`);
		this.code = code;
	}
}

const errorHints: Readonly<Record<string, string>> = {
	'DATA-STALE': 'the driver has stopped updating this UPS',
	'DRIVER-NOT-CONNECTED': 'upsd cannot reach the driver of this UPS',
	'UNKNOWN-UPS': 'no UPS of that name on this server',
	'CMD-NOT-SUPPORTED': 'the UPS does not offer that command',
	'FEATURE-NOT-CONFIGURED': 'not set up on this server',
	'INSTCMD-FAILED': 'the driver could not run the command',
};

const authCodes = new Set(['ACCESS-DENIED', 'USERNAME-REQUIRED', 'PASSWORD-REQUIRED', 'INVALID-USERNAME', 'INVALID-PASSWORD']);
const maxLineLength = 64 * 1024;
export const maxListLines = 100_000;

/** Errors made from a well-formed `ERR` line: the stream is still in step, the connection stays. */
export const inStep = new WeakSet<Error>();

export function replyError(context: ErrorContext, code: string): Error {
	const error = authCodes.has(code)
		? new AuthError(context, `upsd answered ERR ${code} (check username, password and the user's instcmds in upsd.users)`)
		: new NutReplyError(context, code);
	inStep.add(error);
	return error;
}

export {normalizeFingerprint} from '../../protocols/pinned-tls.js';

export type Connection = {
	readonly socket: net.Socket;
	readonly lines: string[];
	waiter: (() => void) | undefined;
	failure: Error | undefined;
	isClosed: boolean;
	/** Whether TLS is on. */
	isSecure: boolean;
};

export function isResetError(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'ECONNRESET' || code === 'EPIPE';
}

export function attach(socket: net.Socket): Connection {
	const connection: Connection = {socket, lines: [], waiter: undefined, failure: undefined, isClosed: false, isSecure: false};
	let buffer = '';
	const wake = () => connection.waiter?.();
	socket.setEncoding('utf8');
	socket.on('data', (chunk: string) => {
		buffer += chunk;
		let newline = buffer.indexOf('\n');
		while (newline >= 0) {
			connection.lines.push(buffer.slice(0, newline).replace(/\r$/, ''));
			buffer = buffer.slice(newline + 1);
			newline = buffer.indexOf('\n');
		}
		if (buffer.length > maxLineLength) {
			connection.failure = new Error(`a reply line longer than ${maxLineLength} bytes`);
			socket.destroy();
		}
		wake();
	});
	socket.on('error', error => {
		connection.failure ??= error;
		wake();
	});
	socket.on('close', () => {
		connection.isClosed = true;
		wake();
	});
	return connection;
}

export type Deadline = {
	readonly signal: AbortSignal;
	reason(): Error;
	dispose(): void;
};

const timedOut = Symbol('timed out');

export function startDeadline(outer: AbortSignal, timeoutMs: number): Deadline {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(timedOut), timeoutMs);
	const onOuter = () => controller.abort(outer.reason);
	if (outer.aborted) controller.abort(outer.reason);
	else outer.addEventListener('abort', onOuter, {once: true});
	return {
		signal: controller.signal,
		reason: () => new DeadlineError(controller.signal.reason === timedOut, timeoutMs, controller.signal.reason),
		dispose() {
			clearTimeout(timer);
			outer.removeEventListener('abort', onOuter);
		},
	};
}

class DeadlineError extends Error {
	constructor(readonly isTimeout: boolean, readonly timeoutMs: number, readonly outerReason: unknown) {
		super(isTimeout ? 'timeout' : 'aborted');
	}
}

export function toLabdeckError(error: unknown, context: ErrorContext): Error {
	if (isLabdeckError(error)) return error;
	if (error instanceof DeadlineError) {
		if (error.isTimeout) return new TimeoutError(context, error.timeoutMs);
		return new TimeoutError(context, error.timeoutMs, {cause: error.outerReason});
	}
	if (error instanceof Error && !(error as NodeJS.ErrnoException).code) return new DeviceReplyError(context, error.message, {cause: error});
	return fromSocketError(error, context);
}

export function preview(line: string): string {
	const flat = line.length > 80 ? `${line.slice(0, 79)}…` : line;
	return JSON.stringify(flat);
}

export function format(hex: string): string {
	return hex.match(/.{2}/g)?.join(':') ?? hex;
}

/** Never put a password into an error message. */
export function redact(request: string): string {
	return request.startsWith('PASSWORD') ? 'PASSWORD' : request;
}

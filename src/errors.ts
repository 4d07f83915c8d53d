// The error family. Every message names the source and the operation, and fits on one line,
// because it ends up as a source's `lastError` in the header and in `--json` output. Messages
// often quote device text (an HTTP body, command output): oneLine() sanitises it.
import {sanitizeText} from './sanitize.js';

export type ErrorContext = {
	/** Config id of the source (or a device name where there is no source yet). */
	readonly source: string;
	/** What was being done: `poll`, `GET /cluster/resources`, `outlet.off`… */
	readonly operation: string;
};

abstract class LabdeckError extends Error {
	abstract override readonly name: string;
	readonly source: string;
	readonly operation: string;

	constructor(context: ErrorContext, detail: string, options?: {cause?: unknown}) {
		super(oneLine(`${context.source}: ${context.operation}: ${detail}`), options);
		this.source = context.source;
		this.operation = context.operation;
	}
}

/** No answer within the time budget. */
export class TimeoutError extends LabdeckError {
	override readonly name = 'TimeoutError';
	readonly timeoutMs: number;
	constructor(context: ErrorContext, timeoutMs: number, options?: {cause?: unknown}) {
		super(context, `no answer within ${formatMs(timeoutMs)}`, options);
		this.timeoutMs = timeoutMs;
	}
}

/** The peer could not be reached at all (refused, no route, DNS). */
export class UnreachableError extends LabdeckError {
	override readonly name = 'UnreachableError';
}

/** Credentials rejected, host key refused, TLS pin mismatch. */
export class AuthError extends LabdeckError {
	override readonly name = 'AuthError';
}

/** The peer answered, but not with what the protocol promises. */
export class DeviceReplyError extends LabdeckError {
	override readonly name = 'DeviceReplyError';
}

/** An action was not run: read-only mode, missing confirmation, invalid parameters, device refusal. */
export class ActionRefusedError extends LabdeckError {
	override readonly name = 'ActionRefusedError';
	readonly reason: 'readonly' | 'confirmation' | 'invalid' | 'device' | 'unsupported';
	constructor(context: ErrorContext, reason: ActionRefusedError['reason'], detail: string, options?: {cause?: unknown}) {
		super(context, detail, options);
		this.reason = reason;
	}
}

/** A config block is wrong; the instance it belongs to is disabled. */
export class ConfigError extends LabdeckError {
	override readonly name = 'ConfigError';
}

export type LabdeckErrorName =
	| 'TimeoutError'
	| 'UnreachableError'
	| 'AuthError'
	| 'DeviceReplyError'
	| 'ActionRefusedError'
	| 'ConfigError';

export function isLabdeckError(error: unknown): error is LabdeckError {
	return error instanceof LabdeckError;
}

/** One line, at most `max` characters, control characters escaped: what a source's `lastError` holds. */
export function oneLine(text: string, max = 300): string {
	const flat = sanitizeText(text.replace(/\s+/g, ' ').trim());
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Turns anything thrown during a poll into a one-line message naming the source. */
export function describeError(error: unknown, context: ErrorContext): string {
	if (isLabdeckError(error)) return error.message;
	if (error instanceof Error) {
		const code = (error as NodeJS.ErrnoException).code;
		const detail = code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
		return oneLine(`${context.source}: ${context.operation}: ${detail}`);
	}
	return oneLine(`${context.source}: ${context.operation}: ${String(error)}`);
}

/** Maps a Node socket error to the matching labdeck error. */
export function fromSocketError(error: unknown, context: ErrorContext): Error {
	if (isLabdeckError(error)) return error;
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const message = error instanceof Error ? error.message : String(error);
	if (code && ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE'].includes(code)) {
		return new UnreachableError(context, message, {cause: error});
	}
	if (code === 'ETIMEDOUT') return new UnreachableError(context, message, {cause: error});
	return new DeviceReplyError(context, message, {cause: error});
}

export function formatMs(ms: number): string {
	return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`;
}

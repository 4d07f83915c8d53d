// Secrets in source blocks: a secret field `token` may be given literally, as `tokenEnv` (the
// name of an environment variable) or as `tokenCommand` (a command whose stdout is the secret).
// Env values are resolved at load; commands run later, when the source first polls, each with its
// own timeout (default 5 s) and concurrently, so a hanging command delays only its own source.
// Values are never printed, and neither is a command line (it may hold a secret itself): errors
// name the field (`tokenCommand`) and what went wrong. `redact()` is what `config check` shows.
import {execFile} from 'node:child_process';
import {ConfigError} from './errors.js';

export type SecretOutcome = {readonly resolved: Record<string, unknown>; readonly hasLiteralSecret: boolean};

/** Secret fields still to be read from a command: field name → command line. */
export type SecretCommands = Readonly<Record<string, string>>;

export const secretCommandTimeoutMs = 5000;

/** Literal and `…Env` secrets resolved now; `…Command` fields returned to be run later. */
export function splitSecrets(block: Readonly<Record<string, unknown>>, fields: readonly string[], sourceId: string, env: NodeJS.ProcessEnv = process.env): SecretOutcome & {readonly commands: SecretCommands} {
	const resolved: Record<string, unknown> = {...block};
	const commands: Record<string, string> = {};
	let hasLiteralSecret = false;
	for (const field of fields) {
		const envName = block[`${field}Env`];
		const command = block[`${field}Command`];
		delete resolved[`${field}Env`];
		delete resolved[`${field}Command`];
		if (typeof block[field] === 'string' && block[field] !== '') hasLiteralSecret = true;
		if (typeof envName === 'string') {
			const value = env[envName];
			if (value === undefined || value === '') throw new ConfigError({source: sourceId, operation: `${field}Env`}, `environment variable ${envName} is not set`);
			resolved[field] = value;
		} else if (typeof command === 'string') {
			commands[field] = command;
		}
	}
	return {resolved, hasLiteralSecret, commands};
}

/** Runs every secret command at once, each within its own timeout; resolves to field → secret. */
export async function runSecretCommands(commands: SecretCommands, sourceId: string, options: {signal?: AbortSignal; timeoutMs?: number} = {}): Promise<Record<string, string>> {
	const entries = await Promise.all(Object.entries(commands).map(async ([field, command]) => [field, await runSecretCommand(command, sourceId, field, options)] as const));
	return Object.fromEntries(entries);
}

/** Everything resolved now, commands included (tests, tools). */
export async function resolveSecrets(block: Readonly<Record<string, unknown>>, fields: readonly string[], sourceId: string, env: NodeJS.ProcessEnv = process.env): Promise<SecretOutcome> {
	const {resolved, hasLiteralSecret, commands} = splitSecrets(block, fields, sourceId, env);
	return {resolved: {...resolved, ...(await runSecretCommands(commands, sourceId))}, hasLiteralSecret};
}

function runSecretCommand(command: string, sourceId: string, field: string, options: {signal?: AbortSignal; timeoutMs?: number}): Promise<string> {
	const timeoutMs = options.timeoutMs ?? secretCommandTimeoutMs;
	const context = {source: sourceId, operation: `${field}Command`};
	return new Promise((resolve, reject) => {
		execFile('/bin/sh', ['-c', command], {timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024, encoding: 'utf8', ...(options.signal ? {signal: options.signal} : {})}, (error, stdout) => {
			if (error) {
				// Neither the command line nor its output (which may hold the secret) is shown: only the field and the status.
				const status = error.name === 'AbortError' ? 'was aborted' : error.killed ? `did not finish within ${timeoutMs / 1000} s` : typeof error.code === 'number' ? `exited with status ${error.code}` : `could not run (${String(error.code ?? 'error')})`;
				reject(new ConfigError(context, `the ${field}Command command ${status}`));
				return;
			}
			const value = stdout.replace(/\r?\n$/, '').split(/\r?\n/)[0] ?? '';
			if (value === '') reject(new ConfigError(context, `the ${field}Command command printed nothing`));
			else resolve(value);
		});
	});
}

/** A copy of a block with every secret value replaced, for display. */
export function redact(block: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
	const copy: Record<string, unknown> = {...block};
	for (const field of fields) {
		if (field in copy) copy[field] = '********';
		if (`${field}Command` in copy) copy[`${field}Command`] = '********';
	}
	return copy;
}

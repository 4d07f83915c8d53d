// Secrets in source blocks: a secret field `token` may be given literally, as `tokenEnv` (the
// name of an environment variable) or as `tokenCommand` (a command whose stdout is the secret).
// Values are resolved once at start and never printed: `redact()` is what `config check` shows.
import {execFile} from 'node:child_process';
import {ConfigError} from './errors.js';

export type SecretOutcome = {readonly resolved: Record<string, unknown>; readonly hasLiteralSecret: boolean};

export async function resolveSecrets(block: Readonly<Record<string, unknown>>, fields: readonly string[], sourceId: string, env: NodeJS.ProcessEnv = process.env): Promise<SecretOutcome> {
	const resolved: Record<string, unknown> = {...block};
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
			resolved[field] = await runSecretCommand(command, sourceId, field);
		}
	}
	return {resolved, hasLiteralSecret};
}

function runSecretCommand(command: string, sourceId: string, field: string): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile('/bin/sh', ['-c', command], {timeout: 10_000, maxBuffer: 64 * 1024, encoding: 'utf8'}, (error, stdout) => {
			const context = {source: sourceId, operation: `${field}Command`};
			if (error) {
				// The command line is the user's; its output may hold the secret, so only the exit status is shown.
				const status = typeof error.code === 'number' ? `exited ${error.code}` : error.killed ? 'timed out after 10 s' : String(error.code ?? error.message);
				reject(new ConfigError(context, `command ${JSON.stringify(command)} ${status}`));
				return;
			}
			const value = stdout.replace(/\r?\n$/, '').split(/\r?\n/)[0] ?? '';
			if (value === '') reject(new ConfigError(context, `command ${JSON.stringify(command)} printed nothing`));
			else resolve(value);
		});
	});
}

/** A copy of a block with every secret value replaced, for display. */
export function redact(block: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
	const copy: Record<string, unknown> = {...block};
	for (const field of fields) if (field in copy) copy[field] = '********';
	return copy;
}

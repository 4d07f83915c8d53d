// What every command shares: global options, loading the config and opening the lab, and the
// exit codes. Only bin/ calls process.exit; commands return their code.
import {loadConfig, type LoadedConfig} from '../../src/config.js';
import {isLabdeckError} from '../../src/errors.js';
import {openLab, type Lab} from '../../src/lab.js';
import {defaultConfigPath, stateDir} from '../../src/paths.js';
import {exitCodes, type Composition, type ExitCode, type GlobalOptions, type Io} from './io.js';

export {exitCodes, processIo, type Composition, type ExitCode, type GlobalOptions, type Io} from './io.js';

export async function loadFor(options: GlobalOptions, composition: Composition, io: Io): Promise<LoadedConfig> {
	return loadConfig({path: options.config, plugins: composition.plugins, env: io.env, defaultPath: defaultConfigPath(io.env)});
}

export async function withLab<T>(options: GlobalOptions, composition: Composition, io: Io, use: (lab: Lab) => Promise<T>, labOptions: {shouldRestore?: boolean; canAttach?: boolean; isOneShot?: boolean} = {}): Promise<T> {
	const config = await loadFor(options, composition, io);
	// A running `labdeck serve` for this config answers from its live snapshot (no device polled).
	const attached = options.serve === false || labOptions.canAttach === false ? undefined : await (await import('../../app/serve/attach-lab.js')).attachLab(config, {globalActions: composition.globalActions, isReadonly: options.readonly ?? false, stateDir: stateDir(io.env)}, io.env, line => io.err(`labdeck: notice: ${line}\n`), {attach: options.attach, attachFingerprint: options.attachFingerprint});
	const lab = attached ?? openLab({
		config,
		globalActions: composition.globalActions,
		isReadonly: options.readonly ?? false,
		stateDir: stateDir(io.env),
		shouldRestore: labOptions.shouldRestore ?? true,
		shouldPersist: true,
		isOneShot: labOptions.isOneShot ?? false,
		onWarning: message => io.err(`labdeck: warning: ${message}\n`),
	});
	for (const warning of config.warnings) io.err(`labdeck: warning: ${warning}\n`);
	try {
		return await use(lab);
	} finally {
		await lab.close();
	}
}

/** An error as one stderr line starting with "labdeck:" (once: core errors already name it as their source). */
export function cliMessage(error: unknown): string {
	const message = isLabdeckError(error) || error instanceof Error ? error.message : String(error);
	return message.startsWith('labdeck: ') ? message : `labdeck: ${message}`;
}

/** Errors from config loading and the like: one line on stderr, exit 1. */
export function reportError(error: unknown, io: Io): ExitCode {
	io.err(`${cliMessage(error)}\n`);
	return exitCodes.error;
}

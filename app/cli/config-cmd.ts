// `labdeck config path`, `labdeck config check` and `labdeck config schema`.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {configFileSchema} from '../../src/config-schema.js';
import {redact} from '../../src/secrets.js';
import {defaultConfigPath} from '../../src/paths.js';
import {exitCodes, loadFor, type Composition, type ExitCode, type GlobalOptions, type Io} from './context.js';

export function runConfigPath(options: GlobalOptions, io: Io): ExitCode {
	const file = options.config ?? defaultConfigPath(io.env);
	io.out(`${file}\n`);
	const json = path.join(path.dirname(file), 'config.json');
	if (!options.config && !io.env.LABDECK_CONFIG && /\.ya?ml$/.test(file) && existsSync(file) && existsSync(json)) io.err(`labdeck: ${json} is ignored: ${path.basename(file)} is preferred when both exist\n`);
	if (!existsSync(file)) io.err(`labdeck: ${file} does not exist yet: write a starter with "labdeck init" (README › Config) or try "labdeck demo"\n`);
	return exitCodes.ok;
}

export async function runConfigCheck(options: GlobalOptions, composition: Composition, io: Io, asJson: boolean): Promise<ExitCode> {
	const config = await loadFor(options, composition, io);
	const sources = config.sources.map(source => ({
		id: source.id,
		type: source.type,
		interval: source.interval,
		timeout: source.timeout,
		isValid: source.disabledReason === undefined,
		error: source.disabledReason ?? null,
		config: source.config ? redact(source.config, source.plugin?.secretFields ?? []) : null,
	}));
	const isValid = config.errors.length === 0 && sources.every(source => source.isValid || source.error?.endsWith('disabled in the config'));
	if (asJson) {
		io.out(`${JSON.stringify({schema: 'labdeck/1', command: 'config check', generatedAt: new Date().toISOString(), path: config.path, lab: config.lab, isValid, sources, errors: config.errors, warnings: config.warnings, devices: config.topology.devices.length, racks: config.topology.racks.length})}\n`);
	} else {
		io.out(`${config.path ?? '(no config file: watching this machine only)'}: lab "${config.lab}", ${sources.length} sources, ${config.topology.racks.length} racks, ${config.topology.devices.length} devices\n`);
		for (const source of sources) io.out(source.error ? `  ERR ${source.error}\n` : `  ok  ${source.id} (${source.type})\n`);
		for (const error of config.errors) io.out(`  ERR ${error}\n`);
		for (const warning of config.warnings) io.out(`  warning: ${warning}\n`);
	}
	return isValid ? exitCodes.ok : exitCodes.error;
}

/** `labdeck config schema`: the JSON Schema of the whole config file, for editors (`"$schema"`). */
export async function runConfigSchema(composition: Composition, io: Io): Promise<ExitCode> {
	io.out(`${JSON.stringify(configFileSchema(await composition.plugins.load()), null, '\t')}\n`);
	return exitCodes.ok;
}

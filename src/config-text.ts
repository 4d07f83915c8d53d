// Reading the config file: YAML (`.yaml`, `.yml`, comments allowed) or strict JSON (`.json`),
// chosen by extension. Errors name the file, line and column: YAML's own positions, and for JSON
// the line and column computed from the parser's offset. In the config directory `config.yaml`
// wins over `config.json` when both exist. This module holds all of it but the YAML parser
// (config-yaml.ts), which `readConfig` loads only for a YAML file; config-file.ts is the
// synchronous reader with both.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {ConfigError} from './errors.js';

export type ConfigFormat = 'yaml' | 'json';

/** The config file names looked for in the config directory, preferred first. */
export const configFileNames = ['config.yaml', 'config.yml', 'config.json'] as const;

export function formatOf(file: string): ConfigFormat | undefined {
	const extension = path.extname(file).toLowerCase();
	if (extension === '.yaml' || extension === '.yml') return 'yaml';
	if (extension === '.json') return 'json';
	return undefined;
}

/** The config file of a directory: the first of `configFileNames` that exists, else `config.yaml`. */
export function configFileIn(dir: string): string {
	for (const name of configFileNames) {
		const file = path.join(dir, name);
		if (existsSync(file)) return file;
	}
	return path.join(dir, 'config.yaml');
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): {line: number; column: number} {
	const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
	const lines = before.split('\n');
	return {line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1};
}

function jsonErrorOffset(message: string, text: string): number | undefined {
	const position = /at position (\d+)/.exec(message);
	if (position) return Number(position[1]);
	if (/Unexpected end of JSON input/.test(message)) return text.length;
	return undefined;
}

export function parseJson(text: string, file: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const offset = jsonErrorOffset(message, text);
		// Node 20 says "… in JSON at position N"; keep the reason, drop the position (given as line:column).
		const reason = message.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/\s+/g, ' ');
		const where = offset === undefined ? file : `${file}:${lineColumn(text, offset).line}:${lineColumn(text, offset).column}`;
		throw new ConfigError({source: where, operation: 'parse JSON'}, reason);
	}
}

/** The parsed top level, which must be a mapping (an empty file is `{}`). */
export function topLevel(value: unknown, file: string): Record<string, unknown> {
	if (value === null || value === undefined) return {};
	if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError({source: file, operation: 'read config'}, 'the top level must be a mapping of lab, sources, racks, devices, keys, notify');
	return value as Record<string, unknown>;
}

/** The file's absolute path, format and text; a missing file or an unknown extension is a ConfigError. */
export function readConfigText(file: string): {readonly resolved: string; readonly format: ConfigFormat; readonly text: string} {
	const resolved = path.resolve(file);
	const format = formatOf(resolved);
	if (!format) throw new ConfigError({source: resolved, operation: 'read config'}, `unknown extension "${path.extname(resolved)}": use .yaml, .yml or .json`);
	try {
		return {resolved, format, text: readFileSync(resolved, 'utf8')};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ConfigError({source: resolved, operation: 'read config'}, code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error));
	}
}

/** Reads and parses a config file as config-file.ts's `readConfigFile` does, loading the YAML parser only for a YAML file. */
export async function readConfig(file: string): Promise<Record<string, unknown>> {
	const {resolved, format, text} = readConfigText(file);
	return topLevel(format === 'yaml' ? (await import('./config-yaml.js')).parseYaml(text, resolved) : parseJson(text, resolved), resolved);
}

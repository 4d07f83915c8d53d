// Reading the config file: YAML (`.yaml`, `.yml`, comments allowed) or strict JSON (`.json`),
// chosen by extension. Errors name the file, line and column: YAML's own positions, and for JSON
// the line and column computed from the parser's offset. In the config directory `config.yaml`
// wins over `config.json` when both exist.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {parseDocument} from 'yaml';
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

function parseJson(text: string, file: string): unknown {
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

function parseYaml(text: string, file: string): unknown {
	const document = parseDocument(text, {prettyErrors: true, uniqueKeys: true});
	const [first] = document.errors;
	if (first) {
		const position = first.linePos?.[0];
		const where = position ? `${file}:${position.line}:${position.col}` : file;
		throw new ConfigError({source: where, operation: 'parse YAML'}, (first.message.split('\n')[0] ?? first.code).replace(/ at line \d+, column \d+:?$/, ''));
	}
	return document.toJS({maxAliasCount: 100}) as unknown;
}

/** Parses config text by the file's format; the top level must be a mapping (an empty file is `{}`). */
export function parseConfigText(text: string, file: string, format: ConfigFormat = formatOf(file) ?? 'json'): Record<string, unknown> {
	const value = format === 'yaml' ? parseYaml(text, file) : parseJson(text, file);
	if (value === null || value === undefined) return {};
	if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError({source: file, operation: 'read config'}, 'the top level must be a mapping of lab, sources, racks, devices, keys, notify');
	return value as Record<string, unknown>;
}

/** Reads and parses a config file. A missing file, an unknown extension or a syntax error is a ConfigError. */
export function readConfigFile(file: string): Record<string, unknown> {
	const resolved = path.resolve(file);
	const format = formatOf(resolved);
	if (!format) throw new ConfigError({source: resolved, operation: 'read config'}, `unknown extension "${path.extname(resolved)}": use .yaml, .yml or .json`);
	let text: string;
	try {
		text = readFileSync(resolved, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new ConfigError({source: resolved, operation: 'read config'}, code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error));
	}
	return parseConfigText(text, resolved, format);
}

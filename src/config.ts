// The config file: `{ "lab", "sources": [...], "racks": [...], "devices": [...], "keys": {...} }`.
// conf reads it; each source block is validated against its plugin's JSON Schema (ajv), and a bad
// block disables that instance only, with a one-line message naming it. Secrets come from the
// file, an environment variable or a command. With no file, labdeck watches the local machine.
import {existsSync, statSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv';
import {ConfigError, oneLine} from './errors.js';
import type {PluginCatalog, PluginDefinition, SourceConfig} from './plugin-api.js';
import {resolveSecrets} from './secrets.js';
import type {Topology} from './topology.js';
import {parseKeys, parseTopology} from './config-topology.js';
import {parseNotify, type NotifyConfig} from './notify-config.js';

export type ResolvedSource = {
	readonly id: string;
	readonly type: string;
	readonly name: string;
	readonly interval: number;
	readonly timeout: number;
	/** Undefined when the block is disabled (by the user or by an error). */
	readonly config: SourceConfig | undefined;
	readonly plugin: PluginDefinition | undefined;
	/** Why it is disabled: one line naming the source. */
	readonly disabledReason: string | undefined;
};

export type LoadedConfig = {
	/** The file read; null when there is none and the local machine is watched. */
	readonly path: string | null;
	readonly lab: string;
	readonly sources: readonly ResolvedSource[];
	readonly topology: Topology;
	readonly keys: Readonly<Record<string, readonly string[]>>;
	/** The `notify` block (`labdeck serve`'s notifications); null when absent. */
	readonly notify?: NotifyConfig | null;
	/** One-line warnings: literal secrets in a readable file, unknown fields, insecure TLS. */
	readonly warnings: readonly string[];
};

const idPattern = '^[a-z0-9][a-z0-9-]*$';

const baseProperties = {
	id: {type: 'string', pattern: idPattern},
	type: {type: 'string'},
	name: {type: 'string'},
	interval: {type: 'number', exclusiveMinimum: 0},
	timeout: {type: 'number', exclusiveMinimum: 0},
	enabled: {type: 'boolean'},
} as const;

// Plugin schemas are code, checked against the JSON Schema meta-schema by a test
// (plugins/registry.test.ts), so they are not re-validated at every start (≈ 40 ms).
const ajv = new Ajv({allErrors: true, strict: false, validateSchema: false, code: {optimize: false}});
const validators = new WeakMap<PluginDefinition, ValidateFunction>();

function validatorFor(plugin: PluginDefinition): ValidateFunction {
	let validate = validators.get(plugin);
	if (!validate) {
		const secretVariants: Record<string, unknown> = {};
		for (const field of plugin.secretFields ?? []) {
			secretVariants[`${field}Env`] = {type: 'string', minLength: 1};
			secretVariants[`${field}Command`] = {type: 'string', minLength: 1};
		}
		validate = ajv.compile({
			type: 'object',
			properties: {...plugin.schema.properties, ...secretVariants, ...baseProperties},
			required: ['id', 'type', ...(plugin.schema.required ?? []).filter(field => !(plugin.secretFields ?? []).includes(field))],
			additionalProperties: plugin.schema.additionalProperties ?? false,
		});
		validators.set(plugin, validate);
	}
	return validate;
}

function describeAjv(errors: readonly ErrorObject[] | null | undefined): string {
	const first = errors?.[0];
	if (!first) return 'invalid';
	const where = first.instancePath || '';
	if (first.keyword === 'additionalProperties') return `unknown field "${String(first.params.additionalProperty)}"`;
	if (first.keyword === 'required') return `missing field "${String(first.params.missingProperty)}"`;
	if (first.keyword === 'enum') return `${where.slice(1)} must be one of ${(first.params.allowedValues as unknown[]).map(value => JSON.stringify(value)).join(', ')}`;
	return `${where.slice(1) || 'block'} ${first.message ?? 'is invalid'}`;
}

export type LoadOptions = {
	/** `--config`; otherwise $LABDECK_CONFIG or the default path. */
	readonly path?: string;
	readonly plugins: PluginCatalog;
	readonly env?: NodeJS.ProcessEnv;
	/** The default path, used when `path` is absent (from paths.ts). */
	readonly defaultPath: string;
};

/** Reads the raw JSON with conf. A missing explicit file or invalid JSON is a ConfigError. */
export function readConfigFile(file: string): Record<string, unknown> {
	const resolved = path.resolve(file);
	const extension = path.extname(resolved);
	try {
		const conf = new Conf<Record<string, unknown>>({
			projectName: 'labdeck',
			projectSuffix: '',
			cwd: path.dirname(resolved),
			configName: path.basename(resolved, extension),
			fileExtension: extension.replace(/^\./, ''),
		});
		return conf.store;
	} catch (error) {
		throw new ConfigError({source: resolved, operation: 'read config'}, error instanceof Error ? error.message : String(error));
	}
}

export async function loadConfig(options: LoadOptions): Promise<LoadedConfig> {
	const env = options.env ?? process.env;
	const file = options.path ? path.resolve(options.path) : options.defaultPath;
	if (!existsSync(file)) {
		if (options.path || env.LABDECK_CONFIG) throw new ConfigError({source: file, operation: 'read config'}, 'no such file');
		return localOnly(options.plugins);
	}
	const raw = readConfigFile(file);
	const types = Array.isArray(raw.sources) ? raw.sources.map(block => (block as {type?: unknown} | null)?.type).filter((type): type is string => typeof type === 'string') : [];
	return resolveConfig(raw, file, await options.plugins.load(types), env, options.plugins.types);
}

/** The config used when there is no file: this machine only. */
export async function localOnly(plugins: PluginCatalog): Promise<LoadedConfig> {
	return resolveConfig({lab: hostname(), sources: [{id: 'local', type: 'local'}]}, null, await plugins.load(['local']), process.env, plugins.types);
}

/** A catalog over plugins already in hand (tests, and the demo lab which loads them all). */
export function catalogOf(list: readonly PluginDefinition[]): PluginCatalog {
	return {types: list.map(plugin => plugin.type), kinds: {}, load: async types => (types ? list.filter(plugin => types.includes(plugin.type)) : list)};
}

/** Validates a raw config. `plugins` holds at least the types the sources name; `knownTypes` every type, for messages. */
export async function resolveConfig(raw: Record<string, unknown>, file: string | null, plugins: readonly PluginDefinition[], env: NodeJS.ProcessEnv, knownTypes: readonly string[] = plugins.map(plugin => plugin.type)): Promise<LoadedConfig> {
	const warnings: string[] = [];
	const label = file ?? 'config';
	if (raw.lab !== undefined && typeof raw.lab !== 'string') throw new ConfigError({source: label, operation: 'lab'}, 'must be a string');
	if (raw.sources !== undefined && !Array.isArray(raw.sources)) throw new ConfigError({source: label, operation: 'sources'}, 'must be an array of source blocks');
	for (const key of Object.keys(raw)) {
		if (!['lab', 'sources', 'racks', 'devices', 'keys', 'notify', '$schema'].includes(key)) warnings.push(`${label}: unknown top-level field "${key}" ignored`);
	}
	const isReadableByOthers = file !== null && (statSync(file).mode & 0o077) !== 0;
	const seen = new Set<string>();
	const blocks = (raw.sources as unknown[] | undefined) ?? [];
	const sources = await Promise.all(blocks.map(async (block, index) => resolveSource(block, index, plugins, knownTypes, env, seen)));
	for (const source of sources) {
		if (source.hasLiteralSecret && isReadableByOthers) warnings.push(`${file}: holds a secret for "${source.resolved.id}" and is readable by group or others (chmod 600 it, or use ${'<field>'}Env / ${'<field>'}Command)`);
		if (source.resolved.config?.insecure === true) warnings.push(`insecure TLS: ${source.resolved.id} does not verify its certificate`);
	}
	return {
		path: file,
		lab: typeof raw.lab === 'string' && raw.lab !== '' ? raw.lab : hostname(),
		sources: sources.map(source => source.resolved),
		topology: parseTopology(raw, label, warnings),
		keys: parseKeys(raw.keys, label, warnings),
		notify: parseNotify(raw.notify, label),
		warnings,
	};
}

async function resolveSource(block: unknown, index: number, plugins: readonly PluginDefinition[], knownTypes: readonly string[], env: NodeJS.ProcessEnv, seen: Set<string>): Promise<{resolved: ResolvedSource; hasLiteralSecret: boolean}> {
	const record = (typeof block === 'object' && block !== null && !Array.isArray(block) ? block : {}) as Record<string, unknown>;
	const id = typeof record.id === 'string' && record.id !== '' ? record.id : `sources[${index}]`;
	const type = typeof record.type === 'string' ? record.type : '?';
	const plugin = plugins.find(candidate => candidate.type === type);
	const interval = typeof record.interval === 'number' && record.interval > 0 ? record.interval : plugin?.defaults.interval ?? 10;
	const timeout = typeof record.timeout === 'number' && record.timeout > 0 ? record.timeout : plugin?.defaults.timeout ?? 5;
	const name = typeof record.name === 'string' && record.name !== '' ? record.name : id;
	const disabled = (reason: string) => ({resolved: {id, type, name, interval, timeout, config: undefined, plugin, disabledReason: oneLine(`source "${id}" (${type}): ${reason}`)}, hasLiteralSecret: false});
	if (record !== block) return disabled('not an object');
	if (!plugin) return disabled(`unknown type "${type}" (known: ${knownTypes.join(', ')})`);
	const validate = validatorFor(plugin);
	if (!validate(record)) return disabled(describeAjv(validate.errors));
	if (seen.has(id)) return disabled('duplicate id');
	seen.add(id);
	if (record.enabled === false) return disabled('disabled in the config');
	try {
		const {resolved, hasLiteralSecret} = await resolveSecrets(record, plugin.secretFields ?? [], id, env);
		return {resolved: {id, type, name, interval, timeout, config: {...resolved, id, type, interval, timeout} as SourceConfig, plugin, disabledReason: undefined}, hasLiteralSecret};
	} catch (error) {
		return disabled(error instanceof ConfigError ? error.message.replace(`${id}: `, '') : String(error));
	}
}


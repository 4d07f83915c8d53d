// The config file: `{ "lab", "sources": [...], "racks": [...], "devices": [...], "keys": {...} }`.
// YAML or JSON (config-file.ts); each source block is validated against its plugin's JSON Schema (ajv), and a bad
// block disables that instance only, with a one-line message naming it. Secrets come from the
// file, an environment variable or a command. With no file, labdeck watches the local machine.
import {existsSync, statSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {readConfig} from './config-text.js';
import type {ErrorObject, ValidateFunction} from 'ajv';
import {ConfigError, oneLine} from './errors.js';
import type {PluginCatalog, PluginDefinition, SourceConfig} from './plugin-api.js';
import {splitSecrets, type SecretCommands} from './secrets.js';
import {capsOf, type SourceCaps} from './caps.js';
import type {Topology} from './topology.js';
import {parseKeys, parseTopology} from './config-topology.js';
import {parseNotify, type NotifyConfig} from './notify-config.js';
import {validatorFor} from './config-validate.js';

export type ResolvedSource = {
	readonly id: string;
	readonly type: string;
	readonly name: string;
	readonly interval: number;
	readonly timeout: number;
	/** Seconds an entity may go unseen in successful polls before it is dropped. */
	readonly expireAfter: number;
	/** Bounds on one poll's reply (bytes, rows, string length). */
	readonly caps: SourceCaps;
	/** Undefined when the block is disabled (by the user or by an error). */
	readonly config: SourceConfig | undefined;
	readonly plugin: PluginDefinition | undefined;
	/** Why it is disabled: one line naming the source. */
	readonly disabledReason: string | undefined;
	/** Secret fields still to be read from their `…Command` (run when the source first polls, not at load). */
	readonly secretCommands?: SecretCommands;
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
	/** One-line errors outside source blocks (an id given twice): `config check` fails, the console shows them. */
	readonly errors: readonly string[];
};

const idPattern = '^[a-z0-9][a-z0-9-]*$';

/** The longest `interval` and `timeout`, seconds (one day). */
export const maxSeconds = 86_400;

const baseProperties = {
	id: {type: 'string', pattern: idPattern, description: 'a unique kebab-case id: lower-case letters, digits, dashes'},
	type: {type: 'string', description: 'The plugin'},
	name: {type: 'string', description: 'Display name; the id when absent'},
	// Node's timers overflow above 2,147,483 s (they fire after 1 ms): one day is the bound.
	interval: {type: 'number', exclusiveMinimum: 0, maximum: maxSeconds, description: 'Seconds between polls; the plugin\'s default when absent; at most one day'},
	timeout: {type: 'number', exclusiveMinimum: 0, maximum: maxSeconds, description: 'Seconds one poll may take; the plugin\'s default when absent; at most one day'},
	enabled: {type: 'boolean', description: 'false keeps the block but polls nothing'},
	expireAfter: {type: 'number', exclusiveMinimum: 0, maximum: 365 * maxSeconds, description: 'Seconds an entity may go unseen before it is dropped; 10 intervals, at least 600 s, when absent'},
	caps: {
		type: 'object',
		description: 'Bounds on one poll\'s work',
		properties: {
			replyBytes: {type: 'integer', minimum: 1024, description: 'Largest reply, bytes; 64 MiB when absent'},
			rows: {type: 'integer', minimum: 1, description: 'Most rows (entities, processes, lines); 200000 when absent'},
			stringLength: {type: 'integer', minimum: 16, description: 'Longest string, characters; 4096 when absent'},
		},
		additionalProperties: false,
	},
} as const;

/**
 * The JSON Schema of one source block of a plugin: its own fields, the `<secret>Env` and
 * `<secret>Command` variants, and the base fields (id, type, interval…). Also what
 * `labdeck config schema` prints for each type.
 */
export function sourceBlockSchema(plugin: PluginDefinition): Record<string, unknown> {
	const secretFields = plugin.secretFields ?? [];
	const secretVariants: Record<string, unknown> = {};
	for (const field of secretFields) {
		secretVariants[`${field}Env`] = {type: 'string', minLength: 1, description: `Name of an environment variable holding ${field}`};
		secretVariants[`${field}Command`] = {type: 'string', minLength: 1, description: `A command whose first output line is ${field}`};
	}
	return {
		type: 'object',
		description: plugin.description,
		properties: {...plugin.schema.properties, ...secretVariants, ...baseProperties, type: {const: plugin.type}},
		required: ['id', 'type', ...(plugin.schema.required ?? []).filter(field => !secretFields.includes(field))],
		additionalProperties: false,
	};
}

/** `/hosts/1/mac` → `hosts[1].mac`. */
function fieldPath(instancePath: string): string {
	return instancePath.split('/').slice(1).map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

function describeAjv(errors: readonly ErrorObject[] | null | undefined): string {
	const first = errors?.find(error => error.keyword !== 'anyOf') ?? errors?.[0];
	if (!first) return 'invalid';
	const where = fieldPath(first.instancePath);
	const inside = where ? `${where}: ` : '';
	if (first.keyword === 'additionalProperties') return `${inside}unknown field "${String(first.params.additionalProperty)}"`;
	if (first.keyword === 'maximum' && (where === 'interval' || where === 'timeout')) return `${where} must be at most ${maxSeconds} seconds (one day)`;
	if (first.keyword === 'required') return `${inside}missing field "${String(first.params.missingProperty)}"`;
	if (first.keyword === 'enum') return `${where} must be one of ${(first.params.allowedValues as unknown[]).map(value => JSON.stringify(value)).join(', ')}`;
	const description = (first.parentSchema as {description?: unknown} | undefined)?.description;
	if (first.keyword === 'pattern') return `${where}: invalid value ${JSON.stringify(first.data)}${typeof description === 'string' ? ` (expected ${description})` : ''}`;
	return `${where || 'block'} ${first.message ?? 'is invalid'}`;
}

export type LoadOptions = {
	/** `--config`; otherwise $LABDECK_CONFIG or the default path. */
	readonly path?: string;
	readonly plugins: PluginCatalog;
	readonly env?: NodeJS.ProcessEnv;
	/** The default path, used when `path` is absent (from paths.ts). */
	readonly defaultPath: string;
};


export async function loadConfig(options: LoadOptions): Promise<LoadedConfig> {
	const env = options.env ?? process.env;
	const file = options.path ? path.resolve(options.path) : options.defaultPath;
	if (!existsSync(file)) {
		if (options.path || env.LABDECK_CONFIG) throw new ConfigError({source: file, operation: 'read config'}, 'no such file');
		return localOnly(options.plugins);
	}
	const raw = await readConfig(file);
	const types = Array.isArray(raw.sources) ? raw.sources.map(block => (block as {type?: unknown} | null)?.type).filter((type): type is string => typeof type === 'string') : [];
	return resolveConfig(raw, file, await options.plugins.load(types), env, options.plugins.types);
}

/** The config used when there is no file: this machine only. */
export async function localOnly(plugins: PluginCatalog): Promise<LoadedConfig> {
	return resolveConfig({lab: hostname(), sources: [{id: 'local', type: 'local'}]}, null, await plugins.load(['local']), process.env, plugins.types);
}

/** A catalog over plugins already in hand (tests). */
export function catalogOf(list: readonly PluginDefinition[]): PluginCatalog {
	return {types: list.map(plugin => plugin.type), kinds: {}, load: async types => (types ? list.filter(plugin => types.includes(plugin.type)) : list)};
}

/** Validates a raw config. `plugins` holds at least the types the sources name; `knownTypes` every type, for messages. */
export async function resolveConfig(raw: Record<string, unknown>, file: string | null, plugins: readonly PluginDefinition[], env: NodeJS.ProcessEnv, knownTypes: readonly string[] = plugins.map(plugin => plugin.type)): Promise<LoadedConfig> {
	const warnings: string[] = [];
	const errors: string[] = [];
	const label = file ?? 'config';
	if (raw.lab !== undefined && typeof raw.lab !== 'string') throw new ConfigError({source: label, operation: 'lab'}, 'must be a string');
	if (raw.sources !== undefined && !Array.isArray(raw.sources)) throw new ConfigError({source: label, operation: 'sources'}, 'must be an array of source blocks');
	for (const key of Object.keys(raw)) {
		if (!['lab', 'sources', 'racks', 'devices', 'keys', 'notify', '$schema'].includes(key)) warnings.push(`${label}: unknown top-level field "${key}" ignored`);
	}
	const isReadableByOthers = file !== null && (statSync(file).mode & 0o077) !== 0;
	const seen = new Map<string, number>();
	const blocks = (raw.sources as unknown[] | undefined) ?? [];
	// Every validator first (compiled at build time, or now): blocks are then checked in file order.
	const validators = new Map(await Promise.all(plugins.filter(plugin => blocks.some(block => (block as {type?: unknown} | null)?.type === plugin.type)).map(async plugin => [plugin, await validatorFor(plugin, sourceBlockSchema)] as const)));
	const sources = await Promise.all(blocks.map(async (block, index) => resolveSource(block, index, plugins, knownTypes, env, seen, validators)));
	for (const source of sources) {
		if (source.hasLiteralSecret && isReadableByOthers) warnings.push(`${file}: holds a secret for "${source.resolved.id}" and is readable by group or others (chmod 600 it, or use ${'<field>'}Env / ${'<field>'}Command)`);
		if (source.resolved.config?.insecure === true) warnings.push(`insecure TLS: ${source.resolved.id} does not verify its certificate`);
	}
	return {
		path: file,
		lab: typeof raw.lab === 'string' && raw.lab !== '' ? raw.lab : hostname(),
		sources: sources.map(source => source.resolved),
		topology: parseTopology(raw, label, warnings, errors),
		keys: parseKeys(raw.keys, label, warnings),
		notify: parseNotify(raw.notify, label),
		warnings,
		errors,
	};
}

async function resolveSource(block: unknown, index: number, plugins: readonly PluginDefinition[], knownTypes: readonly string[], env: NodeJS.ProcessEnv, seen: Map<string, number>, validators: ReadonlyMap<PluginDefinition, ValidateFunction>): Promise<{resolved: ResolvedSource; hasLiteralSecret: boolean}> {
	const record = (typeof block === 'object' && block !== null && !Array.isArray(block) ? block : {}) as Record<string, unknown>;
	const id = typeof record.id === 'string' && record.id !== '' ? record.id : `sources[${index}]`;
	const type = typeof record.type === 'string' ? record.type : '?';
	const plugin = plugins.find(candidate => candidate.type === type);
	const seconds = (value: unknown, fallback: number) => (typeof value === 'number' && value > 0 && value <= maxSeconds ? value : fallback);
	const interval = seconds(record.interval, plugin?.defaults.interval ?? 10);
	const timeout = seconds(record.timeout, plugin?.defaults.timeout ?? 5);
	const expireAfter = typeof record.expireAfter === 'number' && record.expireAfter > 0 ? record.expireAfter : defaultExpireAfter(interval);
	const caps = capsOf({caps: typeof record.caps === 'object' && record.caps !== null ? (record.caps as Partial<SourceCaps>) : undefined});
	const name = typeof record.name === 'string' && record.name !== '' ? record.name : id;
	const disabled = (reason: string) => ({resolved: {id, type, name, interval, timeout, expireAfter, caps, config: undefined, plugin, disabledReason: oneLine(`source "${id}" (${type}): ${reason}`)}, hasLiteralSecret: false});
	if (record !== block) return disabled('not an object');
	if (!plugin) return disabled(`unknown type "${type}" (known: ${knownTypes.join(', ')})`);
	const validate = validators.get(plugin)!;
	if (!validate(record)) return disabled(describeAjv(validate.errors));
	const first = seen.get(id);
	if (first !== undefined) return disabled(`sources[${index}] repeats the id of sources[${first}]`);
	seen.set(id, index);
	if (record.enabled === false) return disabled('disabled in the config');
	try {
		const {resolved, hasLiteralSecret, commands} = splitSecrets(record, plugin.secretFields ?? [], id, env);
		const secretCommands = Object.keys(commands).length > 0 ? {secretCommands: commands} : {};
		const config = {...resolved, id, type, interval, timeout, expireAfter, caps} as SourceConfig;
		// Cross-field rules; a field given as a command is checked once its secret is known.
		const reason = Object.keys(commands).length === 0 ? plugin.check?.(config) : undefined;
		if (reason !== undefined) return disabled(reason);
		return {resolved: {id, type, name, interval, timeout, expireAfter, caps, config, plugin, disabledReason: undefined, ...secretCommands}, hasLiteralSecret};
	} catch (error) {
		return disabled(error instanceof ConfigError ? error.message.replace(`${id}: `, '') : String(error));
	}
}


/** Default expiry: ten poll intervals, at least ten minutes. */
export function defaultExpireAfter(interval: number): number {
	return Math.max(10 * interval, 600);
}

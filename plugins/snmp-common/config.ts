// snmp-common is NOT a plugin: shared SNMP helpers for `apc-pdu` and `ups`. This file: the SNMP
// fields of a source block (spelled as in ARCHITECTURE.md's config conventions), their JSON
// Schema fragment, and the typed options the session wrapper takes.
import type {SourceConfig} from '../../src/plugin-api.js';
import {ConfigError} from '../../src/errors.js';

export const snmpSecretFields = ['community', 'writeCommunity', 'auth', 'priv'] as const;

export const snmpSchemaProperties = {
	host: {type: 'string', minLength: 1, description: 'Agent address (name or IP).'},
	port: {type: 'integer', minimum: 1, maximum: 65_535, description: 'UDP port; 161 when absent.'},
	version: {type: 'string', enum: ['1', '2c', '3'], description: 'SNMP version; 2c when absent.'},
	community: {type: 'string', description: 'Read community (v1/v2c); "public" when absent.'},
	writeCommunity: {type: 'string', description: 'Write community (v1/v2c), needed only for actions.'},
	user: {type: 'string', description: 'v3 user name.'},
	context: {type: 'string', description: 'v3 context name; empty when absent.'},
	authProtocol: {type: 'string', enum: ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']},
	auth: {type: 'string', description: 'v3 authentication pass phrase.'},
	privProtocol: {type: 'string', enum: ['des', 'aes', 'aes256b', 'aes256r']},
	priv: {type: 'string', description: 'v3 privacy pass phrase.'},
	retries: {type: 'integer', minimum: 0, maximum: 5, description: 'Re-sends per request; 1 when absent.'},
	requestTimeout: {type: 'number', exclusiveMinimum: 0, description: 'Seconds per request attempt; derived from timeout when absent.'},
	maxRepetitions: {type: 'integer', minimum: 1, maximum: 100, description: 'GETBULK repetitions; 25 when absent.'},
} as const;

export type SnmpVersion = '1' | '2c' | '3';

export type SnmpV3User = {
	readonly name: string;
	readonly authProtocol: string | undefined;
	readonly auth: string | undefined;
	readonly privProtocol: string | undefined;
	readonly priv: string | undefined;
	/** v3 context name ('' when absent). */
	readonly context?: string;
};

export type SnmpOptions = {
	/** Config id of the source, for error messages. */
	readonly source: string;
	readonly host: string;
	readonly port: number;
	readonly version: SnmpVersion;
	readonly community: string;
	readonly writeCommunity: string | undefined;
	readonly user: SnmpV3User | undefined;
	/** Milliseconds per attempt. */
	readonly timeoutMs: number;
	readonly retries: number;
	readonly maxRepetitions: number;
};

function optionalString(config: SourceConfig, key: string): string | undefined {
	const value = config[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw new ConfigError({source: config.id, operation: 'config'}, `${key} must be a string`);
	return value;
}

function optionalNumber(config: SourceConfig, key: string): number | undefined {
	const value = config[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError({source: config.id, operation: 'config'}, `${key} must be a number`);
	return value;
}

/** Reads the SNMP fields of a validated source block. */
export function snmpOptionsFrom(config: SourceConfig): SnmpOptions {
	const context = {source: config.id, operation: 'config'};
	const host = optionalString(config, 'host');
	if (!host) throw new ConfigError(context, 'host is required');
	const rawVersion = config['version'];
	const version = rawVersion === undefined ? '2c' : String(rawVersion);
	if (version !== '1' && version !== '2c' && version !== '3') throw new ConfigError(context, `version must be "1", "2c" or "3", not ${JSON.stringify(rawVersion)}`);
	const retries = optionalNumber(config, 'retries') ?? 1;
	const requestTimeout = optionalNumber(config, 'requestTimeout');
	// Every attempt of a request must fit in the poll's budget, with a margin so that the SNMP
	// client's own error ("agent down or wrong community") arrives before the poller's generic one.
	const timeoutMs = Math.round((requestTimeout ?? Math.min(3, Math.max(0.2, ((config.timeout || 5) * 0.85) / (retries + 1)))) * 1000);
	let user: SnmpV3User | undefined;
	if (version === '3') {
		const name = optionalString(config, 'user');
		if (!name) throw new ConfigError(context, 'version 3 needs user');
		const auth = optionalString(config, 'auth');
		const priv = optionalString(config, 'priv');
		if (priv && !auth) throw new ConfigError(context, 'priv needs auth (authPriv)');
		user = {
			name,
			auth,
			authProtocol: auth ? optionalString(config, 'authProtocol') ?? 'sha' : undefined,
			priv,
			privProtocol: priv ? optionalString(config, 'privProtocol') ?? 'aes' : undefined,
			context: optionalString(config, 'context') ?? '',
		};
	}
	return {
		source: config.id,
		host,
		port: optionalNumber(config, 'port') ?? 161,
		version,
		community: optionalString(config, 'community') ?? 'public',
		writeCommunity: optionalString(config, 'writeCommunity'),
		user,
		timeoutMs,
		retries,
		maxRepetitions: optionalNumber(config, 'maxRepetitions') ?? 25,
	};
}

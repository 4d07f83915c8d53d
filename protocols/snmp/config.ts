// Shared SNMP code (not a plugin), used by `apc-pdu` and `ups`. This file: the SNMP fields of a
// source block (spelled as in ARCHITECTURE.md's config conventions) as a TypeBox schema fragment,
// the rule across them, and the typed options the session wrapper takes.
import {Type, type Static} from '@sinclair/typebox';
import type {SourceBase} from '../../src/plugin-api.js';
import {Port, StringEnum} from '../../src/schema-types.js';

export const snmpSecretFields = ['community', 'writeCommunity', 'auth', 'priv'] as const;

export const snmpFields = {
	host: Type.String({minLength: 1, description: 'Agent address (name or IP).'}),
	port: Type.Optional(Port('UDP port; 161 when absent.')),
	version: Type.Optional(StringEnum(['1', '2c', '3'], {description: 'SNMP version; 2c when absent.'})),
	community: Type.Optional(Type.String({description: 'Read community (v1/v2c); "public" when absent.'})),
	writeCommunity: Type.Optional(Type.String({description: 'Write community (v1/v2c), needed only for actions.'})),
	user: Type.Optional(Type.String({minLength: 1, description: 'v3 user name.'})),
	context: Type.Optional(Type.String({description: 'v3 context name; empty when absent.'})),
	authProtocol: Type.Optional(StringEnum(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'])),
	auth: Type.Optional(Type.String({description: 'v3 authentication pass phrase.'})),
	privProtocol: Type.Optional(StringEnum(['des', 'aes', 'aes256b', 'aes256r'])),
	priv: Type.Optional(Type.String({description: 'v3 privacy pass phrase.'})),
	retries: Type.Optional(Type.Integer({minimum: 0, maximum: 5, description: 'Re-sends per request; 1 when absent.'})),
	requestTimeout: Type.Optional(Type.Number({exclusiveMinimum: 0, description: 'Seconds per request attempt; derived from timeout when absent.'})),
	maxRepetitions: Type.Optional(Type.Integer({minimum: 1, maximum: 100, description: 'GETBULK repetitions; 25 when absent.'})),
};

const snmpObject = Type.Object(snmpFields);
export type SnmpConfig = SourceBase & Static<typeof snmpObject>;

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

/** The rule across the SNMP fields (PluginDefinition.check): v3 needs a user, privacy needs auth. */
export function checkSnmp(config: SnmpConfig): string | undefined {
	if (config.version === '3' && !config.user) return 'version 3 needs "user"';
	if (config.priv && !config.auth) return '"priv" needs "auth" (authPriv)';
	return undefined;
}

/** The session options of a validated source block, with the defaults filled in. */
export function snmpOptionsFrom(config: SnmpConfig): SnmpOptions {
	const version = config.version ?? '2c';
	const retries = config.retries ?? 1;
	// Every attempt of a request must fit in the poll's budget, with a margin so that the SNMP
	// client's own error ("agent down or wrong community") arrives before the poller's generic one.
	const timeoutMs = Math.round((config.requestTimeout ?? Math.min(3, Math.max(0.2, ((config.timeout || 5) * 0.85) / (retries + 1)))) * 1000);
	const user: SnmpV3User | undefined = version === '3' && config.user
		? {
			name: config.user,
			auth: config.auth,
			authProtocol: config.auth ? config.authProtocol ?? 'sha' : undefined,
			priv: config.priv,
			privProtocol: config.priv ? config.privProtocol ?? 'aes' : undefined,
			context: config.context ?? '',
		}
		: undefined;
	return {
		source: config.id,
		host: config.host,
		port: config.port ?? 161,
		version,
		community: config.community ?? 'public',
		writeCommunity: config.writeCommunity,
		user,
		timeoutMs,
		retries,
		maxRepetitions: config.maxRepetitions ?? 25,
	};
}

// The `redfish` plugin: server BMCs (HPE iLO, Dell iDRAC, Cisco CIMC, Supermicro) over Redfish.
// Each computer system the BMC manages becomes a `bmc` entity: power state, health per
// subsystem, thermal and power readings with the BMC's thresholds, event log, power actions.
import {bmcKind} from '../../src/kinds/bmc.js';
import {ConfigError} from '../../src/errors.js';
import type {PluginDefinition, SourceConfig} from '../../src/plugin-api.js';
import {bmcActions} from './actions.js';
import {RedfishClient} from './client.js';
import {RedfishSource} from './source.js';

const fingerprintPattern = '^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$';

export type RedfishConfig = {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
	readonly fingerprint: string | undefined;
	readonly isInsecure: boolean;
	readonly inventoryInterval: number;
	readonly maxInFlight: number;
};

export function checkConfig(config: SourceConfig): RedfishConfig {
	const context = {source: config.id, operation: 'config'};
	const text = (key: string): string | undefined => {
		const value = config[key];
		if (value === undefined || value === null || value === '') return undefined;
		if (typeof value !== 'string') throw new ConfigError(context, `"${key}" must be a string`);
		return value;
	};
	const host = text('host');
	if (!host) throw new ConfigError(context, '"host" is required (the BMC\'s address)');
	const user = text('user');
	if (!user) throw new ConfigError(context, '"user" is required (a BMC account)');
	const password = text('password');
	if (password === undefined) throw new ConfigError(context, '"password" is required (or passwordEnv / passwordCommand)');
	const port = config.port ?? 443;
	if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) throw new ConfigError(context, '"port" must be 1-65535');
	const fingerprint = text('fingerprint');
	if (fingerprint && !new RegExp(fingerprintPattern).test(fingerprint)) throw new ConfigError(context, '"fingerprint" must be a SHA-256 in hex (64 digits, colons optional)');
	const inventoryInterval = config.inventoryInterval ?? 14_400;
	if (typeof inventoryInterval !== 'number' || inventoryInterval <= 0) throw new ConfigError(context, '"inventoryInterval" must be a positive number of seconds');
	const maxInFlight = config.maxInFlight ?? 3;
	if (typeof maxInFlight !== 'number' || !Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > 8) throw new ConfigError(context, '"maxInFlight" must be 1-8');
	return {host, port, user, password, fingerprint, isInsecure: config.insecure === true, inventoryInterval, maxInFlight};
}

export const plugin: PluginDefinition = {
	type: 'redfish',
	description: 'Server BMCs over Redfish (iLO, iDRAC, CIMC, Supermicro): power, health, thermal, power supplies, event log, power actions',
	schema: {
		type: 'object',
		properties: {
			id: {type: 'string'},
			type: {const: 'redfish'},
			name: {type: 'string'},
			enabled: {type: 'boolean'},
			interval: {type: 'number', exclusiveMinimum: 0, default: 30},
			timeout: {type: 'number', exclusiveMinimum: 0, default: 20},
			host: {type: 'string', minLength: 1, description: 'Address of the BMC'},
			port: {type: 'integer', minimum: 1, maximum: 65_535, default: 443},
			user: {type: 'string', minLength: 1, description: 'BMC account'},
			password: {type: 'string'},
			passwordEnv: {type: 'string'},
			passwordCommand: {type: 'string'},
			fingerprint: {type: 'string', pattern: fingerprintPattern, description: 'SHA-256 of the BMC certificate: pins a self-signed certificate'},
			insecure: {type: 'boolean', default: false, description: 'Skip TLS verification (shown as a warning)'},
			inventoryInterval: {type: 'number', exclusiveMinimum: 0, default: 14_400, description: 'Seconds between re-reads of model, serial, firmware and links'},
			maxInFlight: {type: 'integer', minimum: 1, maximum: 8, default: 3, description: 'Requests in flight at once to this BMC'},
		},
		required: ['host', 'user'],
		additionalProperties: false,
	},
	secretFields: ['password'],
	defaults: {interval: 30, timeout: 20},
	alertRules: bmcKind.rules,
	create(rawConfig, deps) {
		const config = checkConfig(rawConfig);
		if (config.isInsecure) deps.warn(`${rawConfig.id}: TLS verification is disabled (insecure: true)`);
		if (config.isInsecure && config.fingerprint) deps.warn(`${rawConfig.id}: "fingerprint" is set, so it is checked although insecure is true`);
		const client = new RedfishClient({
			source: rawConfig.id,
			host: config.host,
			port: config.port,
			user: config.user,
			password: config.password,
			fingerprint: config.fingerprint,
			isInsecure: config.isInsecure,
			timeoutMs: rawConfig.timeout * 1000,
			maxInFlight: config.maxInFlight,
		});
		const redfish = new RedfishSource(client, {source: rawConfig.id, name: rawConfig.name ?? rawConfig.id, inventoryTtlMs: config.inventoryInterval * 1000});
		return {
			poll: async signal => redfish.poll(signal),
			actions: bmcActions({source: rawConfig.id, client, redfish, requestPoll: () => deps.requestPoll()}),
			close: async () => client.close(),
		};
	},
};

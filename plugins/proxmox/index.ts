// The `proxmox` plugin: a Proxmox VE cluster or standalone node over its HTTPS API (proxmox-api's
// typed paths over our own undici engine). Nodes become `host` entities, VMs and containers
// `guest`, storages `storage`; guest power and migration actions wait on the PVE task.
import {ConfigError} from '../../src/errors.js';
import type {DemoContribution, DemoWorld, PluginDefinition, SourceConfig} from '../../src/plugin-api.js';
import {guestActions} from './actions.js';
import {failedTaskRule, nodeOfflineRule} from './alert-rules.js';
import {PveClient} from './client.js';
import {startPveSimulator} from './simulator.js';
import {PveSource} from './source.js';

const fingerprintPattern = '^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$';

export type ProxmoxConfig = SourceConfig & {
	readonly host: string;
	readonly port?: number;
	readonly tokenId?: string;
	readonly token?: string;
	readonly user?: string;
	readonly password?: string;
	readonly fingerprint?: string;
	readonly insecure?: boolean;
};

function check(config: SourceConfig): ProxmoxConfig {
	const context = {source: config.id, operation: 'config'};
	const text = (key: string): string | undefined => {
		const value = config[key];
		if (value === undefined || value === null || value === '') return undefined;
		if (typeof value !== 'string') throw new ConfigError(context, `"${key}" must be a string`);
		return value;
	};
	const host = text('host');
	if (!host) throw new ConfigError(context, '"host" is required');
	const tokenId = text('tokenId');
	if (tokenId && !/^[^@!\s]+@[^@!\s]+![^!\s]+$/.test(tokenId)) throw new ConfigError(context, `"tokenId" must look like user@realm!name, got "${tokenId}"`);
	if (tokenId && !text('token')) throw new ConfigError(context, '"tokenId" needs a "token" (or tokenEnv / tokenCommand)');
	if (!tokenId && !text('password')) throw new ConfigError(context, 'set "tokenId" + "token", or "user" + "password"');
	const port = config.port ?? 8006;
	if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) throw new ConfigError(context, '"port" must be 1-65535');
	const fingerprint = text('fingerprint');
	if (fingerprint && !new RegExp(fingerprintPattern).test(fingerprint)) throw new ConfigError(context, '"fingerprint" must be a SHA-256 in hex (64 digits, colons optional)');
	return {...config, host, port, tokenId, token: text('token'), user: text('user'), password: text('password'), fingerprint, insecure: config.insecure === true};
}

export const plugin: PluginDefinition = {
	type: 'proxmox',
	description: 'Proxmox VE cluster or node over its HTTPS API: nodes, VMs, containers, storage, guest power and migration',
	schema: {
		type: 'object',
		properties: {
			id: {type: 'string'},
			type: {const: 'proxmox'},
			name: {type: 'string'},
			enabled: {type: 'boolean'},
			interval: {type: 'number', exclusiveMinimum: 0, default: 5},
			timeout: {type: 'number', exclusiveMinimum: 0, default: 5},
			host: {type: 'string', minLength: 1, description: 'Host name or address of any node of the cluster'},
			port: {type: 'integer', minimum: 1, maximum: 65_535, default: 8006},
			tokenId: {type: 'string', pattern: '^[^@!\\s]+@[^@!\\s]+![^!\\s]+$', description: 'API token id, user@realm!name'},
			token: {type: 'string', description: 'API token secret (prefer tokenEnv or tokenCommand)'},
			tokenEnv: {type: 'string'},
			tokenCommand: {type: 'string'},
			user: {type: 'string', description: 'user@realm for ticket login (fallback to a token)'},
			password: {type: 'string'},
			passwordEnv: {type: 'string'},
			passwordCommand: {type: 'string'},
			fingerprint: {type: 'string', pattern: fingerprintPattern, description: 'SHA-256 of the node certificate: pins a self-signed certificate'},
			insecure: {type: 'boolean', default: false, description: 'Skip TLS verification (shown as a warning)'},
		},
		required: ['host'],
		additionalProperties: false,
	},
	secretFields: ['token', 'password'],
	defaults: {interval: 5, timeout: 5},
	alertRules: [nodeOfflineRule, failedTaskRule],
	create(rawConfig, deps) {
		const config = check(rawConfig);
		// deps.warn prefixes the source id.
		if (config.insecure) deps.warn('TLS verification is disabled (insecure: true)');
		if (config.insecure && config.fingerprint) deps.warn('"fingerprint" is set, so it is checked although insecure is true');
		const client = new PveClient({
			source: config.id,
			host: config.host,
			port: config.port ?? 8006,
			tokenId: config.tokenId,
			token: config.token,
			user: config.user ?? 'root@pam',
			password: config.password,
			fingerprint: config.fingerprint,
			isInsecure: config.insecure,
			timeoutMs: config.timeout * 1000,
		});
		const source = new PveSource(client, {source: config.id});
		return {
			poll: async signal => source.poll(signal),
			actions: guestActions({source: config.id, client, requestPoll: () => deps.requestPoll()}),
			close: async () => client.close(),
		};
	},
	demo: startDemo,
};

async function startDemo(world: DemoWorld): Promise<DemoContribution> {
	const simulator = await startPveSimulator({fixturesDir: world.fixturesDir, tmpDir: world.tmpDir, events: world.events});
	if (world.scenario === 'node-down') simulator.later(20_000, () => simulator.setNodeOnline('pve3', false));
	const sourceId = 'pve-demo';
	return {
		sources: [{
			id: sourceId, type: 'proxmox', name: 'Proxmox demo cluster', interval: 5, timeout: 5,
			host: '127.0.0.1', port: simulator.port, tokenId: simulator.tokenId, token: simulator.tokenSecret, fingerprint: simulator.fingerprint,
		}],
		devices: ['pve1', 'pve2', 'pve3'].map((node, index) => ({
			id: node, name: node, rack: 'main', u: 20 + index * 2, height: 2, entities: [`host:${sourceId}/${node}`],
		})),
		stop: async () => simulator.stop(),
	};
}

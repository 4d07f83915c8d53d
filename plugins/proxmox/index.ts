// The `proxmox` plugin: a Proxmox VE cluster or standalone node over its HTTPS API (proxmox-api's
// typed paths over our own undici engine). Nodes become `host` entities, VMs and containers
// `guest`, storages `storage`; guest power and migration actions wait on the PVE task.
import {Type} from '@sinclair/typebox';
import {capsOf} from '../../src/caps.js';
import {definePlugin, type PluginConfig} from '../../src/plugin-api.js';
import {Port, tlsPinFields} from '../../src/schema-types.js';
import {guestActions} from './actions.js';
import {nodeActions} from './node-actions.js';
import {failedTaskRule, nodeOfflineRule} from './alert-rules.js';
import {PveClient} from './client.js';
import {PveSource} from './source.js';

const schema = Type.Object({
	host: Type.String({minLength: 1, description: 'Host name or address of any node of the cluster'}),
	port: Type.Optional(Port('HTTPS port; 8006 when absent')),
	tokenId: Type.Optional(Type.String({pattern: '^[^@!\\s]+@[^@!\\s]+![^!\\s]+$', description: 'API token id, user@realm!name'})),
	token: Type.Optional(Type.String({description: 'API token secret (prefer tokenEnv or tokenCommand)'})),
	user: Type.Optional(Type.String({description: 'user@realm for ticket login (fallback to a token); root@pam when absent'})),
	password: Type.Optional(Type.String()),
	...tlsPinFields('node certificate'),
});

export type ProxmoxConfig = PluginConfig<typeof schema>;

export const plugin = definePlugin({
	type: 'proxmox',
	description: 'Proxmox VE cluster or node over its HTTPS API: nodes, VMs, containers, storage, guest power and migration',
	schema,
	secretFields: ['token', 'password'],
	defaults: {interval: 5, timeout: 5},
	alertRules: [nodeOfflineRule, failedTaskRule],
	check(config) {
		if (config.tokenId && !config.token) return '"tokenId" needs a "token" (or tokenEnv / tokenCommand)';
		if (!config.tokenId && !config.password) return 'set "tokenId" + "token", or "user" + "password"';
		return undefined;
	},
	create(config, deps) {
		const caps = capsOf(config);
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
			isInsecure: config.insecure === true,
			timeoutMs: config.timeout * 1000,
			maxBodyBytes: caps.replyBytes,
		});
		const source = new PveSource(client, {source: config.id, caps});
		return {
			poll: async signal => source.poll(signal),
			actions: [...guestActions({source: config.id, client, requestPoll: () => deps.requestPoll()}), ...nodeActions({source: config.id, client, requestPoll: () => deps.requestPoll()})],
			close: async () => client.close(),
		};
	},
});

// The `nut` plugin: Network UPS Tools' upsd over TCP 3493. Every UPS on the server becomes a `ups`
// entity and its `outlet.N.*` groups `outlet` entities. A UPS whose driver is stale (ERR
// DATA-STALE, DRIVER-NOT-CONNECTED, status WAIT) is left out of a `partial` result, so the store
// keeps its last-known entity marked stale: never blank, never shown as online. A server that
// cannot be reached fails the poll (the source goes down, its entities stay stale).
import {Type} from '@sinclair/typebox';
import {capsOf} from '../../src/caps.js';
import {definePlugin} from '../../src/plugin-api.js';
import {Port, StringEnum, tlsPinFields} from '../../src/schema-types.js';
import {createNutActions} from './actions.js';
import {NutClient} from './client.js';
import {createNutPoller} from './poll.js';

export const plugin = definePlugin({
	type: 'nut',
	description: 'Network UPS Tools (upsd, TCP 3493): UPS status, battery, load, outlets, instant commands',
	schema: Type.Object({
		host: Type.String({minLength: 1, description: 'upsd host name or address'}),
		port: Type.Optional(Port('upsd port; 3493 when absent')),
		user: Type.Optional(Type.String({description: 'upsd.users name (needed for instant commands)'})),
		password: Type.Optional(Type.String()),
		tls: Type.Optional(StringEnum(['auto', 'required', 'off'], {description: 'STARTTLS; auto when absent'})),
		...tlsPinFields('server certificate'),
		ups: Type.Optional(Type.Array(Type.String(), {description: 'Only these UPS names (all when absent)'})),
	}),
	secretFields: ['password'],
	defaults: {interval: 5, timeout: 4},
	create(config, deps) {
		const source = config.id;
		const client = new NutClient({
			source,
			host: config.host,
			port: config.port ?? 3493,
			username: config.user,
			password: config.password,
			tls: config.tls ?? 'auto',
			fingerprint: config.fingerprint,
			isInsecure: config.insecure === true,
			timeoutMs: config.timeout * 1000,
			maxLines: capsOf(config).rows,
		});
		const only = config.ups;
		const poller = createNutPoller(source, client, only);
		if (config.insecure === true) deps.warn('TLS certificate verification is off ("insecure": true)'); // deps.warn names the source

		return {
			poll: async signal => poller.poll(signal),
			actions: createNutActions({source, client, commands: poller.commands, hasCredentials: config.user !== undefined && config.password !== undefined, requestPoll: deps.requestPoll}),
			close() {
				client.close();
			},
		};
	},
});

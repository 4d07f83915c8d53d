// The `wol` plugin: Wake-on-LAN for machines with a configured MAC. Its poll reports one `host`
// per configured machine (online state unknown: WoL cannot tell), so `host.wake` has a target.
import {Type} from '@sinclair/typebox';
import {definePlugin} from '../../src/plugin-api.js';
import {Port} from '../../src/schema-types.js';
import {wolActions} from './actions.js';
import {checkWolHosts, defaultBroadcast, defaultPort, macFormats, macPattern, wolHostEntities, wolHosts} from './parse.js';

/** An IPv4 or IPv6 address (a broadcast address is never a name). */
const ipPattern = '^((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])$|^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$';

export const plugin = definePlugin({
	type: 'wol',
	description: 'Wake-on-LAN: wake machines by MAC address (magic packet over UDP broadcast)',
	schema: Type.Object({
		hosts: Type.Array(Type.Object({
			name: Type.String({minLength: 1, description: 'Name shown in the hosts pane'}),
			mac: Type.String({pattern: macPattern, description: macFormats}),
			broadcast: Type.Optional(Type.String({pattern: ipPattern, description: `IP address to send to (the subnet's broadcast, e.g. 192.168.1.255, across routers); ${defaultBroadcast} when absent`})),
			port: Type.Optional(Port(`UDP port (9, or 7); ${defaultPort} when absent`)),
		}, {additionalProperties: false}), {minItems: 1, description: 'Machines to wake'}),
	}),
	defaults: {interval: 60, timeout: 2},
	check: config => checkWolHosts(config.hosts),
	create(config) {
		const hosts = wolHosts(config.hosts);
		const entities = wolHostEntities(config.id, hosts);
		return {
			async poll(signal) {
				signal.throwIfAborted();
				return {entities};
			},
			actions: wolActions(config.id, hosts),
		};
	},
});

// The `wol` plugin: Wake-on-LAN for machines with a configured MAC. Its poll reports one `host`
// per configured machine (online state unknown: WoL cannot tell), so `host.wake` has a target.
import type {PluginDefinition} from '../../src/plugin-api.js';
import {wolActions} from './actions.js';
import {defaultBroadcast, defaultPort, parseWolHosts, wolHostEntities} from './parse.js';

export const plugin: PluginDefinition = {
	type: 'wol',
	description: 'Wake-on-LAN: wake machines by MAC address (magic packet over UDP broadcast)',
	schema: {
		type: 'object',
		properties: {
			hosts: {
				type: 'array',
				minItems: 1,
				description: 'Machines to wake',
				items: {
					type: 'object',
					properties: {
						name: {type: 'string', minLength: 1, description: 'Name shown in the hosts pane'},
						mac: {type: 'string', description: 'aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff'},
						broadcast: {type: 'string', default: defaultBroadcast, description: 'Broadcast address to send to (the subnet\'s, e.g. 192.168.1.255, across routers)'},
						port: {type: 'integer', minimum: 1, maximum: 65_535, default: defaultPort, description: 'UDP port (9, or 7)'},
					},
					required: ['name', 'mac'],
				},
			},
		},
		required: ['hosts'],
	},
	defaults: {interval: 60, timeout: 2},
	create(config) {
		const hosts = parseWolHosts(config.id, config['hosts']);
		const entities = wolHostEntities(config.id, hosts);
		return {
			async poll(signal) {
				signal.throwIfAborted();
				return {entities};
			},
			actions: wolActions(config.id, hosts),
		};
	},
};

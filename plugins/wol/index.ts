// The `wol` plugin: Wake-on-LAN for machines with a configured MAC. Its poll reports one `host`
// per configured machine (online state unknown: WoL cannot tell), so `host.wake` has a target.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {DemoContribution, PluginDefinition} from '../../src/plugin-api.js';
import {wolActions} from './actions.js';
import {defaultBroadcast, defaultPort, parseWolHosts, wolHostEntities} from './parse.js';
import {startWolListener} from './simulator.js';

type DemoHost = {readonly name: string; readonly mac: string; readonly device: string};

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
	async demo(world): Promise<DemoContribution> {
		const demoHosts = JSON.parse(readFileSync(join(world.fixturesDir, 'wol', 'demo-hosts.json'), 'utf8')) as DemoHost[];
		const devices = new Map(demoHosts.map(host => [host.mac, host.device]));
		const listener = await startWolListener({
			onWake(mac) {
				const device = devices.get(mac);
				if (device) world.events.emit('power', {device, isOn: true});
			},
		});
		const sourceId = 'wol-demo';
		return {
			sources: [{
				id: sourceId,
				type: 'wol',
				name: 'Wake-on-LAN',
				interval: 60,
				timeout: 2,
				hosts: demoHosts.map(host => ({name: host.name, mac: host.mac, broadcast: listener.address, port: listener.port})),
			}],
			devices: demoHosts.map(host => ({id: host.device, entities: [`host:${sourceId}/${host.name}`]})),
			stop: async () => listener.stop(),
		};
	},
};

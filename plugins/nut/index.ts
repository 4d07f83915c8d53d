// The `nut` plugin: Network UPS Tools' upsd over TCP 3493. Every UPS on the server becomes a `ups`
// entity and its `outlet.N.*` groups `outlet` entities. A UPS whose driver is stale (ERR
// DATA-STALE, DRIVER-NOT-CONNECTED, status WAIT) is left out of a `partial` result, so the store
// keeps its last-known entity marked stale: never blank, never shown as online. A server that
// cannot be reached fails the poll (the source goes down, its entities stay stale).
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {PluginDefinition, SourceConfig} from '../../src/plugin-api.js';
import {createNutActions} from './actions.js';
import {NutClient} from './client.js';
import {createNutPoller} from './poll.js';
import {startNutSimulator} from './simulator.js';

export const plugin: PluginDefinition = {
	type: 'nut',
	description: 'Network UPS Tools (upsd, TCP 3493): UPS status, battery, load, outlets, instant commands',
	schema: {
		type: 'object',
		properties: {
			host: {type: 'string', minLength: 1},
			port: {type: 'integer', minimum: 1, maximum: 65_535, default: 3493},
			user: {type: 'string', description: 'upsd.users name (needed for instant commands)'},
			password: {type: 'string'},
			tls: {enum: ['auto', 'required', 'off'], default: 'auto'},
			fingerprint: {type: 'string', pattern: '^[0-9A-Fa-f:]{64,95}$'},
			insecure: {type: 'boolean'},
			ups: {type: 'array', items: {type: 'string'}, description: 'Only these UPS names (all when absent)'},
		},
		required: ['host'],
	},
	secretFields: ['password'],
	defaults: {interval: 5, timeout: 4},
	create(config, deps) {
		const source = config.id;
		const client = new NutClient({
			source,
			host: String(config.host),
			port: typeof config.port === 'number' ? config.port : 3493,
			username: optionalString(config, 'user'),
			password: optionalString(config, 'password'),
			tls: config.tls === 'required' || config.tls === 'off' ? config.tls : 'auto',
			fingerprint: optionalString(config, 'fingerprint'),
			isInsecure: config.insecure === true,
			timeoutMs: config.timeout * 1000,
		});
		const only = Array.isArray(config.ups) ? config.ups.map(String) : undefined;
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
	async demo(world) {
		const dev = readFileSync(join(world.fixturesDir, 'nut', 'desk.dev'), 'utf8');
		const password = 'labdeck-demo';
		// The battery runs 6× faster than the wall clock, so a power-outage drill reaches LB in minutes.
		const started = Date.now();
		const simulator = await startNutSimulator({
			ups: {desk: dev},
			now: () => started + (Date.now() - started) * 6,
			users: {labdeck: {password, instcmds: 'ALL'}},
			onCommand(_ups, _command, model) {
				world.events.emit('power', {device: 'dev-ws', isOn: model.outletState(1) ?? model.isLoadOn});
			},
		});
		const onScenario = (event: {name?: string}) => simulator.setMains(event.name !== 'power-outage');
		world.events.on('scenario', onScenario);
		if (world.scenario === 'power-outage') simulator.setMains(false);
		return {
			sources: [{id: 'nut-demo', type: 'nut', name: 'Desk UPS (NUT)', host: '127.0.0.1', port: simulator.port, user: 'labdeck', password, tls: 'auto', interval: 2, timeout: 2}],
			devices: [{id: 'dev-ws', ups: 'ups:nut-demo/desk'}],
			async stop() {
				world.events.off('scenario', onScenario);
				await simulator.stop();
			},
		};
	},
};

function optionalString(config: SourceConfig, field: string): string | undefined {
	const value = config[field];
	return typeof value === 'string' ? value : undefined;
}

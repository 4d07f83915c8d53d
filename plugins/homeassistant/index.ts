// The `homeassistant` plugin: automations, scripts and scenes of a Home Assistant instance (plus
// the sensors the config names, read-only) over its REST API with a long-lived access token, kept
// current through the WebSocket API, with service calls as confirm-gated actions.
import {ConfigError} from '../../src/errors.js';
import type {DemoContribution, PluginDefinition} from '../../src/plugin-api.js';
import {haActions} from './actions.js';
import {HaSource} from './source.js';

const entityPattern = '^(automation|script|scene|sensor|binary_sensor)\\.[A-Za-z0-9_]+$';

export const plugin: PluginDefinition = {
	type: 'homeassistant',
	description: 'Home Assistant: automations, scripts, scenes and named sensors over REST and the WebSocket API',
	schema: {
		type: 'object',
		properties: {
			host: {type: 'string', minLength: 1},
			port: {type: 'integer', minimum: 1, maximum: 65_535, default: 8123},
			tls: {type: 'boolean', default: false, description: 'https:// and wss:// instead of http:// and ws://'},
			token: {type: 'string', minLength: 1, description: 'Long-lived access token (profile page in HA)'},
			fingerprint: {type: 'string'},
			insecure: {type: 'boolean'},
			live: {type: 'boolean', default: true, description: 'Live updates over the WebSocket API (false: poll /api/states only)'},
			sensors: {type: 'array', items: {type: 'string', pattern: '^(sensor|binary_sensor)\\.[A-Za-z0-9_]+$'}, description: 'Sensor and binary_sensor entity ids to show, read-only'},
			watch: {
				type: 'array',
				description: 'Automations expected to trigger at least once per period',
				items: {type: 'object', properties: {entity: {type: 'string', pattern: entityPattern}, withinSec: {type: 'integer', minimum: 60}}, required: ['entity', 'withinSec'], additionalProperties: false},
			},
			runsOn: {type: 'string', minLength: 1, description: 'Entity or device id of the machine or guest Home Assistant runs on (guest:pve/105)'},
		},
		required: ['host', 'token'],
	},
	secretFields: ['token'],
	defaults: {interval: 10, timeout: 5},
	create(config, deps) {
		const token = config['token'];
		if (typeof token !== 'string' || token === '') throw new ConfigError({source: config.id, operation: 'config'}, 'token is required (token, tokenEnv or tokenCommand)');
		const isInsecure = config['insecure'] === true;
		if (isInsecure) deps.warn(`${config.id}: insecure: TLS certificate not verified`);
		const watch = (config['watch'] as {entity: string; withinSec: number}[] | undefined) ?? [];
		const source = new HaSource({
			connection: {
				source: config.id,
				host: String(config['host']),
				port: typeof config['port'] === 'number' ? config['port'] : 8123,
				isTls: config['tls'] === true,
				token,
				fingerprint: typeof config['fingerprint'] === 'string' ? config['fingerprint'] : undefined,
				isInsecure,
				timeoutMs: config.timeout * 1000,
			},
			hub: config.name,
			isLive: config['live'] !== false,
			parse: {
				source: config.id,
				sensors: new Set((config['sensors'] as string[] | undefined) ?? []),
				watch: new Map(watch.map(item => [item.entity, item.withinSec])),
				runsOn: typeof config['runsOn'] === 'string' ? config['runsOn'] : null,
			},
		}, deps);
		return {
			poll: async signal => source.poll(signal),
			actions: haActions(config.id, () => source.client),
			close: async () => source.close(),
		};
	},
	// The demo lab: Home Assistant as guest 102 of the demo cluster's pve1; pve1 losing power takes
	// the hub down (its automations go stale). The simulator is loaded only here, on demand.
	async demo(world): Promise<DemoContribution> {
		const {startHomeAssistantDemo} = await import('./sim/index.js');
		const demo = await startHomeAssistantDemo({fixturesDir: world.fixturesDir, runsOn: 'guest:pve-demo/102'});
		const onPower = (event: {device: string; isOn: boolean}) => {
			if (event.device === 'pve1') demo.simulator.setDown(!event.isOn);
		};
		world.events.on('power', onPower);
		return {sources: demo.sources, stop: async () => {
			world.events.off('power', onPower);
			await demo.stop();
		}};
	},
};

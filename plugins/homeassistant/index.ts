// The `homeassistant` plugin: automations, scripts and scenes of a Home Assistant instance (plus
// the sensors the config names, read-only) over its REST API with a long-lived access token, kept
// current through the WebSocket API, with service calls as confirm-gated actions.
import {Type} from '@sinclair/typebox';
import {definePlugin, type PluginConfig} from '../../src/plugin-api.js';
import {Port, tlsPinFields} from '../../src/schema-types.js';
import {haActions} from './actions.js';
import {HaSource} from './source.js';

const entityPattern = '^(automation|script|scene|sensor|binary_sensor)\\.[A-Za-z0-9_]+$';

const schema = Type.Object({
	host: Type.String({minLength: 1, description: 'Host name or address of Home Assistant'}),
	port: Type.Optional(Port('HTTP(S) port; 8123 when absent')),
	tls: Type.Optional(Type.Boolean({description: 'https:// and wss:// instead of http:// and ws://'})),
	token: Type.Optional(Type.String({minLength: 1, description: 'Long-lived access token (profile page in HA; prefer tokenEnv or tokenCommand)'})),
	...tlsPinFields('certificate'),
	live: Type.Optional(Type.Boolean({description: 'Live updates over the WebSocket API (false: poll /api/states only); true when absent'})),
	sensors: Type.Optional(Type.Array(Type.String({pattern: '^(sensor|binary_sensor)\\.[A-Za-z0-9_]+$'}), {description: 'Sensor and binary_sensor entity ids to show, read-only'})),
	watch: Type.Optional(Type.Array(
		Type.Object({entity: Type.String({pattern: entityPattern}), withinSec: Type.Integer({minimum: 60})}, {additionalProperties: false}),
		{description: 'Automations expected to trigger at least once per period'},
	)),
	runsOn: Type.Optional(Type.String({minLength: 1, description: 'Entity or device id of the machine or guest Home Assistant runs on (guest:pve/105)'})),
});

export type HomeAssistantConfig = PluginConfig<typeof schema>;

export const plugin = definePlugin({
	type: 'homeassistant',
	description: 'Home Assistant: automations, scripts, scenes and named sensors over REST and the WebSocket API',
	schema,
	secretFields: ['token'],
	defaults: {interval: 10, timeout: 5},
	check(config) {
		return config.token === undefined ? '"token" is required (or tokenEnv / tokenCommand)' : undefined;
	},
	create(config, deps) {
		const isInsecure = config.insecure === true;
		if (isInsecure) deps.warn(`${config.id}: TLS verification is disabled (insecure: true)`);
		const source = new HaSource({
			connection: {
				source: config.id,
				host: config.host,
				port: config.port ?? 8123,
				isTls: config.tls === true,
				token: config.token ?? '',
				fingerprint: config.fingerprint,
				isInsecure,
				timeoutMs: config.timeout * 1000,
			},
			hub: config.name,
			// A one-shot answers from /api/states: the WebSocket's updates would come after it has printed.
			isLive: config.live !== false && deps.isOneShot !== true,
			parse: {
				source: config.id,
				sensors: new Set(config.sensors ?? []),
				watch: new Map((config.watch ?? []).map(item => [item.entity, item.withinSec])),
				runsOn: config.runsOn ?? null,
			},
		}, deps);
		return {
			poll: async signal => source.poll(signal),
			actions: haActions(config.id, () => source.client),
			close: async () => source.close(),
		};
	},
});

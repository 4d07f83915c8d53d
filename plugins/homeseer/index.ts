// The `homeseer` plugin: a HomeSeer HS4 hub over its JSON API. Events appear as automations that
// can be run; the devices the config lists appear read-only, and those in `control` can be set
// to the values the config allows.
import {Type} from '@sinclair/typebox';
import {definePlugin, type PluginConfig} from '../../src/plugin-api.js';
import {Port, tlsPinFields} from '../../src/schema-types.js';
import {hsActions} from './actions.js';
import {HsClient} from './client.js';
import {deviceEntity, eventEntity, parseEvents, parseStatus, type HsOptions} from './parse.js';

const schema = Type.Object({
	host: Type.String({minLength: 1, description: 'Host name or address of the HS4 hub'}),
	port: Type.Optional(Port('80, or 443 with tls, when absent')),
	tls: Type.Optional(Type.Boolean({description: 'HTTPS instead of HTTP'})),
	user: Type.Optional(Type.String({minLength: 1, description: 'HS4 user (with password); none for a hub without login'})),
	password: Type.Optional(Type.String({description: 'HS4 password (prefer passwordEnv or passwordCommand)'})),
	...tlsPinFields('certificate'),
	devices: Type.Optional(Type.Array(Type.Integer({minimum: 1}), {description: 'Device refs to show, read-only'})),
	control: Type.Optional(Type.Array(
		Type.Object({ref: Type.Integer({minimum: 1}), values: Type.Array(Type.Number(), {minItems: 1})}, {additionalProperties: false}),
		{description: 'Devices that may be set, and the values allowed'},
	)),
	runsOn: Type.Optional(Type.String({minLength: 1, description: 'Entity or device id of the machine HS4 runs on'})),
});

export type HomeSeerConfig = PluginConfig<typeof schema>;

export const plugin = definePlugin({
	type: 'homeseer',
	description: 'HomeSeer HS4: events (run them) and listed devices over the JSON API',
	schema,
	secretFields: ['password'],
	defaults: {interval: 15, timeout: 5},
	check(config) {
		if (config.user !== undefined && config.password === undefined) return '"user" needs a "password" (or passwordEnv / passwordCommand)';
		if (config.user === undefined && config.password !== undefined) return '"password" needs a "user"';
		return undefined;
	},
	create(config, deps) {
		const isTls = config.tls === true;
		const isInsecure = config.insecure === true;
		if (isInsecure) deps.warn(`${config.id}: TLS verification is disabled (insecure: true)`);
		const client = new HsClient({
			source: config.id,
			host: config.host,
			port: config.port ?? (isTls ? 443 : 80),
			isTls,
			user: config.user,
			password: config.password,
			fingerprint: config.fingerprint,
			isInsecure,
			timeoutMs: config.timeout * 1000,
		});
		const controls = config.control ?? [];
		const shown = new Set([...(config.devices ?? []), ...controls.map(control => control.ref)]);
		const options: HsOptions = {source: config.id, hub: config.name ?? config.id, runsOn: config.runsOn ?? null};
		const runs = new Map<string, string[]>();
		return {
			async poll(signal) {
				const events = parseEvents(await client.request('getevents', {}, signal), {source: config.id, operation: 'request=getevents'});
				const devices = shown.size === 0 ? [] : parseStatus(await client.request('getstatus', {}, signal), {source: config.id, operation: 'request=getstatus'}).filter(device => shown.has(device.ref));
				return {entities: [...events.map(event => eventEntity(event, options, runs.get(`event/${event.id}`))), ...devices.map(device => deviceEntity(device, options))]};
			},
			actions: hsActions(config.id, client, controls, localId => {
				runs.set(localId, [new Date().toISOString(), ...(runs.get(localId) ?? [])].slice(0, 5));
				deps.requestPoll();
			}),
			close: async () => client.close(),
		};
	},
});

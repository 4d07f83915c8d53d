// The `homeseer` plugin: a HomeSeer HS4 hub over its JSON API. Events appear as automations that
// can be run; the devices the config lists appear read-only, and those in `control` can be set
// to the values the config allows.
import type {DemoContribution, PluginDefinition} from '../../src/plugin-api.js';
import {hsActions, type HsControl} from './actions.js';
import {HsClient} from './client.js';
import {deviceEntity, eventEntity, parseEvents, parseStatus, type HsOptions} from './parse.js';

export const plugin: PluginDefinition = {
	type: 'homeseer',
	description: 'HomeSeer HS4: events (run them) and listed devices over the JSON API',
	schema: {
		type: 'object',
		properties: {
			host: {type: 'string', minLength: 1},
			port: {type: 'integer', minimum: 1, maximum: 65_535, description: '80, or 443 with tls'},
			tls: {type: 'boolean', default: false, description: 'HTTPS instead of HTTP'},
			user: {type: 'string'},
			password: {type: 'string'},
			fingerprint: {type: 'string'},
			insecure: {type: 'boolean'},
			devices: {type: 'array', items: {type: 'integer', minimum: 1}, description: 'Device refs to show, read-only'},
			control: {
				type: 'array',
				description: 'Devices that may be set, and the values allowed',
				items: {type: 'object', properties: {ref: {type: 'integer', minimum: 1}, values: {type: 'array', minItems: 1, items: {type: 'number'}}}, required: ['ref', 'values'], additionalProperties: false},
			},
			runsOn: {type: 'string', minLength: 1, description: 'Entity or device id of the machine HS4 runs on'},
		},
		required: ['host'],
	},
	secretFields: ['password'],
	defaults: {interval: 15, timeout: 5},
	create(config, deps) {
		const isTls = config['tls'] === true;
		if (config['insecure'] === true) deps.warn(`${config.id}: insecure: TLS certificate not verified`);
		const client = new HsClient({
			source: config.id,
			host: String(config['host']),
			port: typeof config['port'] === 'number' ? config['port'] : isTls ? 443 : 80,
			isTls,
			user: typeof config['user'] === 'string' ? config['user'] : undefined,
			password: typeof config['password'] === 'string' ? config['password'] : undefined,
			fingerprint: typeof config['fingerprint'] === 'string' ? config['fingerprint'] : undefined,
			isInsecure: config['insecure'] === true,
			timeoutMs: config.timeout * 1000,
		});
		const controls = (config['control'] as HsControl[] | undefined) ?? [];
		const shown = new Set([...((config['devices'] as number[] | undefined) ?? []), ...controls.map(control => control.ref)]);
		const options: HsOptions = {source: config.id, hub: config.name ?? config.id, runsOn: typeof config['runsOn'] === 'string' ? config['runsOn'] : null};
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
	async demo(world): Promise<DemoContribution> {
		const {startHomeSeerDemo} = await import('./sim/index.js');
		const demo = await startHomeSeerDemo({fixturesDir: world.fixturesDir});
		return {sources: demo.sources, stop: async () => demo.stop()};
	},
};

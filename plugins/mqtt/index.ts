// The `mqtt` plugin: the latest value per topic of the filters the config lists, with availability
// and discovery names, and `mqtt.publish` presets. MQTT pushes while the plugin contract polls:
// messages update a table in memory (and ask the poller for an early poll, at most every 250 ms),
// and `poll()` returns that table, or throws the connection's error (refused, lost with its age),
// so the poller's health model (ok, down, stale with age, backoff) holds for a push source too.
import {ConfigError} from '../../src/errors.js';
import type {DemoContribution, PluginDefinition} from '../../src/plugin-api.js';
import {isWildcard, mqttActions, type PublishPreset} from './actions.js';
import {MqttConnection} from './connection.js';
import {TopicTable, type TopicOptions} from './topics.js';

export const plugin: PluginDefinition = {
	type: 'mqtt',
	description: 'MQTT broker: latest value per topic, availability, discovery names, publish presets',
	schema: {
		type: 'object',
		properties: {
			url: {type: 'string', pattern: '^(mqtts?|wss?)://', description: 'mqtt://host:1883, mqtts://host:8883 or ws://host:8080/mqtt'},
			user: {type: 'string'},
			password: {type: 'string'},
			certFile: {type: 'string', description: 'Client certificate (PEM)'},
			keyFile: {type: 'string', description: 'Client key (PEM)'},
			caFile: {type: 'string', description: 'CA certificate to trust (PEM)'},
			fingerprint: {type: 'string'},
			insecure: {type: 'boolean'},
			topics: {type: 'array', minItems: 1, items: {type: 'string', minLength: 1}, description: 'Topic filters to subscribe to (+ and # allowed)'},
			qos: {enum: [0, 1], default: 0},
			mqttVersion: {enum: ['5', '3.1.1'], default: '5', description: '5 reports ACL refusals; 3.1.1 for brokers without MQTT 5'},
			maxTopics: {type: 'integer', minimum: 1, default: 5000, description: 'Topics kept at most'},
			publish: {
				type: 'array',
				description: 'Payload presets mqtt.publish may send',
				items: {type: 'object', properties: {name: {type: 'string', minLength: 1}, topic: {type: 'string', minLength: 1}, payload: {type: 'string'}, retain: {type: 'boolean'}, stateTopic: {type: 'string', minLength: 1}}, required: ['name', 'topic', 'payload', 'retain'], additionalProperties: false},
			},
			runsOn: {type: 'string', minLength: 1, description: 'Entity or device id of the machine the broker runs on'},
		},
		required: ['url', 'topics'],
	},
	secretFields: ['password'],
	defaults: {interval: 5, timeout: 5},
	create(config, deps) {
		const presets = (config['publish'] as PublishPreset[] | undefined) ?? [];
		const wild = presets.find(preset => isWildcard(preset.topic));
		if (wild) throw new ConfigError({source: config.id, operation: 'config'}, `publish preset "${wild.name}": topic ${wild.topic} has a wildcard; publish needs one exact topic`);
		if (config['insecure'] === true) deps.warn(`${config.id}: insecure: TLS certificate not verified`);
		const str = (key: string) => (typeof config[key] === 'string' ? (config[key] as string) : undefined);
		const options: TopicOptions = {source: config.id, hub: config.name ?? config.id, runsOn: str('runsOn') ?? null, maxTopics: typeof config['maxTopics'] === 'number' ? config['maxTopics'] : 5000};
		const table = new TopicTable();
		for (const preset of presets) table.declare(preset.stateTopic ?? preset.topic);
		let pollTimer: NodeJS.Timeout | undefined;
		const connection = new MqttConnection({
			source: config.id, url: String(config['url']), user: str('user'), password: str('password'), certFile: str('certFile'), keyFile: str('keyFile'), caFile: str('caFile'),
			fingerprint: str('fingerprint'), isInsecure: config['insecure'] === true, filters: config['topics'] as string[], qos: config['qos'] === 1 ? 1 : 0, protocolVersion: config['mqttVersion'] === '3.1.1' ? 4 : 5, timeoutMs: config.timeout * 1000,
		}, (topic, payload, isRetained) => {
			table.message(topic, payload, Date.now(), isRetained, options.maxTopics);
			pollTimer ??= setTimeout(() => {
				pollTimer = undefined;
				deps.requestPoll();
			}, 250).unref();
		});
		return {
			async poll(signal) {
				await connection.ready(signal);
				const notes = [
					...connection.state.refusedFilters.map(filter => `subscription ${filter} refused by the broker (ACL)`),
					...(table.dropped > 0 ? [`${table.dropped} messages on new topics dropped: more than maxTopics (${options.maxTopics}) topics`] : []),
				];
				return notes.length > 0 ? {entities: table.entities(options), partial: `${config.id}: ${notes.join('; ')}`} : {entities: table.entities(options)};
			},
			actions: mqttActions(config.id, connection, presets),
			async close() {
				clearTimeout(pollTimer);
				await connection.close();
			},
		};
	},
	async demo(world): Promise<DemoContribution> {
		const {startMqttDemo} = await import('./sim/index.js');
		const demo = await startMqttDemo({fixturesDir: world.fixturesDir});
		return {sources: demo.sources, stop: async () => demo.stop()};
	},
};

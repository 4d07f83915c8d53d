// The `mqtt` plugin: the latest value per topic of the filters the config lists, with availability
// and discovery names, and `mqtt.publish` presets. MQTT pushes while the plugin contract polls:
// messages update a table in memory (and ask the poller for an early poll, at most once a second: frames are drawn at 1 Hz),
// and `poll()` returns that table, or throws the connection's error (refused, lost with its age),
// so the poller's health model (ok, down, stale with age, backoff) holds for a push source too.
import {Type} from '@sinclair/typebox';
import {definePlugin, type PluginConfig} from '../../src/plugin-api.js';
import {StringEnum, tlsPinFields} from '../../src/schema-types.js';
import {isWildcard, mqttActions} from './actions.js';
import {MqttConnection} from './connection.js';
import {TopicTable, type TopicOptions} from './topics.js';

const schema = Type.Object({
	url: Type.String({pattern: '^(mqtts?|wss?)://', description: 'mqtt://host:1883, mqtts://host:8883 or ws://host:8080/mqtt'}),
	user: Type.Optional(Type.String({minLength: 1, description: 'Broker user'})),
	password: Type.Optional(Type.String({description: 'Broker password (prefer passwordEnv or passwordCommand)'})),
	certFile: Type.Optional(Type.String({minLength: 1, description: 'Client certificate (PEM)'})),
	keyFile: Type.Optional(Type.String({minLength: 1, description: 'Client key (PEM)'})),
	caFile: Type.Optional(Type.String({minLength: 1, description: 'CA certificate to trust (PEM)'})),
	...tlsPinFields('broker certificate'),
	topics: Type.Array(Type.String({minLength: 1}), {minItems: 1, description: 'Topic filters to subscribe to (+ and # allowed)'}),
	qos: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)], {description: 'Subscription QoS; 0 when absent'})),
	mqttVersion: Type.Optional(StringEnum(['5', '3.1.1'], {description: '5 (when absent) reports ACL refusals; 3.1.1 for brokers without MQTT 5'})),
	maxTopics: Type.Optional(Type.Integer({minimum: 1, description: 'Topics kept at most; 5000 when absent'})),
	publish: Type.Optional(Type.Array(
		Type.Object({
			name: Type.String({minLength: 1}),
			topic: Type.String({minLength: 1}),
			payload: Type.String(),
			retain: Type.Boolean(),
			stateTopic: Type.Optional(Type.String({minLength: 1})),
		}, {additionalProperties: false}),
		{description: 'Payload presets mqtt.publish may send'},
	)),
	runsOn: Type.Optional(Type.String({minLength: 1, description: 'Entity or device id of the machine the broker runs on'})),
});

export type MqttConfig = PluginConfig<typeof schema>;

export const plugin = definePlugin({
	type: 'mqtt',
	description: 'MQTT broker: latest value per topic, availability, discovery names, publish presets',
	schema,
	secretFields: ['password'],
	defaults: {interval: 5, timeout: 5},
	check(config) {
		const wild = (config.publish ?? []).find(preset => isWildcard(preset.topic));
		if (wild) return `publish preset "${wild.name}": topic ${wild.topic} has a wildcard; publish needs one exact topic`;
		if ((config.certFile === undefined) !== (config.keyFile === undefined)) return '"certFile" and "keyFile" go together';
		return undefined;
	},
	create(config, deps) {
		const presets = config.publish ?? [];
		if (config.insecure === true) deps.warn(`${config.id}: TLS verification is disabled (insecure: true)`);
		const options: TopicOptions = {source: config.id, hub: config.name ?? config.id, runsOn: config.runsOn ?? null, maxTopics: config.maxTopics ?? 5000};
		const table = new TopicTable();
		for (const preset of presets) table.declare(preset.stateTopic ?? preset.topic);
		let pollTimer: NodeJS.Timeout | undefined;
		const connection = new MqttConnection({
			source: config.id, url: config.url, user: config.user, password: config.password, certFile: config.certFile, keyFile: config.keyFile, caFile: config.caFile,
			fingerprint: config.fingerprint, isInsecure: config.insecure === true, filters: config.topics, qos: config.qos ?? 0, protocolVersion: config.mqttVersion === '3.1.1' ? 4 : 5, timeoutMs: config.timeout * 1000,
		}, (topic, payload, isRetained) => {
			table.message(topic, payload, Date.now(), isRetained, options.maxTopics);
			pollTimer ??= setTimeout(() => {
				pollTimer = undefined;
				deps.requestPoll();
			}, 1000).unref();
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
});

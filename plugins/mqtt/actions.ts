// `mqtt.publish`: publishes one of the payload presets the config allows for the target topic.
// High risk (a relay or a siren may act on it); the retain flag is the preset's, explicit; the
// config refuses wildcard topics, and so does the action.
import type {Entity} from '../../src/entities.js';
import {ActionRefusedError} from '../../src/errors.js';
import type {ActionDef} from '../../src/plugin-api.js';
import type {MqttConnection} from './connection.js';

export type PublishPreset = {
	readonly name: string;
	readonly topic: string;
	readonly payload: string;
	readonly retain: boolean;
	/** The row the preset is offered on (a device's state topic), when not `topic` itself. */
	readonly stateTopic?: string;
};

export const isWildcard = (topic: string): boolean => /[+#]/.test(topic);

export function mqttActions(source: string, connection: MqttConnection, presets: readonly PublishPreset[]): ActionDef[] {
	const presetsFor = (entity: Entity) => (entity.kind === 'automation' && entity.source === source ? presets.filter(preset => (preset.stateTopic ?? preset.topic) === entity.localId) : []);
	const chosen = (targets: readonly Entity[], name: string | undefined) => targets.map(target => ({target, preset: presetsFor(target).find(preset => preset.name === name)}));
	return [{
		id: 'mqtt.publish',
		kind: 'automation',
		label: 'Publish a preset payload',
		risk: 'high',
		timeoutMs: 15_000,
		params: [{name: 'preset', label: 'Preset', isRequired: true, choices: targets => [...new Set(targets.flatMap(target => presetsFor(target).map(preset => preset.name)))]}],
		appliesTo: entity => presetsFor(entity).length > 0,
		describe: (targets, params) => chosen(targets, params['preset']).map(({target, preset}) => (preset ? `publish ${JSON.stringify(preset.payload)} to ${preset.topic} (retain ${preset.retain ? 'on' : 'off'}) on ${source}` : `no preset "${params['preset'] ?? ''}" for ${target.localId}`)),
		validate(targets, params) {
			const missing = chosen(targets, params['preset']).filter(({preset}) => !preset);
			return missing.length > 0 ? `no preset "${params['preset'] ?? ''}" configured for ${missing.map(({target}) => target.localId).join(', ')}` : undefined;
		},
		async run(targets, context) {
			const done: string[] = [];
			for (const {target, preset} of chosen(targets, context.params['preset'])) {
				if (!preset || isWildcard(preset.topic)) throw new ActionRefusedError({source, operation: 'mqtt.publish'}, 'invalid', `no publishable preset for ${target.localId}`);
				await connection.publish(preset.topic, preset.payload, preset.retain, context.signal);
				done.push(`${preset.topic} ← ${JSON.stringify(preset.payload)}`);
			}
			return {ok: true, message: `published ${done.join(', ')}`};
		},
	}];
}

// HS4 actions: `event.run` (runevent&group=…&name=…, high: it does real things) and `device.set`
// (controldevicebyvalue&ref=…&value=…, high) for the devices and values the config allows.
import type {Entity} from '../../src/entities.js';
import {ActionRefusedError, DeviceReplyError} from '../../src/errors.js';
import type {ActionDef} from '../../src/plugin-api.js';
import type {HsClient} from './client.js';

export type HsControl = {readonly ref: number; readonly values: readonly number[]};

const attr = (entity: Entity, key: string): string => (entity.kind === 'automation' ? entity.attributes[key] ?? '' : '');
const isEvent = (source: string) => (entity: Entity) => entity.kind === 'automation' && entity.source === source && entity.localId.startsWith('event/');

function checkResponse(reply: unknown, context: {source: string; operation: string}): void {
	const response = typeof reply === 'object' && reply !== null ? (reply as {Response?: unknown}).Response : undefined;
	if (typeof response === 'string' && /^error/i.test(response)) throw new ActionRefusedError(context, 'device', `HS4 answered "${response.slice(0, 120)}"`);
}

export function hsActions(source: string, client: HsClient, controls: readonly HsControl[], onRun: (localId: string) => void): ActionDef[] {
	const controlOf = (entity: Entity) => (entity.kind === 'automation' && entity.source === source ? controls.find(control => `device/${control.ref}` === entity.localId) : undefined);
	return [
		{
			id: 'event.run',
			kind: 'automation',
			label: 'Run HS4 event',
			risk: 'high',
			timeoutMs: 30_000,
			appliesTo: isEvent(source),
			describe: targets => targets.map(target => `run HS4 event "${attr(target, 'group')}: ${attr(target, 'name')}" on ${source}`),
			async run(targets, context) {
				for (const target of targets) {
					const operation = `event.run ${target.name}`;
					if (!isEvent(source)(target)) throw new ActionRefusedError({source, operation}, 'invalid', `${target.id} is not an HS4 event of ${source}`);
					checkResponse(await client.request('runevent', {group: attr(target, 'group'), name: attr(target, 'name')}, context.signal), {source, operation});
					onRun(target.localId);
				}
				return {ok: true, message: `ran ${targets.map(target => target.name).join(', ')}`};
			},
		},
		{
			id: 'device.set',
			kind: 'automation',
			label: 'Set HS4 device value',
			risk: 'high',
			timeoutMs: 30_000,
			params: [{name: 'value', label: 'Value', isRequired: true, choices: targets => [...new Set(targets.flatMap(target => controlOf(target)?.values ?? []))].map(String)}],
			appliesTo: entity => controlOf(entity) !== undefined,
			describe: (targets, params) => targets.map(target => `set HS4 device ${target.name} (ref ${target.localId.slice('device/'.length)}) to ${params['value'] ?? '?'} on ${source}`),
			validate(targets, params) {
				const value = Number(params['value']);
				const refused = targets.filter(target => !controlOf(target)?.values.includes(value));
				return refused.length > 0 ? `value ${params['value'] ?? '(none)'} is not allowed by the config for ${refused.map(target => target.name).join(', ')}` : undefined;
			},
			async run(targets, context) {
				const value = context.params['value'] ?? '';
				for (const target of targets) {
					const control = controlOf(target);
					const operation = `device.set ${target.name}`;
					if (!control || !control.values.includes(Number(value))) throw new ActionRefusedError({source, operation}, 'invalid', `value ${value} not allowed for ${target.name}`);
					const reply = await client.request('controldevicebyvalue', {ref: String(control.ref), value}, context.signal);
					checkResponse(reply, {source, operation});
					if (typeof reply !== 'object' || reply === null) throw new DeviceReplyError({source, operation}, 'no JSON object in reply');
				}
				return {ok: true, message: `set ${targets.map(target => target.name).join(', ')} to ${value}`};
			},
		},
	];
}

// Home Assistant actions, each one `POST /api/services/<domain>/<service>` per target:
// automation.trigger (high: it does real things), automation.turn-off (high), automation.turn-on
// (low), script.run (script.turn_on, high), script.stop (script.turn_off, low), scene.activate
// (scene.turn_on, high). The gate
// names the HA entity and service that will run.
import type {Entity} from '../../src/entities.js';
import {ActionRefusedError} from '../../src/errors.js';
import type {ActionDef, Risk} from '../../src/plugin-api.js';
import type {HaClient} from './client.js';

type Spec = {
	readonly id: string;
	readonly label: string;
	readonly domain: 'automation' | 'script' | 'scene';
	readonly service: string;
	readonly risk: Risk;
	readonly effect: string;
};

const specs: readonly Spec[] = [
	{id: 'automation.trigger', label: 'Trigger now (runs its actions)', domain: 'automation', service: 'trigger', risk: 'high', effect: 'run the actions of'},
	{id: 'automation.turn-off', label: 'Disable automation', domain: 'automation', service: 'turn_off', risk: 'high', effect: 'disable (it will not fire until turned on)'},
	{id: 'automation.turn-on', label: 'Enable automation', domain: 'automation', service: 'turn_on', risk: 'low', effect: 'enable'},
	{id: 'script.run', label: 'Run script', domain: 'script', service: 'turn_on', risk: 'high', effect: 'run the script'},
	{id: 'script.stop', label: 'Stop script', domain: 'script', service: 'turn_off', risk: 'low', effect: 'stop the running script'},
	{id: 'scene.activate', label: 'Activate scene', domain: 'scene', service: 'turn_on', risk: 'high', effect: 'activate the scene'},
];

const domainOf = (entity: Entity): string => entity.localId.split('.')[0] ?? '';

export function haActions(source: string, client: () => HaClient): ActionDef[] {
	return specs.map(spec => {
		const applies = (entity: Entity): boolean => entity.kind === 'automation' && entity.source === source && domainOf(entity) === spec.domain;
		const action: ActionDef = {
			id: spec.id,
			kind: 'automation',
			label: spec.label,
			risk: spec.risk,
			timeoutMs: 30_000,
			appliesTo: applies,
			describe: targets => targets.map(target => `${spec.effect} ${target.name} (${target.localId}) on ${source}: POST /api/services/${spec.domain}/${spec.service}`),
			validate(targets) {
				const wrong = targets.filter(target => !applies(target));
				return wrong.length > 0 ? `${spec.id} applies to ${spec.domain}.* entities of ${source}, not ${wrong.map(target => target.id).join(', ')}` : undefined;
			},
			async run(targets, context) {
				const done: string[] = [];
				for (const target of targets) {
					if (!applies(target)) throw new ActionRefusedError({source, operation: spec.id}, 'invalid', `${target.id} is not a ${spec.domain} of ${source}`);
					await client().callService(spec.domain, spec.service, target.localId, context.signal);
					done.push(target.localId);
					context.progress(`${spec.domain}.${spec.service} ${target.localId} done`);
				}
				return {ok: true, message: `${spec.domain}.${spec.service}: ${done.join(', ')}`, details: {service: `${spec.domain}.${spec.service}`, entities: done}};
			},
		};
		return action;
	});
}

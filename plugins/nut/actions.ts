// Instant commands as actions. A command is offered only when upsd lists it for that UPS
// (`LIST CMD`, cached per UPS entity id by the instance: the entity model has no field for it).
// INSTCMD needs USERNAME/PASSWORD on the session (no LOGIN); upsd checks the password only now.
import type {Entity} from '../../src/entities.js';
import {ActionRefusedError} from '../../src/errors.js';
import type {ActionDef, ActionOutcome, ActionRunContext, ActionView, Risk} from '../../src/plugin-api.js';
import type {NutClient} from './client.js';

export type CommandCache = ReadonlyMap<string, readonly string[]>;

export type NutActionContext = {
	readonly source: string;
	readonly client: NutClient;
	/** Entity id (ups or outlet's UPS) → instant commands upsd lists for it. */
	readonly commands: CommandCache;
	readonly hasCredentials: boolean;
	readonly requestPoll: () => void;
};

type Spec = {
	readonly id: string;
	readonly label: string;
	readonly risk: Risk;
	/** Candidates, first listed wins; `mode` parameter picks among them for ups.shutdown. */
	readonly commands: readonly string[];
	readonly effect: string;
};

const upsSpecs: readonly Spec[] = [
	{id: 'ups.test-battery', label: 'Start battery self-test', risk: 'low', commands: ['test.battery.start', 'test.battery.start.quick'], effect: 'starts a battery self-test (the UPS may briefly run on battery)'},
	{id: 'ups.beeper-mute', label: 'Mute beeper', risk: 'low', commands: ['beeper.mute', 'beeper.disable', 'beeper.off'], effect: 'silences the alarm beeper'},
	{id: 'ups.load-off', label: 'Cut UPS load', risk: 'destructive', commands: ['load.off'], effect: 'cuts power to every outlet of the UPS at once, without shutting anything down'},
];

const shutdownModes: Readonly<Record<string, string>> = {return: 'shutdown.return', stayoff: 'shutdown.stayoff'};

export function createNutActions(context: NutActionContext): ActionDef[] {
	const listed = (entityId: string) => context.commands.get(entityId) ?? [];
	const pick = (entity: Entity, candidates: readonly string[]) => candidates.find(command => listed(entity.id).includes(command));
	const refuseWithoutCredentials = () => (context.hasCredentials ? undefined : 'instant commands need "user" and "password" (an upsd.users entry with instcmds)');

	const defs: ActionDef[] = upsSpecs.map(spec => ({
		id: spec.id,
		kind: 'ups',
		label: spec.label,
		risk: spec.risk,
		timeoutMs: 20_000,
		appliesTo: entity => entity.source === context.source && pick(entity, spec.commands) !== undefined,
		validate: refuseWithoutCredentials,
		describe: (targets, _params, view) => targets.flatMap(target => describeCommand(target, pick(target, spec.commands), spec.effect, view)),
		run: async (targets, run) => runCommands(context, spec.id, targets.map(target => [target, pick(target, spec.commands)] as const), run),
	}));

	defs.push({
		id: 'ups.shutdown',
		kind: 'ups',
		label: 'Shut down UPS',
		risk: 'destructive',
		timeoutMs: 20_000,
		params: [{name: 'mode', label: 'return when mains is back, or stay off', choices: () => Object.keys(shutdownModes), isRequired: false}],
		appliesTo: entity => entity.source === context.source && Object.values(shutdownModes).some(command => listed(entity.id).includes(command)),
		validate(targets, params) {
			const mode = params.mode ?? 'return';
			if (!shutdownModes[mode]) return `mode must be "return" or "stayoff"`;
			const missing = targets.find(target => !listed(target.id).includes(shutdownModes[mode]!));
			if (missing) return `${missing.name} does not offer ${shutdownModes[mode]}`;
			return refuseWithoutCredentials();
		},
		describe: (targets, params, view) => {
			const mode = params.mode ?? 'return';
			const effect = mode === 'stayoff' ? 'shuts the UPS down and keeps it off until switched on by hand' : 'shuts the UPS down; it powers back on when mains returns';
			return targets.flatMap(target => describeCommand(target, shutdownModes[mode], effect, view));
		},
		run: async (targets, run) => runCommands(context, 'ups.shutdown', targets.map(target => [target, shutdownModes[run.params.mode ?? 'return']] as const), run),
	});

	for (const state of ['on', 'off'] as const) {
		const command = (entity: Entity) => (entity.kind === 'outlet' ? `outlet.${entity.number}.load.${state}` : undefined);
		defs.push({
			id: `outlet.${state}`,
			kind: 'outlet',
			label: `Switch outlet ${state}`,
			risk: state === 'on' ? 'low' : (targets, view) => (targets.some(target => view.dependents(target.id).length > 0) ? 'destructive' : 'high'),
			timeoutMs: 20_000,
			appliesTo: entity => entity.source === context.source && entity.kind === 'outlet' && listed(entity.pdu).includes(command(entity)!),
			validate: refuseWithoutCredentials,
			describe: (targets, _params, view) => targets.flatMap(target => describeCommand(target, command(target), `switches ${target.name} ${state}`, view)),
			run: async (targets, run) => runCommands(context, `outlet.${state}`, targets.map(target => [target, command(target)] as const), run),
		});
	}
	return defs;
}

function describeCommand(target: Entity, command: string | undefined, effect: string, view: ActionView): string[] {
	const lines = [`${target.name}: INSTCMD ${command ?? '(not offered)'}: ${effect}`];
	const affected = view.dependents(target.id);
	if (affected.length > 0) lines.push(`  affects: ${affected.join(', ')}`);
	return lines;
}

async function runCommands(context: NutActionContext, actionId: string, steps: readonly (readonly [Entity, string | undefined])[], run: ActionRunContext): Promise<ActionOutcome> {
	const done: string[] = [];
	for (const [target, command] of steps) {
		const ups = target.kind === 'outlet' ? target.pdu.slice(target.pdu.indexOf('/') + 1) : target.localId;
		if (!command) throw new ActionRefusedError({source: context.source, operation: actionId}, 'unsupported', `${target.name}: the UPS does not offer this command`);
		run.progress(`${target.name}: ${command}`);
		await context.client.command(['INSTCMD', ups, command], {signal: run.signal});
		done.push(`${target.name}: ${command}`);
	}
	context.requestPoll();
	return {ok: true, message: `${context.source}: ${done.join('; ')} accepted by upsd`, details: {commands: done}};
}

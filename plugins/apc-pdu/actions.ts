// Outlet actions: on (low risk), off and reboot (destructive when the outlet powers anything in
// the topology, high otherwise). Each SETs the command with the write credentials, reads the state
// back and returns it in the outcome.
import type {ActionDef, ActionView, Risk} from '../../src/plugin-api.js';
import type {Entity, OutletEntity} from '../../src/entities.js';
import {ActionRefusedError} from '../../src/errors.js';
import type {SnmpOptions} from '../../protocols/snmp/config.js';
import {commandOutlets, readOutletStates, type OutletVerb} from './client.js';
import type {Generation} from './oids.js';

export type OutletActionDeps = {
	readonly options: SnmpOptions;
	/** The outlet table generation seen by the last poll (detected by a poll when unknown). */
	generation(signal: AbortSignal): Promise<Generation | undefined>;
	requestPoll(): void;
};

function outletsOf(targets: readonly Entity[], source: string, operation: string): OutletEntity[] {
	const outlets = targets.filter((target): target is OutletEntity => target.kind === 'outlet' && target.source === source);
	if (outlets.length !== targets.length || outlets.length === 0) {
		throw new ActionRefusedError({source, operation}, 'invalid', 'targets must be outlets of this PDU');
	}
	return outlets;
}

function dependentsRisk(targets: readonly Entity[], view: ActionView): Risk {
	return targets.some(target => view.dependents(target.id).length > 0) ? 'destructive' : 'high';
}

function describeTargets(targets: readonly Entity[], view: ActionView, verb: OutletVerb): string[] {
	return targets.map(target => {
		const dependents = view.dependents(target.id);
		const what = dependents.length > 0 ? `powers ${dependents.join(', ')}` : 'powers nothing in the topology';
		return `${verb === 'reboot' ? 'power-cycle' : `switch ${verb}`} ${target.name} (${target.id}): ${what}`;
	});
}

/** Polls until every outlet shows the wanted state (a real PDU may hold the command pending), bounded. */
async function readBack(deps: OutletActionDeps, generation: Generation, indexes: number[], wanted: 'on' | 'off' | undefined, signal: AbortSignal) {
	let states = await readOutletStates(deps.options, generation, indexes, signal);
	for (let attempt = 1; wanted && attempt <= 4 && [...states.values()].some(state => state !== wanted); attempt++) {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(resolve, 250 * attempt);
			signal.addEventListener('abort', () => {
				clearTimeout(timer);
				reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
			}, {once: true});
		});
		states = await readOutletStates(deps.options, generation, indexes, signal);
	}
	return states;
}

function outletAction(deps: OutletActionDeps, verb: OutletVerb): ActionDef {
	const id = `outlet.${verb}`;
	const wanted = verb === 'reboot' ? 'on' : verb;
	return {
		id,
		kind: 'outlet',
		label: verb === 'reboot' ? 'Power-cycle outlet' : `Switch outlet ${verb}`,
		risk: verb === 'on' ? 'low' : dependentsRisk,
		timeoutMs: 30_000,
		appliesTo: entity => entity.kind === 'outlet' && entity.source === deps.options.source
			&& (verb === 'on' ? entity.state !== 'on' : verb === 'off' ? entity.state !== 'off' : entity.state !== 'off'),
		describe: (targets, _params, view) => describeTargets(targets, view, verb),
		async run(targets, context) {
			const source = deps.options.source;
			const outlets = outletsOf(targets, source, id);
			const generation = await deps.generation(context.signal);
			if (!generation) throw new ActionRefusedError({source, operation: id}, 'unsupported', 'this PDU has no switched outlet table (metered only)');
			const indexes = outlets.map(outlet => Number(outlet.localId));
			context.progress(`${id}: sending to ${outlets.length} outlet(s)`);
			await commandOutlets(deps.options, generation, indexes, verb, context.signal);
			const states = await readBack(deps, generation, indexes, verb === 'reboot' ? undefined : wanted, context.signal);
			deps.requestPoll();
			const results = outlets.map(outlet => ({id: outlet.id, name: outlet.name, state: states.get(Number(outlet.localId)) ?? 'unknown'}));
			const isOk = verb === 'reboot' || results.every(result => result.state === wanted);
			const summary = results.map(result => `${result.name} ${result.state}`).join(', ');
			return {
				ok: isOk,
				message: isOk ? `${id}: ${summary}` : `${id}: sent, but read back ${summary}`,
				details: {outlets: results, generation},
			};
		},
	};
}

export function outletActions(deps: OutletActionDeps): ActionDef[] {
	return [outletAction(deps, 'on'), outletAction(deps, 'off'), outletAction(deps, 'reboot')];
}

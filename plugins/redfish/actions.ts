// BMC actions: power on (low), graceful shutdown and restart (high), force off, force restart and
// power cycle (destructive: the machine and everything on it goes down), each offered only when
// the system's `ResetType@Redfish.AllowableValues` lists it; after a reset that should change the
// power state, the state is read until it does or the action's budget ends. Indicator LED on/off
// (low) PATCHes `IndicatorLED` or, on newer services, `LocationIndicatorActive`.
import {setTimeout as sleep} from 'node:timers/promises';
import type {BmcEntity, Entity} from '../../src/entities.js';
import {ActionRefusedError} from '../../src/errors.js';
import type {ActionDef, ActionOutcome, ActionRunContext, Risk} from '../../src/plugin-api.js';
import type {RedfishClient} from './client.js';
import type {RedfishSource} from './source.js';

export type ActionDeps = {
	readonly source: string;
	readonly client: RedfishClient;
	readonly redfish: RedfishSource;
	requestPoll(): void;
	/** Pause between power-state reads after a reset, ms. */
	readonly pollMs?: number;
};

type ResetSpec = {
	readonly verb: string;
	readonly label: string;
	readonly risk: Risk;
	readonly resetType: string;
	/** The power state the reset leads to; undefined for restarts (on before and after). */
	readonly expect: 'on' | 'off' | undefined;
	readonly when: (bmc: BmcEntity) => boolean;
	readonly effect: string;
};

const isOff = (bmc: BmcEntity) => bmc.powerState !== 'on';
const isOn = (bmc: BmcEntity) => bmc.powerState !== 'off';

const resets: readonly ResetSpec[] = [
	{verb: 'power-on', label: 'Power on', risk: 'low', resetType: 'On', expect: 'on', when: isOff, effect: 'powers on'},
	{verb: 'shutdown', label: 'Shut down (graceful)', risk: 'high', resetType: 'GracefulShutdown', expect: 'off', when: isOn, effect: 'asks the OS to shut down'},
	{verb: 'restart', label: 'Restart (graceful)', risk: 'high', resetType: 'GracefulRestart', expect: undefined, when: isOn, effect: 'asks the OS to restart'},
	{verb: 'force-off', label: 'Force off', risk: 'destructive', resetType: 'ForceOff', expect: 'off', when: isOn, effect: 'cuts power to'},
	{verb: 'force-restart', label: 'Force restart', risk: 'destructive', resetType: 'ForceRestart', expect: undefined, when: isOn, effect: 'hard-resets'},
	{verb: 'power-cycle', label: 'Power cycle', risk: 'destructive', resetType: 'PowerCycle', expect: undefined, when: isOn, effect: 'turns power off and on again on'},
];

function bmcs(targets: readonly Entity[]): BmcEntity[] {
	return targets.filter((target): target is BmcEntity => target.kind === 'bmc');
}

function machine(bmc: BmcEntity): string {
	return [bmc.name, bmc.model, bmc.hostname ? `host ${bmc.hostname}` : null, bmc.serial ? `serial ${bmc.serial}` : null].filter(Boolean).join(', ');
}

export function bmcActions(deps: ActionDeps): ActionDef[] {
	const resetDefs = resets.map((spec): ActionDef => ({
		id: `bmc.${spec.verb}`,
		kind: 'bmc',
		label: spec.label,
		risk: spec.risk,
		timeoutMs: spec.expect === 'off' && spec.resetType === 'GracefulShutdown' ? 300_000 : 120_000,
		appliesTo: entity => entity.kind === 'bmc' && entity.source === deps.source && entity.resetTypes.includes(spec.resetType) && spec.when(entity),
		describe: targets => bmcs(targets).map(bmc => `${spec.effect} ${machine(bmc)} (Redfish ResetType ${spec.resetType})`),
		validate: targets => {
			const refused = bmcs(targets).find(bmc => !bmc.resetTypes.includes(spec.resetType));
			return refused ? `${refused.name} does not offer ResetType ${spec.resetType} (offered: ${refused.resetTypes.join(', ') || 'none'})` : undefined;
		},
		run: async (targets, context) => runReset(spec, deps, bmcs(targets), context),
	}));
	const ledDefs = (['on', 'off'] as const).map((state): ActionDef => ({
		id: `bmc.led-${state}`,
		kind: 'bmc',
		label: `Indicator LED ${state}`,
		risk: 'low',
		timeoutMs: 30_000,
		appliesTo: entity => entity.kind === 'bmc' && entity.source === deps.source && entity.indicatorLed !== 'unknown' && (entity.indicatorLed === 'off') === (state === 'on'),
		describe: targets => bmcs(targets).map(bmc => `turns the indicator LED of ${bmc.name} ${state}`),
		run: async (targets, context) => runLed(state, deps, bmcs(targets), context),
	}));
	return [...resetDefs, ...ledDefs];
}

async function runReset(spec: ResetSpec, deps: ActionDeps, targets: readonly BmcEntity[], context: ActionRunContext): Promise<ActionOutcome> {
	const results = await Promise.all(targets.map(async bmc => {
		const operation = `bmc.${spec.verb}`;
		const system = deps.redfish.system(bmc.localId) ?? (await deps.redfish.inventory(context.signal), deps.redfish.system(bmc.localId));
		if (!system?.resetTarget) throw new ActionRefusedError({source: deps.source, operation}, 'unsupported', `${bmc.name} offers no ComputerSystem.Reset action`);
		if (!system.resetTypes.includes(spec.resetType)) throw new ActionRefusedError({source: deps.source, operation}, 'unsupported', `${bmc.name} does not offer ResetType ${spec.resetType}`);
		const before = bmc.powerState;
		await deps.client.post(system.resetTarget, {ResetType: spec.resetType}, {signal: context.signal});
		context.progress(`${bmc.name}: ${spec.resetType} accepted`);
		if (!spec.expect || context.noWait) return {name: bmc.name, state: before, isChanged: undefined};
		// Wait for the power state to change, within the action's budget.
		for (;;) {
			const state = await deps.redfish.readPowerState(system, context.signal);
			if (state === spec.expect) return {name: bmc.name, state, isChanged: true};
			context.progress(`${bmc.name}: power ${state}, waiting for ${spec.expect}`);
			await sleep(deps.pollMs ?? 1000, undefined, {signal: context.signal});
		}
	}));
	deps.requestPoll();
	const lines = results.map(result => (result.isChanged ? `${result.name} is now ${result.state}` : `${result.name}: ${spec.resetType} sent`));
	return {ok: true, message: `${spec.label}: ${lines.join('; ')}`, details: {resetType: spec.resetType, targets: results.map(result => ({name: result.name, powerState: result.state}))}};
}

async function runLed(state: 'on' | 'off', deps: ActionDeps, targets: readonly BmcEntity[], context: ActionRunContext): Promise<ActionOutcome> {
	for (const bmc of targets) {
		const system = deps.redfish.system(bmc.localId);
		if (!system?.ledField) throw new ActionRefusedError({source: deps.source, operation: `bmc.led-${state}`}, 'unsupported', `${bmc.name} has no indicator LED`);
		const body = system.ledField === 'LocationIndicatorActive' ? {LocationIndicatorActive: state === 'on'} : {IndicatorLED: state === 'on' ? 'Lit' : 'Off'};
		await deps.client.patch(system.systemPath, body, {signal: context.signal});
	}
	deps.requestPoll();
	return {ok: true, message: `indicator LED ${state}: ${targets.map(bmc => bmc.name).join(', ')}`};
}

// `power.shed-load` (kind ups, destructive): shows the whole shed plan of a UPS with its blast
// radius, then runs it step by step through the target entities' own plugins' actions
// (`guest.shutdown`, `outlet.off`) via the action layer's `invoke`, re-reading the UPS after each
// step and stopping once its runtime reaches the target or mains is back.
import {delay} from '../abort.js';
import type {Entity, GpuEntity, GuestEntity, HostEntity, OutletEntity, UpsEntity} from '../entities.js';
import type {ActionDef, ActionRunContext, ActionView} from '../plugin-api.js';
import {defaultTargetRuntimeSec, planShedLoad, type PlanDevice, type ShedPlan} from './shed-load-plan.js';

export type ShedLoadOptions = {
	/** The topology's devices; defaults to `view.devices()` where the core provides it. */
	readonly devices?: () => readonly PlanDevice[];
	/** Wait at most this long after a step for a fresh UPS reading, ms (default 30 s). */
	readonly settleMs?: number;
	/** How often to look for that reading, ms (default 1 s). */
	readonly settlePollMs?: number;
	/** Injectable for tests: an abortable wait. */
	readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

export function createShedLoadAction(options: ShedLoadOptions = {}): ActionDef {
	const devicesOf = (view: ActionView): readonly PlanDevice[] => (options.devices?.() ?? view.devices()).map(device => withMachine(device, view));
	const sleep = options.sleep ?? delay;
	const planFor = (ups: Entity, params: Readonly<Record<string, string>>, view: ActionView) => buildPlan(ups, params, view, devicesOf(view));
	return {
		id: 'power.shed-load',
		kind: 'ups',
		label: 'Shed load (staged shutdown plan)',
		risk: 'destructive',
		timeoutMs: 30 * 60_000,
		describesImpact: true,
		params: [{name: 'targetMinutes', label: `runtime to reach, minutes (default ${defaultTargetRuntimeSec / 60})`}],
		validate(targets, params, view) {
			if (params.targetMinutes !== undefined && !(Number(params.targetMinutes) > 0)) return 'targetMinutes must be a positive number';
			if (devicesOf(view).length === 0) return 'no topology devices: give devices a "priority" (and "power" outlets) in the config';
			const plans = targets.map(target => planFor(target, params, view));
			if (plans.every(plan => plan.steps.length === 0)) return plans.map(plan => `${nameOf(view, plan.ups)}: ${plan.reachesTarget ? 'runtime already at or above the target' : plan.notes.at(-1) ?? 'nothing to shed'}`).join('; ');
			return undefined;
		},
		describe(targets, params, view) {
			return targets.flatMap(target => describePlan(planFor(target, params, view), view));
		},
		async run(targets, context) {
			const lines: string[] = [];
			let isOk = true;
			for (const target of targets) {
				// One UPS after the other.
				const result = await runPlan(planFor(target, context.params, context.view), context, sleep, options);
				lines.push(result.message);
				isOk &&= result.ok;
			}
			return {ok: isOk, message: lines.join('; '), details: {steps: lines}};
		},
	};
}

/**
 * What the lab knows about a device's machine: how to shut its OS down (a Proxmox node's API
 * shutdown first, else an SSH host's, else its BMC's graceful shutdown), its running guests when
 * the config names none, and its GPU jobs.
 */
export function withMachine(device: PlanDevice, view: ActionView): PlanDevice {
	const members = (device.entities ?? []).map(id => view.entity(id)).filter((entity): entity is Entity => entity !== undefined);
	const offers = (entity: Entity, action: string) => (view.actions ? view.actions(entity.id).includes(action) : false);
	const hosts = members.filter((entity): entity is HostEntity => entity.kind === 'host' && entity.isOnline !== false);
	const nodes = hosts.filter(host => host.role === 'node');
	const osHost = nodes.find(host => offers(host, 'host.shutdown')) ?? hosts.find(host => offers(host, 'host.shutdown'));
	const bmc = members.find(entity => entity.kind === 'bmc' && offers(entity, 'bmc.shutdown'));
	const os = osHost ? {action: 'host.shutdown', targets: [osHost.id]} : bmc ? {action: 'bmc.shutdown', targets: [bmc.id]} : undefined;
	const guests = device.graceful?.guests.length
		? device.graceful.guests
		: (view.entities('guest') as GuestEntity[]).filter(guest => guest.status === 'running' && nodes.some(node => node.source === guest.source && node.localId === guest.node)).map(guest => guest.id);
	const gpuJobs = members.filter((entity): entity is GpuEntity => entity.kind === 'gpu').reduce((sum, gpu) => sum + gpu.processes.length, 0);
	return {
		...device,
		...(os && !device.os ? {os} : {}),
		...(guests.length > 0 ? {graceful: {...device.graceful, guests}} : {}),
		...(gpuJobs > 0 ? {gpuJobs} : {}),
	};
}

/** For the lead to attach (global actions): devices come from `view.devices()`. */
export const shedLoadAction: ActionDef = createShedLoadAction();

function buildPlan(target: Entity, params: Readonly<Record<string, string>>, view: ActionView, devices: readonly PlanDevice[]): ShedPlan {
	const ups = target as UpsEntity;
	const downstream = new Set(view.dependents(ups.id));
	const outlets = (view.entities('outlet') as OutletEntity[]).filter(outlet => outlet.pdu === ups.id || downstream.has(outlet.id) || downstream.has(outlet.pdu));
	const guests = (view.entities('guest') as GuestEntity[]).map(guest => ({id: guest.id, name: guest.name, status: guest.status}));
	const minutes = Number(params.targetMinutes);
	return planShedLoad({
		ups: {id: ups.id, name: ups.name, runtimeSec: ups.runtimeSec, loadWatts: ups.loadWatts, loadPercent: ups.loadPercent, nominalWatts: ups.nominalWatts, outputVolts: ups.outputVolts},
		outlets,
		devices,
		guests,
		targetRuntimeSec: minutes > 0 ? minutes * 60 : undefined,
	});
}

export function describePlan(plan: ShedPlan, view: ActionView): string[] {
	const lines = [`${nameOf(view, plan.ups)}: runtime ${minutes(plan.runtimeSec)} at ${watts(plan.loadWatts)}; target ${minutes(plan.targetRuntimeSec)}`];
	for (const [index, step] of plan.steps.entries()) {
		const warn = step.delayBeforeSec > 0 ? `after a ${step.delayBeforeSec} s warning, ` : '';
		const names = step.targets.map(id => nameOf(view, id)).join(', ');
		if (step.stage === 'guests') {
			lines.push(`  ${index + 1}. ${warn}guests: shut down ${names} gracefully (${step.devices.join(', ')}; up to ${step.timeoutSec} s, then the plan moves on)`);
			continue;
		}
		if (step.stage === 'os') {
			const jobs = step.devices.map(id => plan.devices?.find(device => device.id === id)?.gpuJobs ?? 0).reduce((sum, value) => sum + value, 0);
			lines.push(`  ${index + 1}. ${warn}OS: shut down ${names} (${step.devices.join(', ')}; ${step.action}${jobs > 0 ? `; stops its ${jobs} GPU job${jobs === 1 ? '' : 's'}` : ''}; up to ${step.timeoutSec} s, else the plan stops before cutting power)`);
			continue;
		}
		lines.push(`  ${index + 1}. ${warn}outlet: switch off ${names} (${step.devices.join(', ')}): saves ${watts(step.savesWatts)} → runtime ≈ ${minutes(step.projectedRuntimeSec)}`);
		const radius = [...new Set(step.targets.flatMap(id => view.dependents(id)).map(id => nameOf(view, id)))];
		if (radius.length > 0) lines.push(`     blast radius: ${radius.join(', ')}`);
	}
	lines.push(`  projected runtime ≈ ${minutes(plan.projectedRuntimeSec)}: ${plan.reachesTarget ? 'reaches the target' : 'does NOT reach the target'}`);
	for (const skip of plan.skipped) lines.push(`  not shed: ${skip.device} (${skip.reason})`);
	for (const note of plan.notes) lines.push(`  note: ${note}`);
	return lines;
}

async function runPlan(plan: ShedPlan, context: ActionRunContext, sleep: (ms: number, signal: AbortSignal) => Promise<void>, options: ShedLoadOptions): Promise<{ok: boolean; message: string}> {
	const name = nameOf(context.view, plan.ups);
	let done = 0;
	for (const step of plan.steps) {
		const ups = context.view.entity(plan.ups) as UpsEntity | undefined;
		if (ups && ups.runtimeSec !== null && ups.runtimeSec >= plan.targetRuntimeSec) return {ok: true, message: `${name}: target reached after ${done} of ${plan.steps.length} steps (runtime ${minutes(ups.runtimeSec)})`};
		if (ups && ups.flags.includes('online') && !ups.flags.includes('on-battery')) return {ok: true, message: `${name}: mains is back; stopped after ${done} of ${plan.steps.length} steps`};
		if (step.delayBeforeSec > 0) {
			context.progress(`${name}: ${step.action} ${step.targets.join(', ')} in ${step.delayBeforeSec} s`);
			// The warning delay is part of the plan.
			await sleep(step.delayBeforeSec * 1000, context.signal);
		}
		context.progress(`${name}: step ${done + 1}/${plan.steps.length}: ${step.stage}: ${step.action} ${step.targets.join(', ')}`);
		const startedAt = Date.now();
		// Steps run in order, each within its stage's timeout.
		// A step refused at planning (a guest stopped meanwhile) is a failed step, not a crash of the plan.
		const outcome = await context.invoke(step.action, step.targets, {}, {timeoutMs: step.timeoutSec * 1000})
			.catch((error: unknown) => ({ok: false, message: error instanceof Error ? error.message : String(error)}));
		done++;
		if (!outcome.ok && step.stage === 'guests') {
			// As upsmon does: guests that did not stop in time go down with their OS.
			context.progress(`${name}: step ${done} (${step.action}) failed: ${outcome.message}; moving on to the OS shutdown`);
			continue;
		}
		if (!outcome.ok) return {ok: false, message: `${name}: step ${done} (${step.action}) failed: ${outcome.message}; stopped`};
		if (step.action === 'outlet.off') {
			context.requestPoll([plan.ups]);
			await awaitFreshReading(context, plan.ups, startedAt, sleep, options);
		}
	}
	const ups = context.view.entity(plan.ups) as UpsEntity | undefined;
	return {ok: true, message: `${name}: ran all ${done} steps; runtime now ${minutes(ups?.runtimeSec ?? null)}`};
}

/** Waits (bounded) until the store holds a UPS reading taken after the step. */
async function awaitFreshReading(context: ActionRunContext, upsId: string, since: number, sleep: (ms: number, signal: AbortSignal) => Promise<void>, options: ShedLoadOptions): Promise<void> {
	const limit = Date.now() + (options.settleMs ?? 30_000);
	while (Date.now() < limit) {
		const ups = context.view.entity(upsId);
		if (ups && ups.seenAt > since) return;
		await sleep(options.settlePollMs ?? 1000, context.signal);
	}
}


function nameOf(view: ActionView, id: string): string {
	if (id.startsWith('device:')) return view.devices().find(device => `device:${device.id}` === id)?.name ?? id.slice('device:'.length);
	const process = /^process:(.+)#(\d+)$/.exec(id);
	if (process) {
		const gpu = view.entity(process[1]!);
		const found = gpu?.kind === 'gpu' ? gpu.processes.find(candidate => String(candidate.pid) === process[2]) : undefined;
		return found && gpu?.kind === 'gpu' ? `${found.name} (pid ${found.pid} on ${gpu.host} GPU${gpu.index})` : id;
	}
	const entity = view.entity(id);
	// Two cards of one model are two names: `gpu-box-1 GPU0 RTX 3090`, `gpu-box-1 GPU1 RTX 3090`.
	if (entity?.kind === 'gpu') return `${entity.host} GPU${entity.index} ${entity.name.replace(/^NVIDIA\s+(GeForce\s+)?/i, '')}`;
	return entity?.name ?? id;
}

function minutes(seconds: number | null): string {
	if (seconds === null) return 'unknown';
	return seconds >= 600 ? `${Math.round(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

function watts(value: number | null): string {
	return value === null ? 'unknown W' : `${Math.round(value)} W`;
}

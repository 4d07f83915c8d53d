// The shed-load planner (pure). From a UPS's runtime and load, the outlets it feeds and the
// topology devices behind them, it orders the steps that bring the projected runtime up to a target.
// Each device is shed in stages (configurable order and timeouts per device, `graceful.stages`,
// `graceful.timeoutSec`): its guests, then its OS (a Proxmox node's or SSH host's shutdown), then
// its outlets, as NUT's upsmon shuts the systems down before the power goes.
//
// Who is shed: only devices with a `priority` (lower = shed first; ties by id), never a device with
// `neverShed: true` nor one that shares an outlet with it (the UPS's own network path, say). A
// device is shed by shutting down its `graceful.guests` first, then switching its outlets off; a
// device sharing an outlet with another is shed together with it (their guests first).
//
// Runtime model: runtime_after = runtime × load_before / load_after, i.e. the battery's energy is
// fixed and runtime is inversely proportional to the load. Real lead-acid batteries do better at
// light load (Peukert: runtime ∝ load^-k, k ≈ 1.1–1.3), so the model under-promises what shedding
// gains; the UPS's own consumption is ignored, so it is capped at 10× the current runtime. The
// action re-reads the real runtime after each step and stops as soon as the target is met.
// Load in watts: the UPS's reading, else load % × nominal watts, else the sum of its outlets'.
import type {Num} from '../entities.js';

export type PlanDevice = {
	readonly id: string;
	readonly name?: string;
	/** Outlet entity ids that feed it. */
	readonly power?: readonly string[];
	/** UPS entity id that feeds it. */
	readonly ups?: string;
	readonly priority?: number;
	readonly neverShed?: boolean;
	readonly graceful?: Graceful;
	/** Seconds to warn before the first step on this device. */
	readonly warnDelaySec?: number;
	/** Entity ids that live in it (its host, BMC, GPUs). */
	readonly entities?: readonly string[];
	/** How to shut its OS down (resolved from the lab by the action: a Proxmox node, an SSH host, a BMC). */
	readonly os?: {readonly action: string; readonly targets: readonly string[]};
	/** GPU processes running on it (shown in the plan: the OS shutdown stops them). */
	readonly gpuJobs?: number;
};

/** The stages of shedding one device, in the order they run (NUT's upsmon: the OS first, then the power). */
export type Stage = 'guests' | 'os' | 'outlet';
export const defaultStages: readonly Stage[] = ['guests', 'os', 'outlet'];
/** Seconds each stage may take before the plan moves on (guests) or stops (os). */
export const defaultStageTimeoutSec: Readonly<Record<Stage, number>> = {guests: 300, os: 180, outlet: 30};

export type Graceful = {
	readonly guests: readonly string[];
	/** The stages and their order; `outlet` is always last and always present. */
	readonly stages?: readonly Stage[];
	readonly timeoutSec?: Readonly<Partial<Record<Stage, number>>>;
};

export type PlanUps = {
	readonly id: string;
	readonly name: string;
	readonly runtimeSec: Num;
	readonly loadWatts: Num;
	readonly loadPercent: Num;
	readonly nominalWatts: Num;
	readonly outputVolts: Num;
};

export type PlanOutlet = {readonly id: string; readonly name: string; readonly state: 'on' | 'off' | 'unknown'; readonly powerWatts: Num; readonly loadAmps: Num};
export type PlanGuest = {readonly id: string; readonly name: string; readonly status: string};

export type PlanInput = {
	readonly ups: PlanUps;
	/** The outlets this UPS feeds, directly or through a PDU on it. */
	readonly outlets: readonly PlanOutlet[];
	readonly devices: readonly PlanDevice[];
	/** Known guests, to skip ones already stopped and to name them. */
	readonly guests?: readonly PlanGuest[];
	/** Seconds; default 1800. */
	readonly targetRuntimeSec?: number;
};

export type PlanStep = {
	/** `guest.shutdown`, an OS shutdown (`host.shutdown`, `bmc.shutdown`) or `outlet.off`. */
	readonly action: string;
	readonly stage: Stage;
	/** Seconds the stage may take. */
	readonly timeoutSec: number;
	/** Devices this step acts on (more than one when they share an outlet). */
	readonly devices: readonly string[];
	readonly targets: readonly string[];
	/** Seconds to wait (warning) before the step. */
	readonly delayBeforeSec: number;
	/** Watts the step takes off the UPS; 0 for a guest shutdown (not modelled), null when unknown. */
	readonly savesWatts: Num;
	readonly loadAfterWatts: Num;
	readonly projectedRuntimeSec: Num;
};

export type ShedPlan = {
	readonly ups: string;
	readonly runtimeSec: Num;
	readonly loadWatts: Num;
	readonly targetRuntimeSec: number;
	readonly steps: readonly PlanStep[];
	readonly projectedRuntimeSec: Num;
	readonly reachesTarget: boolean;
	readonly skipped: readonly {readonly device: string; readonly reason: string}[];
	readonly notes: readonly string[];
	/** The devices the plan was made from (with what the lab resolved about them). */
	readonly devices?: readonly PlanDevice[];
};

export const defaultTargetRuntimeSec = 1800;
const maxGain = 10;

/** runtime × before / after, capped at 10× (see the header). */
export function projectRuntime(runtimeSec: number, loadBefore: number, loadAfter: number): number {
	if (loadBefore <= 0) return runtimeSec;
	return runtimeSec * Math.min(maxGain, loadBefore / Math.max(loadAfter, 1e-9));
}

export function planShedLoad(input: PlanInput): ShedPlan {
	const target = input.targetRuntimeSec ?? defaultTargetRuntimeSec;
	const notes: string[] = [];
	const skipped: {device: string; reason: string}[] = [];
	const outlets = new Map(input.outlets.map(outlet => [outlet.id, outlet]));
	const volts = input.ups.outputVolts !== null && input.ups.outputVolts > 0 ? input.ups.outputVolts : 230;
	const outletWatts = (outlet: PlanOutlet): Num => (outlet.state === 'off' ? 0 : outlet.powerWatts ?? (outlet.loadAmps === null ? null : outlet.loadAmps * volts));

	const baseline = baselineWatts(input, outletWatts, notes);
	const {runtimeSec} = input.ups;
	if (runtimeSec === null) notes.push('runtime unknown: no projection, every eligible device is listed');

	// Devices fed through this UPS's outlets, grouped by shared outlets.
	const fed = input.devices.filter(device => (device.power ?? []).some(id => outlets.has(id)));
	for (const device of input.devices) {
		if (device.ups === input.ups.id && !fed.includes(device) && device.priority !== undefined && !device.neverShed) skipped.push({device: device.id, reason: 'fed by the UPS without a switchable outlet'});
	}
	const groups = groupBySharedOutlets(fed, outlets);
	const candidates: {devices: PlanDevice[]; priority: number}[] = [];
	for (const group of groups) {
		const lead = [...group].sort(byPriority)[0]!;
		const blocker = group.find(device => device.neverShed) ?? group.find(device => device.priority === undefined);
		if (blocker) {
			for (const device of group) {
				if (device.neverShed || device.priority === undefined) continue;
				skipped.push({device: device.id, reason: `shares an outlet with ${blocker.id}, which ${blocker.neverShed ? 'is never shed' : 'has no priority'}`});
			}
			continue;
		}
		candidates.push({devices: [...group].sort(byPriority), priority: lead.priority!});
	}
	candidates.sort((a, b) => a.priority - b.priority || (a.devices[0]!.id < b.devices[0]!.id ? -1 : 1));

	const steps: PlanStep[] = [];
	let load = baseline;
	let projected = runtimeSec;
	const isMet = () => projected !== null && projected >= target;
	for (const candidate of candidates) {
		if (isMet()) break;
		const targets = [...new Set(candidate.devices.flatMap(device => device.power ?? []))].filter(id => outlets.get(id) !== undefined && outlets.get(id)!.state !== 'off');
		if (targets.length === 0) {
			for (const device of candidate.devices) skipped.push({device: device.id, reason: 'its outlets are already off'});
			continue;
		}
		const ids = candidate.devices.map(device => device.id);
		const delay = Math.max(0, ...candidate.devices.map(device => device.warnDelaySec ?? 0));
		const lead = candidate.devices[0]!;
		const stages = stagesOf(lead);
		const timeout = (stage: Stage) => lead.graceful?.timeoutSec?.[stage] ?? defaultStageTimeoutSec[stage];
		let isFirst = true;
		const firstDelay = () => {
			const value = isFirst ? delay : 0;
			isFirst = false;
			return value;
		};
		for (const stage of stages) {
			if (stage === 'guests') {
				const guests = candidate.devices.flatMap(device => device.graceful?.guests ?? []).filter(id => isRunning(id, input.guests));
				if (guests.length > 0) steps.push({action: 'guest.shutdown', stage, timeoutSec: timeout(stage), devices: ids, targets: guests, delayBeforeSec: firstDelay(), savesWatts: 0, loadAfterWatts: load, projectedRuntimeSec: projected});
			}
			if (stage === 'os') {
				for (const device of candidate.devices) {
					if (!device.os || device.os.targets.length === 0) continue;
					steps.push({action: device.os.action, stage, timeoutSec: timeout(stage), devices: ids, targets: device.os.targets, delayBeforeSec: firstDelay(), savesWatts: 0, loadAfterWatts: load, projectedRuntimeSec: projected});
				}
			}
		}
		const watts = targets.map(id => outletWatts(outlets.get(id)!));
		const known = watts.filter((value): value is number => value !== null);
		const saves = known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0);
		if (saves !== null && known.length < watts.length) notes.push(`${ids.join(', ')}: load of some outlets unknown, counted as 0 W`);
		if (saves !== null && load !== null) {
			const after = Math.max(0, load - saves);
			if (projected !== null && runtimeSec !== null && baseline !== null) projected = projectRuntime(runtimeSec, baseline, after);
			load = after;
		}
		steps.push({action: 'outlet.off', stage: 'outlet', timeoutSec: timeout('outlet'), devices: ids, targets, delayBeforeSec: firstDelay(), savesWatts: saves, loadAfterWatts: load, projectedRuntimeSec: projected});
	}
	if (candidates.length === 0 && !isMet()) notes.push('no device on this UPS can be shed (none has a priority, or all are protected)');
	return {ups: input.ups.id, runtimeSec, loadWatts: baseline, targetRuntimeSec: target, steps, projectedRuntimeSec: projected, reachesTarget: isMet(), skipped, notes, devices: input.devices};
}

function baselineWatts(input: PlanInput, outletWatts: (outlet: PlanOutlet) => Num, notes: string[]): Num {
	const {loadWatts, loadPercent, nominalWatts} = input.ups;
	if (loadWatts !== null && loadWatts > 0) return loadWatts;
	if (loadPercent !== null && nominalWatts !== null && loadPercent > 0) return (loadPercent * nominalWatts) / 100;
	const known = input.outlets.filter(outlet => outlet.state !== 'off').map(outletWatts).filter((value): value is number => value !== null);
	if (known.length === 0) {
		notes.push('UPS load in watts unknown and no outlet load known: no projection');
		return null;
	}
	notes.push('UPS load in watts unknown: taken as the sum of its outlets (optimistic)');
	return known.reduce((sum, value) => sum + value, 0);
}

/** A device's stages in its configured order, `outlet` last; unknown or repeated names dropped. */
export function stagesOf(device: PlanDevice): Stage[] {
	const wanted = device.graceful?.stages ?? defaultStages;
	const stages = [...new Set(wanted.filter(stage => stage === 'guests' || stage === 'os'))];
	return [...stages, 'outlet'];
}

function byPriority(a: PlanDevice, b: PlanDevice): number {
	return (a.priority ?? Infinity) - (b.priority ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function isRunning(id: string, guests: readonly PlanGuest[] | undefined): boolean {
	const guest = guests?.find(candidate => candidate.id === id);
	return !guest || guest.status === 'running' || guest.status === 'paused' || guest.status === 'unknown';
}

/** Devices that share an outlet (on this UPS) end up in one group, transitively. */
function groupBySharedOutlets(devices: readonly PlanDevice[], outlets: ReadonlyMap<string, PlanOutlet>): PlanDevice[][] {
	const groups: PlanDevice[][] = [];
	for (const device of devices) {
		const mine = new Set((device.power ?? []).filter(id => outlets.has(id)));
		const touching = groups.filter(group => group.some(other => (other.power ?? []).some(id => mine.has(id))));
		const merged = [device, ...touching.flat()];
		for (const group of touching) groups.splice(groups.indexOf(group), 1);
		groups.push(merged);
	}
	return groups;
}

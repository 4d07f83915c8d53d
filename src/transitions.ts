// State transitions the store sees between two snapshots, as timeline events: a UPS going to
// battery and back, an outlet switched off or on, a node going offline, a host rebooting, a guest
// stopped, started or moved, a GPU starting or stopping to throttle, a BMC's power changing, a
// transfer switch changing input. Pure: the lab calls it after each poll with the snapshot it
// last looked at. Only entities present in both snapshots are compared (new ones are not news,
// removed ones are recorded by the poller), and only kinds whose list changed are scanned.
import type {AtsEntity, BmcEntity, Entity, EntityKind, GpuEntity, GuestEntity, HostEntity, OutletEntity, UpsEntity} from './entities.js';
import {formatDuration} from './format.js';
import type {Snapshot} from './model.js';
import {runStepsNow} from './slices.js';
import type {TimelineEvent} from './timeline.js';

/** What changed, for `details.change` (and filters in the pane and in `events --json`). */
export type TransitionChange =
	| 'ups.on-battery'
	| 'ups.on-mains'
	| 'ups.low-battery'
	| 'ups.output-off'
	| 'outlet.off'
	| 'outlet.on'
	| 'host.offline'
	| 'host.online'
	| 'host.rebooted'
	| 'guest.stopped'
	| 'guest.started'
	| 'guest.status'
	| 'guest.moved'
	| 'gpu.throttling'
	| 'gpu.throttle-cleared'
	| 'bmc.power-off'
	| 'bmc.power-on'
	| 'bmc.health'
	| 'ats.transfer'
	| 'ats.input-failed';

type Found = {readonly change: TransitionChange; readonly message: string; readonly from?: unknown; readonly to?: unknown};
type Detector<E extends Entity> = (before: E, after: E, snapshot: Snapshot) => readonly Found[];

/** Reasons that are not throttling (the clocks are low because the GPU has nothing to do, or were set so). */
const benignThrottle = new Set(['idle', 'app-clocks', 'sync-boost', 'display-clocks']);

const none: readonly Found[] = [];

const ups: Detector<UpsEntity> = (before, after) => {
	const found: Found[] = [];
	const had = (flag: UpsEntity['flags'][number]) => before.flags.includes(flag);
	const has = (flag: UpsEntity['flags'][number]) => after.flags.includes(flag);
	const runtime = after.runtimeSec === null ? '' : `, ${formatDuration(after.runtimeSec)} runtime left`;
	const charge = after.chargePercent === null ? '' : `, charge ${Math.round(after.chargePercent)}%`;
	if (!had('on-battery') && has('on-battery')) found.push({change: 'ups.on-battery', message: `${after.name}: on battery${after.lastTransferReason ? ` (${after.lastTransferReason})` : ''}${runtime}${charge}`});
	if (had('on-battery') && !has('on-battery')) found.push({change: 'ups.on-mains', message: `${after.name}: back on mains${charge}`});
	if (!had('low-battery') && has('low-battery')) found.push({change: 'ups.low-battery', message: `${after.name}: battery low${runtime}${charge}`});
	if (!had('off') && has('off')) found.push({change: 'ups.output-off', message: `${after.name}: output off`});
	return found;
};

const outlet: Detector<OutletEntity> = (before, after, snapshot) => {
	if (before.state === after.state || after.state === 'unknown' || before.state === 'unknown') return [];
	const pdu = snapshot.entities.get(after.pdu)?.name ?? after.source;
	return [{change: after.state === 'off' ? 'outlet.off' : 'outlet.on', message: `outlet ${after.number} (${after.name}) of ${pdu} switched ${after.state}`, from: before.state, to: after.state}];
};

const host: Detector<HostEntity> = (before, after) => {
	const what = after.role === 'node' ? `node ${after.name}` : after.name;
	if (before.isOnline === true && after.isOnline === false) return [{change: 'host.offline', message: `${what} offline`}];
	if (before.isOnline === false && after.isOnline === true) return [{change: 'host.online', message: `${what} back online`}];
	// Uptime that went backwards by more than a poll's jitter: the machine restarted between polls.
	if (before.uptimeSec !== null && after.uptimeSec !== null && after.uptimeSec + 60 < before.uptimeSec && after.isOnline !== false) {
		return [{change: 'host.rebooted', message: `${what} restarted (up ${formatDuration(after.uptimeSec)}, was up ${formatDuration(before.uptimeSec)})`}];
	}
	return [];
};

const guest: Detector<GuestEntity> = (before, after) => {
	if (before.status === after.status && before.node === after.node) return none;
	const found: Found[] = [];
	const what = `${after.guestType === 'lxc' ? 'CT' : 'VM'} ${after.vmid} ${after.name}`;
	if (before.status !== after.status && after.status !== 'unknown' && before.status !== 'unknown') {
		const change: TransitionChange = after.status === 'stopped' ? 'guest.stopped' : after.status === 'running' && before.status === 'stopped' ? 'guest.started' : 'guest.status';
		const verb = change === 'guest.stopped' ? 'stopped' : change === 'guest.started' ? 'started' : `${before.status} → ${after.status}`;
		found.push({change, message: `${what} ${verb} on ${after.node}`, from: before.status, to: after.status});
	}
	if (before.node !== after.node) found.push({change: 'guest.moved', message: `${what} moved from ${before.node} to ${after.node}`, from: before.node, to: after.node});
	return found;
};

const gpu: Detector<GpuEntity> = (before, after) => {
	if (before.throttleReasons.length === 0 && after.throttleReasons.length === 0) return none;
	const was = before.throttleReasons.filter(reason => !benignThrottle.has(reason));
	const now = after.throttleReasons.filter(reason => !benignThrottle.has(reason));
	const what = `${after.host} GPU ${after.index} (${after.name})`;
	const gained = now.filter(reason => !was.includes(reason));
	const temperature = after.temperature.celsius === null ? '' : ` at ${Math.round(after.temperature.celsius)} °C`;
	if (gained.length > 0) return [{change: 'gpu.throttling', message: `${what} throttling: ${now.join(', ')}${temperature}`, from: was, to: now}];
	if (was.length > 0 && now.length === 0) return [{change: 'gpu.throttle-cleared', message: `${what} no longer throttling (was ${was.join(', ')})`, from: was, to: now}];
	return [];
};

const bmc: Detector<BmcEntity> = (before, after) => {
	const found: Found[] = [];
	const what = after.hostname ? `${after.name} (${after.hostname})` : after.name;
	if (before.powerState !== after.powerState && after.powerState !== 'unknown' && before.powerState !== 'unknown') {
		found.push({change: after.powerState === 'off' ? 'bmc.power-off' : 'bmc.power-on', message: `${what}: power ${after.powerState}`, from: before.powerState, to: after.powerState});
	}
	if (before.health !== after.health && before.health !== null && after.health !== null) found.push({change: 'bmc.health', message: `${what}: health ${before.health} → ${after.health}`, from: before.health, to: after.health});
	return found;
};

const ats: Detector<AtsEntity> = (before, after) => {
	const found: Found[] = [];
	if (before.selectedInput !== null && after.selectedInput !== null && before.selectedInput !== after.selectedInput) {
		found.push({change: 'ats.transfer', message: `${after.name}: transferred from input ${before.selectedInput} to ${after.selectedInput}`, from: before.selectedInput, to: after.selectedInput});
	}
	for (const input of after.inputs) {
		const previous = before.inputs.find(candidate => candidate.name === input.name);
		if (previous?.status === 'ok' && input.status === 'fail') found.push({change: 'ats.input-failed', message: `${after.name}: input ${input.name} failed`});
	}
	return found;
};

const detectors: Partial<Record<EntityKind, Detector<never>>> = {ups, outlet, host, guest, gpu, bmc, ats};

/**
 * A UPS already on battery when labdeck first sees it (started mid-outage, no saved state): the
 * one state worth an event on first sight, dated back by the UPS's own time on battery.
 */
function firstSeenOnBattery(entity: UpsEntity, now: number): TimelineEvent | undefined {
	if (!entity.flags.includes('on-battery')) return undefined;
	const onBatterySec = entity.timeOnBatterySec !== null && entity.timeOnBatterySec > 0 ? entity.timeOnBatterySec : null;
	const at = onBatterySec === null ? now : now - onBatterySec * 1000;
	return {at, type: 'transition', source: entity.source, entity: entity.id, message: `${entity.name}: on battery when first seen${onBatterySec === null ? '' : ` (for ${formatDuration(onBatterySec)} by its own count)`}`, details: {change: 'ups.on-battery', kind: 'ups', isFirstSeen: true, timeOnBatterySec: onBatterySec}};
}

/** Transition events between two snapshots, at `now`, in a stable order (kind, then id). */
export function detectTransitions(before: Snapshot, after: Snapshot, now: number): TimelineEvent[] {
	return runStepsNow(transitionSteps(before, after, now));
}

/** Entities detectTransitions would compare: what it costs (100,000 guests ≈ 200 ms in one go). */
export function transitionWork(before: Snapshot, after: Snapshot): number {
	if (before.entities === after.entities) return 0;
	let count = 0;
	for (const kind of Object.keys(detectors) as EntityKind[]) if (before.byKind[kind] !== after.byKind[kind]) count += after.byKind[kind].length;
	return count;
}

/** detectTransitions as steps that may yield (src/slices.ts `runSteps`): snapshots are immutable, so the result is the same. */
export function* transitionSteps(before: Snapshot, after: Snapshot, now: number): Generator<void, TimelineEvent[]> {
	const events: TimelineEvent[] = [];
	if (before.entities === after.entities) return events;
	for (const [kind, detect] of Object.entries(detectors) as [EntityKind, Detector<Entity>][]) {
		if (before.byKind[kind] === after.byKind[kind]) continue;
		let step = 0;
		for (const entity of after.byKind[kind]) {
			if ((++step & 255) === 0) yield;
			const previous = before.entities.get(entity.id);
			if (!previous && entity.kind === 'ups') {
				const first = firstSeenOnBattery(entity, now);
				if (first) events.push(first);
			}
			if (!previous || previous === entity || previous.kind !== entity.kind) continue;
			for (const found of detect(previous, entity, after)) {
				const details: Record<string, unknown> = {change: found.change, kind};
				if (found.from !== undefined) details['from'] = found.from;
				if (found.to !== undefined) details['to'] = found.to;
				// Between two polls: it happened after the last time it was seen as it was.
				details['previousSeenAt'] = previous.seenAt;
				events.push({at: now, type: 'transition', source: entity.source, entity: entity.id, message: found.message, details});
			}
		}
	}
	return events;
}

/** Transitions recorded one event each per poll; beyond this, one event per source counts the rest. */
export const transitionEventsPerPoll = 50;

/**
 * At most `max` events, then one per source naming how many more it had (a console restarted after
 * days sees every guest that changed meanwhile at once; the timeline must not drown in them).
 */
export function capTransitions(events: readonly TimelineEvent[], max = transitionEventsPerPoll): TimelineEvent[] {
	if (events.length <= max) return [...events];
	const kept = events.slice(0, max);
	const rest = new Map<string, number>();
	for (const event of events.slice(max)) rest.set(event.source ?? '', (rest.get(event.source ?? '') ?? 0) + 1);
	const at = events[0]!.at;
	for (const [source, count] of rest) kept.push({at, type: 'transition', ...(source ? {source} : {}), message: `${source || 'lab'}: ${count} more changes since the last poll (${events.length} in all)`, details: {change: 'many', count, total: events.length}});
	return kept;
}

// Pure selectors over the store snapshot: what each pane shows, derived once per change of its
// own slice (memoized on the identity of the inputs), so a pane re-renders only for its slice.
import {percent, type AutomationEntity, type Entity, type EntityKind, type GpuEntity, type GuestEntity, type GuestTask, type HostEntity, type Num, type OutletEntity, type PduEntity, type StorageEntity, type UpsEntity} from './entities.js';
import type {SourceHealth, Snapshot} from './store.js';
import {deviceRef, dependents, gpuOwner, guestGpus, nameOf, normalizePci, type Device, type Topology} from './topology.js';
import {formatAge, formatClock, formatDuration} from './format.js';
import {impactNames} from './devices.js';
import {gpuHeat} from './kinds/gpu.js';
import {isOnBattery} from './kinds/ups.js';
import {staleness as coreStaleness, type Staleness as CoreStaleness} from './staleness.js';

export type Alert = Snapshot['alerts'][number];

/** Memoizes `combine` on the identity of the values `inputs` picks from its argument. */
export function createSelector<S, I extends readonly unknown[], R>(inputs: (state: S) => I, combine: (...args: [...I]) => R): (state: S) => R {
	let last: {args: I; result: R} | undefined;
	return state => {
		const args = inputs(state);
		if (last && last.args.length === args.length && last.args.every((value, index) => Object.is(value, args[index]))) return last.result;
		const result = combine(...args);
		last = {args, result};
		return result;
	};
}

// ── Staleness and health ────────────────────────────────────────────────────────────────────

export type Staleness = CoreStaleness & {readonly reason: string | undefined};

/** The core's staleness (src/staleness.ts) plus the one line to show for the row: its source's error. */
export function staleness(entity: Entity, snapshot: Snapshot, now: number): Staleness {
	const {isStale, ageSec} = coreStaleness(entity, snapshot, now);
	const source = snapshot.sources[entity.source];
	// Literals, not `{...core, reason}`: on Node 20 that gives each result a hidden class of its own (src/poll-link.ts).
	if (source?.status === 'down') return {isStale, ageSec, reason: `${source.id} down: ${source.lastError ?? 'no answer'}`};
	if (source?.status === 'degraded' || (isStale && source?.lastError)) return {isStale, ageSec, reason: source?.lastError ?? undefined};
	return {isStale, ageSec, reason: undefined};
}

export type HealthItem = {readonly id: string; readonly status: SourceHealth['status'] | 'stale'; readonly text: string};

/** One item per source for the header: ok / stale Ns / down since T / degraded / disabled. */
export function healthStrip(snapshot: Snapshot, now: number): readonly HealthItem[] {
	return Object.values(snapshot.sources).map(source => {
		if (source.status === 'down') return {id: source.id, status: 'down', text: source.downSince ? `down since ${formatClock(source.downSince).slice(0, 5)}` : 'down'};
		if (source.status === 'ok' && source.lastSuccess !== null && now - source.lastSuccess > source.interval * 2000)
			return {id: source.id, status: 'stale', text: `stale ${formatAge(source.lastSuccess, now)}`};
		if (source.status === 'ok' && snapshot.restoredFrom !== null && source.lastSuccess === null)
			return {id: source.id, status: 'stale', text: `stale ${formatAge(snapshot.restoredFrom, now)}`};
		return {id: source.id, status: source.status, text: source.status};
	});
}

export const severityRank = {critical: 0, warning: 1, info: 2} as const;

export function alertCounts(alerts: readonly Alert[]): {critical: number; warning: number; info: number} {
	const counts = {critical: 0, warning: 0, info: 0};
	for (const alert of alerts) counts[alert.severity]++;
	return counts;
}

/** Sources of the given plugin types, for a pane's "no sources configured" line. */
export function sourcesOfTypes(snapshot: Snapshot, types: readonly string[]): readonly SourceHealth[] {
	return Object.values(snapshot.sources).filter(source => types.includes(source.type));
}

export function entitiesOf<K extends EntityKind>(snapshot: Snapshot, kind: K): readonly Extract<Entity, {kind: K}>[] {
	return snapshot.byKind[kind] as readonly Extract<Entity, {kind: K}>[];
}

// ── Hosts ───────────────────────────────────────────────────────────────────────────────────

export type HostRow = {
	readonly entity: HostEntity;
	readonly memPercent: Num;
	/** The fullest filesystem. */
	readonly disk: {readonly mount: string; readonly percent: Num} | undefined;
	readonly maxTemp: Num;
};

export function hostRow(entity: HostEntity): HostRow {
	let disk: HostRow['disk'];
	for (const fs of entity.filesystems) {
		const used = percent(fs.usedBytes, fs.sizeBytes);
		if (!disk || (used ?? -1) > (disk.percent ?? -1)) disk = {mount: fs.mount, percent: used};
	}
	const temps = entity.temperatures.map(t => t.celsius).filter((c): c is number => c !== null);
	return {entity, memPercent: percent(entity.memory.usedBytes, entity.memory.totalBytes), disk, maxTemp: temps.length > 0 ? Math.max(...temps) : null};
}

export const selectHostRows = createSelector((s: Snapshot) => [s.byKind.host] as const, hosts => (hosts as readonly HostEntity[]).map(hostRow));
export const selectStorage = (s: Snapshot): readonly StorageEntity[] => entitiesOf(s, 'storage');

// ── VMs ─────────────────────────────────────────────────────────────────────────────────────

export {guestGlyph} from './kinds/guest.js';

export type PassedDevice = {
	/** `0000:41:00.0`, or `mapping gpu0` for a named resource mapping. */
	readonly label: string;
	/** The GPU at that address on the guest's node, when one is known. */
	readonly gpu: GpuEntity | undefined;
};

/** A guest's detail: its passed-through devices (with the GPU behind each address), the GPUs, its history. */
export function guestDetail(snapshot: Snapshot, guest: GuestEntity) {
	const gpus = guestGpus(snapshot, guest);
	const devices: PassedDevice[] = [
		...guest.pciDevices.map(address => {
			const wanted = normalizePci(address);
			const gpu = gpus.find(candidate => candidate.pciBusId !== null && (normalizePci(candidate.pciBusId) === wanted || normalizePci(candidate.pciBusId).startsWith(`${wanted}.`)));
			return {label: address, gpu};
		}),
		...guest.pciMappings.map(name => ({label: `mapping ${name}`, gpu: undefined})),
	];
	return {gpus, devices, history: snapshot.history.get(guest.id) ?? {}};
}

export type TaskLine = {readonly type: string; readonly status: string; readonly tone: 'ok' | 'running' | 'failed'; readonly started: string; readonly age: string; readonly took: string; readonly user: string};

/** A guest's recent tasks as the detail view shows them, newest first. */
export function taskLines(tasks: readonly GuestTask[], now: number): readonly TaskLine[] {
	return tasks.map(task => ({
		type: task.type,
		status: task.status,
		tone: task.isFailed ? 'failed' : task.status === 'running' || task.endTime === null ? 'running' : 'ok',
		started: formatClock(task.startTime * 1000),
		age: formatAge(task.startTime * 1000, now),
		took: task.endTime === null ? 'running' : formatDuration(task.endTime - task.startTime),
		user: task.user ?? '',
	}));
}

// ── GPUs ────────────────────────────────────────────────────────────────────────────────────

export type GpuRow = {readonly entity: GpuEntity; readonly owner: GuestEntity | undefined; readonly memPercent: Num; readonly heat: 'ok' | 'warn' | 'crit' | 'unknown'};

export {gpuHeat};

export const selectGpuRows = createSelector(
	(s: Snapshot) => [s.byKind.gpu, s.byKind.guest, s] as const,
	(gpus, _guests, s) =>
		(gpus as readonly GpuEntity[]).map(entity => ({entity, owner: gpuOwner(s, entity), memPercent: percent(entity.memory.usedBytes, entity.memory.totalBytes), heat: gpuHeat(entity)})),
);

// ── Power ───────────────────────────────────────────────────────────────────────────────────

export type OutletRow = {readonly entity: OutletEntity; readonly powers: readonly string[]};
export type PduView = {readonly pdu: PduEntity | undefined; readonly id: string; readonly outlets: readonly OutletRow[]; readonly totalAmps: Num; readonly ratingAmps: Num};
export type PowerView = {readonly upses: readonly UpsEntity[]; readonly onBattery: readonly UpsEntity[]; readonly pdus: readonly PduView[]};

export {isOnBattery};

export function powerView(snapshot: Snapshot, topology: Topology): PowerView {
	const upses = entitiesOf(snapshot, 'ups');
	const outletsByPdu = new Map<string, OutletRow[]>();
	for (const outlet of entitiesOf(snapshot, 'outlet')) {
		const powers = topology.devices.filter(device => device.power.includes(outlet.id)).map(device => device.name);
		outletsByPdu.set(outlet.pdu, [...(outletsByPdu.get(outlet.pdu) ?? []), {entity: outlet, powers}]);
	}
	const pduIds = new Set([...entitiesOf(snapshot, 'pdu').map(pdu => pdu.id), ...outletsByPdu.keys()]);
	const pdus = [...pduIds].sort().map(id => {
		const pdu = snapshot.entities.get(id) as PduEntity | undefined;
		const outlets = (outletsByPdu.get(id) ?? []).sort((a, b) => a.entity.number - b.entity.number);
		const loads = outlets.map(row => row.entity.loadAmps).filter((value): value is number => value !== null);
		const totalAmps = pdu?.loadAmps ?? (loads.length > 0 ? loads.reduce((a, b) => a + b, 0) : null);
		return {pdu, id, outlets, totalAmps, ratingAmps: pdu?.ratingAmps ?? null};
	});
	return {upses, onBattery: upses.filter(isOnBattery), pdus};
}

export const selectPowerView = (topology: Topology) =>
	createSelector((s: Snapshot) => [s.byKind.ups, s.byKind.outlet, s.byKind.pdu, s] as const, (_u, _o, _p, s) => powerView(s, topology));

// ── Racks ───────────────────────────────────────────────────────────────────────────────────

export {deviceState, type DeviceState} from './device-state.js';

export type RackSlot = {readonly device: Device; readonly top: number; readonly bottom: number; readonly poweredBy: readonly string[]};

/** Devices of a rack, top (highest U) first, with the names of what powers them. */
export function rackSlots(snapshot: Snapshot, topology: Topology, rackId: string): readonly RackSlot[] {
	return topology.devices
		.filter(device => device.rack === rackId && device.u !== undefined)
		.map(device => ({device, bottom: device.u!, top: device.u! + (device.height ?? 1) - 1, poweredBy: poweredBy(snapshot, topology, device)}))
		.sort((a, b) => b.top - a.top);
}

export function poweredBy(snapshot: Snapshot, topology: Topology, device: Device): readonly string[] {
	const feeds = device.power.map(id => {
		const outlet = snapshot.entities.get(id);
		return outlet?.kind === 'outlet' ? `${nameOf(snapshot, topology, outlet.pdu)}:${outlet.number}` : id.replace(/^outlet:/, '');
	});
	if (device.ups && device.power.length === 0) feeds.push(nameOf(snapshot, topology, device.ups));
	return feeds;
}

/** Names of what depends on an entity or `device:<id>`. */
export function dependentNames(snapshot: Snapshot, topology: Topology, id: string): readonly string[] {
	return impactNames(snapshot, topology, dependents(snapshot, topology, id));
}

export {deviceRef};

// ── Alerts and automations ──────────────────────────────────────────────────────────────────

export type AlertRow = {readonly alert: Alert; readonly impactNames: readonly string[]; readonly subject: string};

export function alertRows(snapshot: Snapshot, topology: Topology): readonly AlertRow[] {
	return [...snapshot.alerts]
		.sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.since - b.since)
		.map(alert => ({
			alert,
			subject: alert.entityId ? nameOf(snapshot, topology, alert.entityId) : alert.source,
			// Each device once (its host views, BMC and PDU fold into it), then guests, GPUs, processes.
			impactNames: impactNames(snapshot, topology, alert.impact),
		}));
}

export const selectAutomations = (s: Snapshot): readonly AutomationEntity[] => entitiesOf(s, 'automation');

// The root causes the incident engine knows, found in the store's state (not only in alerts, so a
// switched-off outlet is a cause at once, before its machine's sources time out): a UPS on
// battery, an outlet off that feeds something, a Proxmox node offline, a hub's VM stopped (the
// guest its source `runsOn`), a source unreachable. Each comes with what it takes down, from the topology.
import type {AutomationEntity, BmcEntity, Entity, GuestEntity, HostEntity, OutletEntity, UpsEntity} from './entities.js';
import {formatDuration} from './format.js';
import type {Alert, IncidentCause, PlannedChange, Severity, Snapshot, Topology} from './model.js';
import {dependents, deviceRef, nameOf} from './topology.js';
import {machineOf} from './devices.js';
import {machineHungRule} from './machine-rules.js';

/** A root cause before folding: its subject, what it takes down and its own alert (if any). */
export type Cause = {
	readonly cause: IncidentCause;
	readonly id: string;
	/** Entity id, or `source:<id>`. */
	readonly subject: string;
	readonly title: string;
	/** Key figure; `{age}` is replaced by the incident's age. */
	readonly figure: string;
	readonly pane: string;
	readonly severity: Severity;
	/** What it takes down (dependents, devices included). */
	readonly affected: readonly string[];
	/** Known start (epoch ms), when the data says. */
	readonly since: number | undefined;
	readonly planned: PlannedChange | null;
	/** Does an alert belong to this cause (its own, or a symptom of it)? */
	readonly claims: 'subject-only' | 'affected';
	/** Folds under any cause on the same machine (a hung machine under its node down). */
	readonly isMachineSymptom?: boolean;
};

export type CauseContext = {
	readonly snapshot: Snapshot;
	readonly topology: Topology;
	readonly alerts: readonly Alert[];
	readonly now: number;
	readonly planned: (entityId: string) => PlannedChange | undefined;
	/** Entity id → the topology device it lives in. */
	readonly deviceOf: ReadonlyMap<string, string>;
};

const minutes = (seconds: number | null) => (seconds === null ? 'runtime unknown' : `${Math.round(seconds / 60)} min left`);

export function findCauses(context: CauseContext): Cause[] {
	const {snapshot, topology} = context;
	const causes: Cause[] = [];
	const alertOf = (entityId: string) => context.alerts.find(alert => alert.entityId === entityId);
	// The alert engine already walked the dependents of an alert's entity: reuse them.
	const dependentsOf = (entityId: string) => alertOf(entityId)?.impact ?? dependents(snapshot, topology, entityId);
	for (const entity of snapshot.byKind.ups) {
		const ups = entity as UpsEntity;
		if (!ups.flags.includes('on-battery')) continue;
		const since = ups.timeOnBatterySec === null || ups.timeOnBatterySec === undefined ? undefined : ups.seenAt - ups.timeOnBatterySec * 1000;
		causes.push({
			cause: 'ups-on-battery', id: `incident:ups-on-battery:${ups.id}`, subject: ups.id, pane: 'power',
			title: `${ups.name} on battery`, figure: `${minutes(ups.runtimeSec)}${ups.chargePercent === null ? '' : `, charge ${Math.round(ups.chargePercent)} %`}`,
			severity: 'critical', affected: dependentsOf(ups.id), since, planned: null, claims: 'subject-only',
		});
	}
	const fed = new Map<string, string[]>();
	for (const device of topology.devices) for (const outlet of device.power) fed.set(outlet, [...(fed.get(outlet) ?? []), device.name]);
	for (const entity of snapshot.byKind.outlet) {
		const outlet = entity as OutletEntity;
		if (outlet.state !== 'off') continue;
		const affected = dependents(snapshot, topology, outlet.id);
		if (affected.length === 0) continue;
		const planned = context.planned(outlet.id) ?? null;
		const pduName = snapshot.entities.get(outlet.pdu)?.name ?? outlet.source;
		const machines = fed.get(outlet.id) ?? [];
		causes.push({
			cause: 'outlet-off', id: `incident:outlet-off:${outlet.id}`, subject: outlet.id, pane: 'power',
			title: `${pduName} outlet ${outlet.number} off${machines.length > 0 ? `: ${machines.join(', ')} without power` : ''}`,
			figure: planned ? `${planned.action} by ${planned.user}, {age} ago` : 'off for {age}',
			severity: planned ? 'info' : 'critical', affected, since: planned?.at, planned, claims: 'affected',
		});
	}
	causes.push(...machineOffCauses(context));
	for (const entity of snapshot.byKind.host) {
		const host = entity as HostEntity;
		if (host.role !== 'node' || host.isOnline !== false) continue;
		const own = alertOf(host.id);
		const planned = context.planned(host.id) ?? null;
		causes.push({
			cause: 'node-down', id: `incident:node-down:${host.id}`, subject: host.id, pane: 'hosts',
			title: `Proxmox node ${host.name} offline`, figure: 'offline for {age}',
			severity: planned ? 'info' : own?.severity ?? 'warning', affected: own?.impact ?? dependents(snapshot, topology, host.id), since: own?.since ?? planned?.at, planned, claims: 'affected',
		});
	}
	causes.push(...hungCauses(context));
	causes.push(...hubCauses(context));
	const entitiesOfSource = new Map<string, string[]>();
	for (const entity of snapshot.entities.values()) {
		const list = entitiesOfSource.get(entity.source);
		if (list) list.push(entity.id);
		else entitiesOfSource.set(entity.source, [entity.id]);
	}
	for (const alert of context.alerts) {
		if (alert.ruleId !== 'source.down') continue;
		const source = snapshot.sources[alert.source];
		const entities = entitiesOfSource.get(alert.source) ?? [];
		const devices = [...new Set(entities.flatMap(id => {
			const device = context.deviceOf.get(id);
			return device ? [deviceRef(device)] : [];
		}))];
		causes.push({
			cause: 'source-down', id: `incident:source-down:${alert.source}`, subject: `source:${alert.source}`, pane: 'alerts',
			title: `${source?.name ?? alert.source} unreachable`, figure: `for {age}${source?.lastError ? `: ${source.lastError}` : ''}`,
			severity: alert.severity, affected: [...devices, ...entities], since: alert.since, planned: null, claims: 'subject-only',
		});
	}
	return causes;
}

/** A machine whose BMC says it is powered off: its other sources go unreachable, its guests down. */
function machineOffCauses(context: CauseContext): Cause[] {
	const {snapshot, topology} = context;
	const causes: Cause[] = [];
	for (const entity of snapshot.byKind.bmc) {
		const bmc = entity as BmcEntity;
		const device = context.deviceOf.get(bmc.id);
		if (bmc.powerState !== 'off' || device === undefined) continue;
		const name = topology.devices.find(item => item.id === device)?.name ?? device;
		const planned = context.planned(bmc.id) ?? null;
		const affected = dependents(snapshot, topology, deviceRef(device)).filter(id => id !== bmc.id);
		causes.push({
			cause: 'machine-off', id: `incident:machine-off:${bmc.id}`, subject: bmc.id, pane: 'hosts',
			title: `${name} powered off (BMC ${bmc.name})`, figure: planned ? `${planned.action} by ${planned.user}, {age} ago` : 'off for {age}',
			severity: planned ? 'info' : 'critical', affected: [deviceRef(device), ...affected], since: planned?.at, planned, claims: 'affected',
		});
	}
	return causes;
}

/**
 * A machine powered on but not answering (src/machine-rules.ts): its own alert's incident, which
 * takes its OS views with it, so their sources going unreachable fold under it.
 */
function hungCauses(context: CauseContext): Cause[] {
	const {snapshot, topology} = context;
	const causes: Cause[] = [];
	for (const alert of context.alerts) {
		if (alert.ruleId !== machineHungRule || alert.entityId === null) continue;
		const machine = machineOf(snapshot, topology, alert.entityId);
		const views = machine ? [...machine.hosts, ...machine.gpus].map(view => view.id) : [];
		const device = machine?.device ? [deviceRef(machine.device.id)] : [];
		const affected = [...new Set([...device, ...views, ...views.flatMap(id => dependents(snapshot, topology, id)), ...alert.impact])];
		causes.push({
			cause: 'alert', id: `incident:alert:${alert.id}`, subject: alert.entityId, pane: 'hosts', title: alert.message.replace(/ \(critical in [^)]*\)$/, ''), figure: 'for {age}',
			severity: alert.severity, affected, since: alert.since, planned: null, claims: 'affected', isMachineSymptom: true,
		});
	}
	return causes;
}

/**
 * A home-automation hub whose VM is stopped: a guest that a source names as its `runsOn` (that
 * source's entities are what stops with it), or a guest in the same topology device as automation
 * entities (the config lists the hub's guest and its automations in one device).
 */
function hubCauses(context: CauseContext): Cause[] {
	const {snapshot, topology} = context;
	const causes: Cause[] = [];
	if (snapshot.byKind.automation.length === 0) return causes;
	const hosted = new Map<string, string[]>();
	const runsOn = topology.runsOn ?? {};
	if (Object.keys(runsOn).length > 0) {
		for (const entity of snapshot.entities.values()) {
			const target = runsOn[entity.source];
			if (target !== undefined) hosted.set(target, [...(hosted.get(target) ?? []), entity.id]);
		}
	}
	const onGuest = new Map<string, string[]>();
	for (const device of topology.devices) {
		const automations = device.entities.filter(id => snapshot.entities.get(id)?.kind === 'automation');
		if (automations.length === 0) continue;
		for (const id of device.entities) if (snapshot.entities.get(id)?.kind === 'guest') onGuest.set(id, [...(onGuest.get(id) ?? []), ...automations]);
	}
	for (const [id, entities] of hosted) if (snapshot.entities.get(id)?.kind === 'guest') onGuest.set(id, [...(onGuest.get(id) ?? []), ...entities]);
	for (const [id, entities] of onGuest) {
		const guest = snapshot.entities.get(id) as GuestEntity | undefined;
		if (guest?.status !== 'stopped') continue;
		const affected = [...new Set(entities)];
		const automations = affected.filter(item => snapshot.entities.get(item)?.kind === 'automation');
		if (automations.length === 0) continue;
		const planned = context.planned(guest.id) ?? null;
		const hub = (snapshot.entities.get(automations[0]!) as AutomationEntity).hub;
		causes.push({
			cause: 'hub-stopped', id: `incident:hub-stopped:${guest.id}`, subject: guest.id, pane: 'automations',
			title: `${hub} hub VM ${guest.vmid} ${guest.name} stopped: ${automations.length} automations stale`, figure: 'stopped for {age}',
			severity: planned ? 'info' : 'critical', affected, since: planned?.at, planned, claims: 'affected',
		});
	}
	return causes;
}

/** A critical alert no known cause explains is an incident of its own (a GPU past its slowdown), as is a hot GPU's warning. */
export function alertCause(alert: Alert, snapshot: Snapshot, topology: Topology): Cause {
	const entity: Entity | undefined = alert.entityId ? snapshot.entities.get(alert.entityId) : undefined;
	const figure = entity?.kind === 'gpu' && entity.temperature.celsius !== null ? `${entity.temperature.celsius} °C for {age}` : 'for {age}';
	const pane = entity ? ({gpu: 'gpus', guest: 'vms', host: 'hosts', ups: 'power', outlet: 'power', pdu: 'power', automation: 'automations'} as Record<string, string>)[entity.kind] ?? 'alerts' : 'alerts';
	const isGpuHeat = entity?.kind === 'gpu' && alert.condition === 'gpu.temp';
	const title = !isGpuHeat ? alert.message
		: alert.severity === 'critical'
			? `${nameOf(snapshot, topology, entity.id)} past its slowdown threshold ${entity.temperature.slowdownCelsius ?? '?'} °C: clocks cut`
			: `${nameOf(snapshot, topology, entity.id)} hot, heading for its slowdown threshold ${entity.temperature.slowdownCelsius ?? '?'} °C`;
	// One incident per condition: a hot GPU's incident escalates in place when it passes its threshold.
	const key = alert.condition && alert.entityId ? `${alert.condition}:${alert.entityId}` : alert.id;
	return {
		cause: 'alert', id: `incident:alert:${key}`, subject: alert.entityId ?? `source:${alert.source}`, pane,
		title, figure, severity: alert.severity,
		affected: alert.impact, since: alert.since, planned: null, claims: 'subject-only',
	};
}

/** The names of what an incident takes down: each device once; guests and GPUs by name. */
export function affectedNames(snapshot: Snapshot, topology: Topology, affected: readonly string[], deviceOf: ReadonlyMap<string, string>, deviceNames?: ReadonlyMap<string, string>): {ids: string[]; names: string[]} {
	const present = new Set(affected);
	const ids: string[] = [];
	const names: string[] = [];
	const seen = new Set<string>();
	for (const id of affected) {
		const device = deviceOf.get(id);
		const kind = id.slice(0, id.indexOf(':'));
		// Entities that live in an affected device are that device, except guests and GPUs.
		if (device && present.has(deviceRef(device)) && kind !== 'guest' && kind !== 'gpu') continue;
		if (kind === 'outlet' || kind === 'storage') continue;
		const name = deviceNames?.get(id) ?? nameOf(snapshot, topology, id);
		if (seen.has(name)) continue;
		seen.add(name);
		ids.push(id);
		names.push(name);
	}
	return {ids, names};
}

/** `3 devices · 5 guests · 2 GPUs`. */
export function affectedSummary(affected: readonly string[]): string {
	let devices = 0;
	let guests = 0;
	let gpus = 0;
	let other = 0;
	for (const id of affected) {
		if (id.startsWith('device:') || id.startsWith('host:')) devices++;
		else if (id.startsWith('guest:')) guests++;
		else if (id.startsWith('gpu:')) gpus++;
		else other++;
	}
	const parts = [[devices, 'device'], [guests, 'guest'], [gpus, 'GPU'], [other, 'other']] as const;
	const text = parts.filter(([count]) => count > 0).map(([count, noun]) => `${count} ${noun}${count === 1 || noun === 'other' ? '' : 's'}`).join(' · ');
	return text === '' ? 'nothing else' : text;
}

export const fillAge = (figure: string, since: number, now: number) => figure.replace('{age}', formatDuration(Math.max(0, (now - since) / 1000)));

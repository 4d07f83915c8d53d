// The incident engine: alerts grouped through the topology under a root cause (a UPS on battery,
// an outlet off, a node down, a hub VM stopped, a source unreachable, or a critical alert nothing
// else explains), each with its affected devices named once. Symptoms of a known cause fold
// under it instead of paging on their own (as Alertmanager's inhibition does): outlet 5 off
// takes `gpu-box-2 unreachable` and `gpus-box-2 unreachable` under "PDU A outlet 5 off". A change
// an operator made (an action or a shed-plan step, from the audit log) is planned: its incident
// is `info`, its symptoms do not page, and under an open UPS incident it is listed as a step.
import {affectedNames, alertCause, fillAge, findCauses, type Cause} from './incident-causes.js';
import {severityRank} from './alerts.js';
import type {Alert, Incident, PlannedChange, Snapshot, Topology} from './model.js';
import {deviceRef} from './topology.js';
import {machineOf} from './devices.js';

export type {Incident} from './model.js';
import {affectedSummary} from './incident-causes.js';

export {affectedSummary};

export type Triage = {
	/** What pages: unfolded alerts and each incident's own alert. */
	readonly alerts: readonly Alert[];
	readonly incidents: readonly Incident[];
};

/** Looks up the planned change of an entity (src/planned-changes.ts); none: a plain function returning undefined. */
export type PlannedLookup = (entityId: string) => PlannedChange | undefined;

const noPlans: PlannedLookup = () => undefined;

type Group = {
	cause: Cause;
	alerts: Alert[];
	affected: Set<string>;
	/** What the planned steps folded under it took down (a shed machine and its sources). */
	stepAffected: Set<string>;
	steps: Incident['plannedSteps'][number][];
	/** Affected ids and names, computed once. */
	named?: {ids: string[]; names: string[]};
};

/** What a group's alerts may come from: everything its cause takes down, or only its planned steps' part. */
const claimSet = (group: Group): ReadonlySet<string> => (group.cause.claims === 'affected' ? group.affected : group.stepAffected);

export class IncidentEngine {
	readonly #topology: Topology;
	readonly #deviceOf = new Map<string, string>();
	readonly #deviceNames = new Map<string, string>();
	/** Source → its entity ids, for the snapshot being correlated. */
	#bySource: {snapshot: Snapshot | undefined; map: Map<string, string[]>} = {snapshot: undefined, map: new Map()};
	/** Incident id → first seen (epoch ms), for causes whose data has no start time. */
	readonly #firstSeen = new Map<string, number>();

	constructor(topology: Topology) {
		this.#topology = topology;
		for (const device of topology.devices) {
			this.#deviceNames.set(deviceRef(device.id), device.name);
			for (const id of device.entities) if (!this.#deviceOf.has(id)) this.#deviceOf.set(id, device.id);
		}
	}

	/** Groups the alert engine's alerts into incidents; returns what pages and the open incidents, worst first. */
	correlate(snapshot: Snapshot, alerts: readonly Alert[], now: number, planned: PlannedLookup = noPlans): Triage {
		const topology = this.#topology;
		const causes = findCauses({snapshot, topology, alerts, now, planned, deviceOf: this.#deviceOf});
		const groups: Group[] = [];
		const owner = new Map<string, Group>();
		for (const cause of causes) {
			// A cause inside what an earlier cause takes down is its symptom (node behind an off outlet).
			const parent = groups.find(group => this.#covers(claimSet(group), cause.subject, snapshot) || (cause.isMachineSymptom === true && this.#sameMachine(snapshot, group.cause.subject, cause.subject)));
			const upsParent = cause.planned ? groups.find(group => group.cause.cause === 'ups-on-battery' && group.affected.has(cause.subject)) : undefined;
			const into = parent ?? upsParent;
			if (into) {
				owner.set(cause.id, into);
				if (cause.planned) into.steps.push({subject: cause.subject, name: cause.title, change: cause.planned});
				// What the folded cause takes down joins its parent (a planned outlet's machine under its UPS).
				if (into === upsParent) for (const id of cause.affected) into.stepAffected.add(id);
				continue;
			}
			const group: Group = {cause, alerts: [], affected: new Set(cause.affected), stepAffected: new Set(), steps: []};
			groups.push(group);
			owner.set(cause.id, group);
		}
		const paging: Alert[] = [];
		for (const alert of alerts) {
			const group = this.#claim(groups, alert, snapshot);
			if (!group) {
				paging.push(alert);
				continue;
			}
			group.alerts.push(alert);
			const isOwn = alert.entityId === group.cause.subject || (alert.entityId === null && `source:${alert.source}` === group.cause.subject);
			if (isOwn && !group.cause.planned) paging.push(alert);
		}
		// A critical alert that no cause explains is an incident of its own, and so is a hot GPU
		// heading for its slowdown threshold (the same incident escalates when it gets there).
		for (const alert of paging) {
			if ((alert.severity !== 'critical' && alert.condition !== 'gpu.temp') || groups.some(group => group.alerts.includes(alert))) continue;
			groups.push({cause: alertCause(alert, snapshot, topology), alerts: [alert], affected: new Set(alert.impact), stepAffected: new Set(), steps: []});
		}
		// Causes found in the state with no alert of their own (an outlet off) page through one.
		for (const group of groups) {
			const hasOwn = group.alerts.some(alert => alert.entityId === group.cause.subject || `source:${alert.source}` === group.cause.subject);
			if (!hasOwn) paging.push(this.#causeAlert(group, snapshot, now));
		}
		const open = new Set<string>();
		const incidents = groups.map(group => {
			open.add(group.cause.id);
			return this.#incident(group, snapshot, now);
		});
		for (const id of this.#firstSeen.keys()) if (!open.has(id)) this.#firstSeen.delete(id);
		// Worst first; among equals the one that takes most down, then the oldest.
		incidents.sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || b.affected.length - a.affected.length || a.since - b.since || (a.id < b.id ? -1 : 1));
		paging.sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || a.since - b.since || (a.id < b.id ? -1 : 1));
		return {alerts: paging, incidents};
	}

	/** Is `subject` (an entity id or `source:<id>`) inside what the group's cause takes down? */
	#covers(affected: ReadonlySet<string>, subject: string, snapshot: Snapshot): boolean {
		if (affected.size === 0) return false;
		if (affected.has(subject)) return true;
		const device = this.#deviceOf.get(subject);
		if (device && affected.has(deviceRef(device))) return true;
		if (!subject.startsWith('source:')) return false;
		const ids = this.#entitiesOf(snapshot, subject.slice('source:'.length));
		for (const id of ids) {
			const home = this.#deviceOf.get(id);
			if (!affected.has(id) && !(home && affected.has(deviceRef(home)))) return false;
		}
		return ids.length > 0;
	}

	#sameMachine(snapshot: Snapshot, a: string, b: string): boolean {
		const machine = machineOf(snapshot, this.#topology, a);
		return machine !== undefined && machine === machineOf(snapshot, this.#topology, b);
	}

	#entitiesOf(snapshot: Snapshot, source: string): readonly string[] {
		if (this.#bySource.snapshot !== snapshot) {
			const map = new Map<string, string[]>();
			for (const entity of snapshot.entities.values()) {
				const list = map.get(entity.source);
				if (list) list.push(entity.id);
				else map.set(entity.source, [entity.id]);
			}
			this.#bySource = {snapshot, map};
		}
		return this.#bySource.map.get(source) ?? [];
	}

	#claim(groups: readonly Group[], alert: Alert, snapshot: Snapshot): Group | undefined {
		const subject = alert.entityId ?? `source:${alert.source}`;
		for (const group of groups) {
			if (subject === group.cause.subject) return group;
			// Under a UPS incident only the symptoms of its planned steps (a shed machine's sources).
			if (this.#covers(claimSet(group), subject, snapshot)) return group;
		}
		// A machine's reachability alert (src/machine-rules.ts) belongs to a cause on the same machine or its source.
		if (alert.ruleId.startsWith('machine.')) return groups.find(group => group.cause.subject === `source:${alert.source}` || this.#sameMachine(snapshot, group.cause.subject, subject));
		return undefined;
	}

	#named(group: Group, snapshot: Snapshot): {ids: string[]; names: string[]} {
		group.named ??= affectedNames(snapshot, this.#topology, [...group.affected], this.#deviceOf, this.#deviceNames);
		return group.named;
	}

	#since(group: Group, now: number): number {
		const known = group.cause.since ?? group.alerts.reduce<number | undefined>((min, alert) => (min === undefined || alert.since < min ? alert.since : min), undefined);
		const first = this.#firstSeen.get(group.cause.id) ?? known ?? now;
		this.#firstSeen.set(group.cause.id, first);
		return known ?? first;
	}

	#causeAlert(group: Group, snapshot: Snapshot, now: number): Alert {
		const {cause} = group;
		const since = this.#since(group, now);
		const names = this.#named(group, snapshot).names;
		const planned = cause.planned ? ` (planned: ${cause.planned.action} by ${cause.planned.user})` : '';
		return {
			id: cause.id, ruleId: `incident.${cause.cause}`, severity: cause.severity, entityId: cause.subject.startsWith('source:') ? null : cause.subject,
			source: cause.subject.startsWith('source:') ? cause.subject.slice(7) : snapshot.entities.get(cause.subject)?.source ?? '',
			message: `${cause.title}${planned}${names.length > 0 ? `; affects ${names.length}` : ''}`, since, impact: [...group.affected],
		};
	}

	#incident(group: Group, snapshot: Snapshot, now: number): Incident {
		const {cause} = group;
		const since = this.#since(group, now);
		const {ids, names} = this.#named(group, snapshot);
		const worst = group.alerts.reduce((rank, alert) => Math.min(rank, severityRank[alert.severity]), severityRank[cause.severity]);
		const severity = cause.planned ? 'info' : (['critical', 'warning', 'info'] as const)[worst]!;
		return {
			id: cause.id, cause: cause.cause, severity, title: cause.title, figure: fillAge(cause.figure, since, now), subject: cause.subject, pane: cause.pane,
			since, affected: ids, affectedNames: names, alerts: group.alerts, planned: cause.planned, plannedSteps: group.steps,
		};
	}
}

/** Incidents that page (planned ones are `info` and do not). */
export const pagingIncidents = (incidents: readonly Incident[]): readonly Incident[] => incidents.filter(incident => incident.severity !== 'info');

/** The banner every pane carries while an incident is open: root cause, key figure, how much it affects. */
export function incidentBanner(incidents: readonly Incident[], width = Infinity): string | undefined {
	const open = pagingIncidents(incidents);
	const top = open[0];
	if (!top) return undefined;
	const isPower = open.some(incident => incident.cause === 'ups-on-battery');
	const mark = top.severity === 'critical' ? '▲' : '△';
	const full = `${mark} ${top.title} · ${top.figure} · affects ${affectedSummaryOf(top)}${isPower ? ' · S: shed plan' : ''}${open.length > 1 ? ` · +${open.length - 1} more (0: incidents)` : ''}`;
	if (full.length <= width) return full;
	// Narrow: the key figure's first part and the count; then the title gives way.
	const tail = ` · ${top.figure.split(', ')[0]} · ${top.affected.length} affected${isPower ? ' · S shed' : ''}${open.length > 1 ? ` · +${open.length - 1}` : ''}`;
	const room = width - tail.length - 2;
	const title = top.title.length <= room ? top.title : `${top.title.slice(0, Math.max(8, room - 1))}…`;
	return `${mark} ${title}${tail}`;
}

function affectedSummaryOf(incident: Incident): string {
	return affectedSummary(incident.affected);
}

// Triage: the alert engine, then the incident engine over its alerts, after every poll; the
// result goes into the snapshot (`alerts` pages, `incidents` groups), and what changed becomes
// timeline events: alerts raised, escalated and cleared (one condition per entity), incidents
// opened and closed.
import type {AlertEngine} from './alerts.js';
import {IncidentEngine, type PlannedLookup, type Triage} from './incidents.js';
import type {Alert, Incident, Snapshot, Topology} from './model.js';
import {severityRank} from './alerts.js';
import {setAlerts} from './store.js';
import type {TimelineEvent} from './timeline.js';

export class TriageEngine {
	readonly #alerts: AlertEngine;
	readonly #incidents: IncidentEngine;

	constructor(alerts: AlertEngine, topology: Topology) {
		this.#alerts = alerts;
		this.#incidents = new IncidentEngine(topology);
	}

	evaluate(snapshot: Snapshot, now: number, planned?: PlannedLookup): Triage {
		return this.#incidents.correlate(snapshot, this.#alerts.evaluate(snapshot, now), now, planned);
	}
}

/** The snapshot with the triage's alerts and incidents (the same object when nothing changed). */
export function setTriage(snapshot: Snapshot, triage: Triage): Snapshot {
	const withAlerts = setAlerts(snapshot, triage.alerts);
	if (sameIncidents(withAlerts.incidents, triage.incidents)) return withAlerts;
	return {...withAlerts, incidents: triage.incidents};
}

function sameIncidents(a: readonly Incident[], b: readonly Incident[]): boolean {
	return a.length === b.length && a.every((incident, index) => {
		const other = b[index]!;
		return incident.id === other.id && incident.severity === other.severity && incident.figure === other.figure && incident.affected.length === other.affected.length && incident.alerts.length === other.alerts.length && incident.plannedSteps.length === other.plannedSteps.length;
	});
}

const conditionKey = (alert: Alert) => `${alert.condition ?? alert.ruleId}|${alert.entityId ?? `source:${alert.source}`}`;

/** Timeline events between two triage results. */
export function triageEvents(before: Pick<Snapshot, 'alerts' | 'incidents'>, after: Triage, now: number): TimelineEvent[] {
	const events: TimelineEvent[] = [];
	const old = new Map(before.alerts.map(alert => [conditionKey(alert), alert]));
	const next = new Map(after.alerts.map(alert => [conditionKey(alert), alert]));
	const base = (alert: Alert) => ({source: alert.source, ...(alert.entityId ? {entity: alert.entityId} : {})});
	for (const [key, alert] of next) {
		const was = old.get(key);
		if (!was) events.push({at: now, type: 'alert.raised', ...base(alert), message: `${alert.severity}: ${alert.message}`, details: {alert: alert.id, severity: alert.severity}});
		else if (severityRank[alert.severity] < severityRank[was.severity]) events.push({at: now, type: 'alert.escalated', ...base(alert), message: `${was.severity} → ${alert.severity}: ${alert.message}`, details: {alert: alert.id, from: was.severity, severity: alert.severity}});
	}
	for (const [key, alert] of old) if (!next.has(key)) events.push({at: now, type: 'alert.cleared', ...base(alert), message: `cleared: ${alert.message}`, details: {alert: alert.id}});
	const openBefore = new Map(before.incidents.map(incident => [incident.id, incident]));
	const openAfter = new Set(after.incidents.map(incident => incident.id));
	for (const incident of after.incidents) {
		if (openBefore.has(incident.id)) continue;
		const planned = incident.planned ? ` (planned: ${incident.planned.action} by ${incident.planned.user})` : '';
		events.push({at: now, type: 'incident.opened', ...subjectOf(incident), message: `${incident.severity}: ${incident.title}${planned}; affects ${incident.affectedNames.length}`, details: {incident: incident.id, severity: incident.severity, affected: incident.affected.length}});
	}
	for (const incident of before.incidents) {
		if (!openAfter.has(incident.id)) events.push({at: now, type: 'incident.closed', ...subjectOf(incident), message: `closed: ${incident.title} (open ${Math.round((now - incident.since) / 1000)} s)`, details: {incident: incident.id}});
	}
	return events;
}

function subjectOf(incident: Incident): {source?: string; entity?: string} {
	return incident.subject.startsWith('source:') ? {source: incident.subject.slice('source:'.length)} : {entity: incident.subject};
}

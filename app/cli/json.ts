// The `--json` document: exactly one per run on stdout, with a `schema` version, the generation
// time, every source's health and the items. Described by schema/labdeck-output.schema.json.
import type {Alert} from '../../src/alerts.js';
import type {Entity} from '../../src/entities.js';
import type {Incident, PlannedChange} from '../../src/model.js';
import {staleness} from '../../src/staleness.js';
import type {Snapshot, SourceHealth} from '../../src/store.js';
import {impactEntries} from '../../src/devices.js';
import type {Topology} from '../../src/topology.js';

/** JSON text with C1 and bidi controls escaped too (`\u009b`, `\u202e`): every `--json` document is printed through it. */
export {toJsonText} from '../../src/sanitize.js';

export const jsonSchemaVersion = 'labdeck/1';

export type JsonSource = {
	readonly id: string;
	readonly type: string;
	readonly name: string;
	readonly status: SourceHealth['status'];
	readonly lastSuccess: string | null;
	readonly lastError: string | null;
	readonly errorName: string | null;
	readonly latencyMs: number | null;
	/** One line about the last good poll that is not an error (values out of range cleared). */
	readonly note: string | null;
};

export type JsonDocument = {
	readonly schema: typeof jsonSchemaVersion;
	readonly command: string;
	readonly generatedAt: string;
	readonly lab: string;
	readonly sources: readonly JsonSource[];
	readonly items: readonly Record<string, unknown>[];
	readonly alerts: readonly JsonAlert[];
	/** Open incidents (`alerts` and `status`): root cause, affected devices, folded alerts. */
	readonly incidents?: readonly JsonIncident[];
	/** One-line notices: config warnings, disabled sources' reasons are in `sources`. */
	readonly notices: readonly string[];
	readonly summary?: Record<string, unknown>;
	/** `hosts`: one entry per machine, its views from every source merged (src/machine-json.ts). */
	readonly machines?: readonly Record<string, unknown>[];
};

export type JsonAlert = Omit<Alert, 'since' | 'impact'> & {readonly since: string; readonly impact: readonly {readonly id: string; readonly name: string}[]};

export type JsonPlanned = Omit<PlannedChange, 'at'> & {readonly at: string};

export type JsonIncident = Omit<Incident, 'since' | 'affected' | 'affectedNames' | 'alerts' | 'planned' | 'plannedSteps' | 'pane'> & {
	readonly since: string;
	readonly affected: readonly {readonly id: string; readonly name: string}[];
	readonly alerts: readonly JsonAlert[];
	readonly planned: JsonPlanned | null;
	readonly plannedSteps: readonly {readonly subject: string; readonly name: string; readonly change: JsonPlanned}[];
};

const jsonPlanned = (change: PlannedChange): JsonPlanned => ({...change, at: new Date(change.at).toISOString()});

export function jsonIncidents(incidents: readonly Incident[], snapshot: Snapshot, topology: Topology): JsonIncident[] {
	return incidents.map(({pane: _pane, affectedNames, ...incident}) => ({
		...incident,
		since: new Date(incident.since).toISOString(),
		affected: incident.affected.map((id, index) => ({id, name: affectedNames[index] ?? id})),
		alerts: jsonAlerts(incident.alerts, snapshot, topology),
		planned: incident.planned ? jsonPlanned(incident.planned) : null,
		plannedSteps: incident.plannedSteps.map(step => ({...step, change: jsonPlanned(step.change)})),
	}));
}

export function jsonSources(snapshot: Snapshot): JsonSource[] {
	return Object.values(snapshot.sources).map(source => ({
		id: source.id,
		type: source.type,
		name: source.name,
		status: source.status,
		lastSuccess: source.lastSuccess === null ? null : new Date(source.lastSuccess).toISOString(),
		lastError: source.lastError,
		errorName: source.errorName,
		latencyMs: source.latencyMs,
		note: source.note ?? null,
	}));
}

export function jsonEntity(entity: Entity, snapshot: Snapshot, now: number): Record<string, unknown> {
	const {isStale, ageSec} = staleness(entity, snapshot, now);
	return {...entity, seenAt: new Date(entity.seenAt).toISOString(), isStale, ageSec};
}

export function jsonAlerts(alerts: readonly Alert[], snapshot: Snapshot, topology: Topology): JsonAlert[] {
	return alerts.map(alert => ({...alert, since: new Date(alert.since).toISOString(), impact: impactEntries(snapshot, topology, alert.impact)}));
}

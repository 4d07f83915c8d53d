// The shared model types: entities (re-exported), source health, the snapshot, alerts and their
// rules, and the topology. Every core module takes these types from here, so the modules that
// compute them (store, alerts, topology, plugin-api) need not import one another for types.
import type {Entity, EntityKind, Num} from './entities.js';
import type {Series} from './series.js';
import type {TimelineEvent} from './timeline.js';

export type {Entity, EntityKind, EntityOfKind, EntityDraft, Num} from './entities.js';

export type SourceStatus = 'pending' | 'ok' | 'degraded' | 'down' | 'disabled';

export type SourceHealth = {
	readonly id: string;
	readonly type: string;
	readonly name: string;
	readonly status: SourceStatus;
	/** Seconds between polls, for staleness. */
	readonly interval: number;
	/** Epoch ms of the last poll that returned data. */
	readonly lastSuccess: number | null;
	/** Epoch ms the source went down (first failure after a success). */
	readonly downSince: number | null;
	/** One line: the last error, the partial-data note or the reason it is disabled. */
	readonly lastError: string | null;
	/** The last error's class name (`TimeoutError`, `AuthError`…), for `doctor` and `--json`. */
	readonly errorName: string | null;
	readonly latencyMs: number | null;
	readonly consecutiveFailures: number;
	/** Recent poll latencies in ms (successful polls), for the sources pane's sparkline. */
	readonly latencyHistory?: Series;
	/** Epoch ms of the next scheduled poll; absent or null while none is scheduled (one-shot). */
	readonly nextPollAt?: number | null;
	/** Seconds the poller waits before the next retry while the source fails (its backoff); 0 when healthy. */
	readonly backoffSec?: number;
	/** One line about the last good poll that is not an error (values out of range cleared); absent when none. */
	readonly note?: string;
};

export type Snapshot = {
	readonly lab: string;
	/** Increases with every change. */
	readonly version: number;
	readonly sources: Readonly<Record<string, SourceHealth>>;
	readonly entities: ReadonlyMap<string, Entity>;
	/** Entities per kind, sorted by id; an array keeps its identity while its kind is unchanged. */
	readonly byKind: Readonly<Record<EntityKind, readonly Entity[]>>;
	/** Recent samples per entity and metric (read them with seriesValues()). */
	readonly history: ReadonlyMap<string, Readonly<Record<string, Series>>>;
	readonly alerts: readonly Alert[];
	/** Open incidents (src/incidents.ts): alerts grouped under a root cause, worst first. */
	readonly incidents: readonly Incident[];
	/** Epoch ms of the saved state this snapshot was restored from, if any. */
	readonly restoredFrom: number | null;
	/** One-line notices for the header (config warnings, insecure TLS). */
	readonly notices: readonly string[];
	/** The plugin types that report each kind (from the registry), for "nothing configured" lines. */
	readonly providers: Readonly<Partial<Record<EntityKind, readonly string[]>>>;
	/** The newest timeline events, newest first (src/timeline-events.ts keeps it); absent before the lab loads them. */
	readonly timeline?: readonly TimelineEvent[];
};

export type Severity = 'critical' | 'warning' | 'info';

export type Alert = {
	/** `<rule>:<entity or source id>`. */
	readonly id: string;
	readonly ruleId: string;
	readonly severity: Severity;
	/** The entity it is about; null for a source-level alert. */
	readonly entityId: string | null;
	readonly source: string;
	readonly message: string;
	/** Epoch ms the alert fired. */
	readonly since: number;
	/** Ids of what depends on the failing thing (devices, hosts, guests, GPUs). */
	readonly impact: readonly string[];
	/** The rules' shared condition (`gpu.temp`): one alert per condition per entity, the worst. */
	readonly condition?: string;
};

export type IncidentCause = 'ups-on-battery' | 'outlet-off' | 'machine-off' | 'node-down' | 'source-down' | 'hub-stopped' | 'alert';

/** A change an operator made on purpose (from the audit log): it does not page. */
export type PlannedChange = {readonly action: string; readonly at: number; readonly user: string; readonly origin: string};

/** Alerts grouped through the topology under one root cause (src/incidents.ts). */
export type Incident = {
	/** `incident:<cause>:<entity or source id>`. */
	readonly id: string;
	readonly cause: IncidentCause;
	readonly severity: Severity;
	/** The root cause in words ("PDU A outlet 5 off: gpu-box-2 without power"). */
	readonly title: string;
	/** Its key figure: runtime left, temperature, age. */
	readonly figure: string;
	/** The root cause's entity (or `source:<id>` for a source). */
	readonly subject: string;
	/** The pane its subject is shown in. */
	readonly pane: string;
	/** Epoch ms the cause began (as far as labdeck knows). */
	readonly since: number;
	/** What it takes down, each device once (`device:<id>`, guests and GPUs by id). */
	readonly affected: readonly string[];
	/** Display names of `affected`, same order. */
	readonly affectedNames: readonly string[];
	/** Alerts folded under it (its own alert first). */
	readonly alerts: readonly Alert[];
	/** Set when an operator's action or a plan step made this change. */
	readonly planned: PlannedChange | null;
	/** Planned changes folded under it (a shed plan's steps under its UPS). */
	readonly plannedSteps: readonly {readonly subject: string; readonly name: string; readonly change: PlannedChange}[];
};

export type Rack = {readonly id: string; readonly name: string; readonly height: number};

export type Device = {
	readonly id: string;
	readonly name: string;
	readonly rack?: string;
	/** Lowest U the device occupies (1 = bottom). */
	readonly u?: number;
	readonly height?: number;
	/** Outlet entity ids that feed it. */
	readonly power: readonly string[];
	/** UPS entity id that feeds it (directly or through its PDU). */
	readonly ups?: string;
	/** Entity ids that live in this device (its host, BMC, PDU…). */
	readonly entities: readonly string[];
	/** Shedding order: lower is shed first. */
	readonly priority?: number;
	/** Never switched off by a shed-load plan. */
	readonly neverShed?: boolean;
	/** Guests to shut down gracefully before the device's outlets are switched off. */
	readonly graceful?: {
		readonly guests: readonly string[];
		/** Shed stages in order (`guests`, `os`; the outlet always last); default guests, os, outlet. */
		readonly stages?: readonly ('guests' | 'os' | 'outlet')[];
		/** Seconds per stage before the plan moves on (guests) or stops (os). */
		readonly timeoutSec?: Readonly<Partial<Record<'guests' | 'os' | 'outlet', number>>>;
	};
	/** Seconds to warn before a step of a shed plan acts on this device. */
	readonly warnDelaySec?: number;
};

export type Topology = {
	readonly racks: readonly Rack[];
	readonly devices: readonly Device[];
	/** Source id → the entity id or `device:<id>` it runs on (the source's `runsOn`): its entities depend on it. */
	readonly runsOn?: Readonly<Record<string, string>>;
};

/** One alert rule: a threshold with hysteresis over one metric of entities of one kind. */
export type AlertRule = {
	readonly id: string;
	readonly kind: EntityKind;
	readonly severity: 'critical' | 'warning' | 'info';
	/** The value compared; null skips the entity (unknown is not an alert). `now`: epoch ms of the evaluation. */
	metric(entity: Entity, now: number): Num;
	/** Fires when the value goes at or above `trigger` (or at or below, when `below`). */
	readonly trigger: number;
	/** Clears when the value goes back past `clear`. */
	readonly clear: number;
	readonly isBelow?: boolean;
	/** Seconds the condition must hold before the alert fires. */
	readonly forSec: number;
	/** Rules sharing a condition (`gpu.temp`: warning at 80 °C, critical at slowdown) raise one alert per entity, the worst. */
	readonly condition?: string;
	message(entity: Entity, value: number, now: number): string;
};


// The shared entity model. Plugins translate device replies into these kinds, so a new device
// type shows up in the existing panes without touching views/. Every number that a device did
// not report (N/A, unsupported, sentinel values) is `null`, never 0: views show it as "–".
// A change to an entity's shape bumps `entityFormat` in state-file.ts, so that state saved in
// the old shape is not restored.

export const entityKinds = [
	'host',
	'guest',
	'gpu',
	'outlet',
	'pdu',
	'ups',
	'bmc',
	'automation',
	'storage',
	'ats',
] as const;

export type EntityKind = (typeof entityKinds)[number];

/** A number the device may not have reported. */
export type Num = number | null;

type Base<K extends EntityKind> = {
	/** Stable id `kind:source/local-id`, e.g. `guest:pve-main/101`. */
	readonly id: string;
	readonly kind: K;
	/** Id of the config source that reported it. */
	readonly source: string;
	/** The id inside its source (vmid, outlet number, GPU index…). */
	readonly localId: string;
	/** Display name. */
	readonly name: string;
	/** Epoch ms when the poller last saw it; set by the poller, not by plugins. */
	readonly seenAt: number;
};

export type Filesystem = {
	readonly mount: string;
	readonly fsType: string | null;
	readonly sizeBytes: Num;
	readonly usedBytes: Num;
};

export type Temperature = {readonly label: string; readonly celsius: Num};

export type HostEntity = Base<'host'> & {
	/** What kind of machine: the local one, a Proxmox node, a host reached over SSH, a BMC's server. */
	readonly role: 'local' | 'node' | 'remote' | 'server';
	/** `null` when unknown. */
	readonly isOnline: boolean | null;
	readonly os: string | null;
	readonly version: string | null;
	readonly cpu: {
		/** Total busy %, 0–100. */
		readonly usage: Num;
		readonly cores: Num;
		/** Busy % per core, when known. */
		readonly perCore: readonly number[];
		readonly model: string | null;
	};
	/** 1, 5 and 15 minute load averages. */
	readonly load: readonly [number, number, number] | null;
	readonly memory: {readonly totalBytes: Num; readonly usedBytes: Num};
	readonly swap: {readonly totalBytes: Num; readonly usedBytes: Num};
	readonly filesystems: readonly Filesystem[];
	readonly network: {readonly rxBytesPerSec: Num; readonly txBytesPerSec: Num};
	readonly temperatures: readonly Temperature[];
	readonly uptimeSec: Num;
};

export type GuestEntity = Base<'guest'> & {
	readonly vmid: number;
	readonly guestType: 'qemu' | 'lxc';
	readonly node: string;
	readonly status: 'running' | 'stopped' | 'paused' | 'suspended' | 'unknown';
	/** CPU busy % of its allocated cores, 0–100. */
	readonly cpuPercent: Num;
	readonly cpus: Num;
	readonly memory: {readonly usedBytes: Num; readonly maxBytes: Num};
	readonly disk: {readonly usedBytes: Num; readonly maxBytes: Num};
	readonly netInBytesPerSec: Num;
	readonly netOutBytesPerSec: Num;
	readonly diskReadBytesPerSec: Num;
	readonly diskWriteBytesPerSec: Num;
	readonly uptimeSec: Num;
	readonly tags: readonly string[];
	readonly haState: string | null;
	readonly lock: string | null;
	readonly isTemplate: boolean;
	readonly pool: string | null;
	/** PCI addresses passed through (`0000:01:00.0`), from `hostpci*` config entries. */
	readonly pciDevices: readonly string[];
	/** Named resource mappings passed through (`hostpci0: mapping=gpu0`). */
	readonly pciMappings: readonly string[];
	/** The guest's most recent tasks, newest first (a handful). */
	readonly recentTasks: readonly GuestTask[];
};

export type GuestTask = {
	/** The task's id in its source (Proxmox UPID). */
	readonly id: string;
	/** `qmstart`, `vzdump`, `qmigrate`… */
	readonly type: string;
	readonly user: string | null;
	/** Epoch seconds. */
	readonly startTime: number;
	readonly endTime: number | null;
	/** `running`, `ok`, or the failure text (`OK` is normalised to `ok`). */
	readonly status: string;
	readonly isFailed: boolean;
};

export type GpuProcess = {
	readonly pid: number;
	readonly name: string;
	readonly usedMemoryBytes: Num;
	/** `C` compute, `G` graphics, `C+G`. */
	readonly type: string | null;
};

export type GpuEntity = Base<'gpu'> & {
	readonly index: number;
	/** The host it sits in (host name, for display and topology). */
	readonly host: string;
	readonly uuid: string | null;
	readonly pciBusId: string | null;
	readonly driverVersion: string | null;
	readonly cudaVersion: string | null;
	readonly utilization: {readonly gpu: Num; readonly memory: Num; readonly encoder: Num; readonly decoder: Num};
	readonly memory: {readonly totalBytes: Num; readonly usedBytes: Num};
	readonly temperature: {readonly celsius: Num; readonly slowdownCelsius: Num; readonly shutdownCelsius: Num} & GpuThermalMargins;
	readonly power: {readonly drawWatts: Num; readonly limitWatts: Num; readonly minLimitWatts: Num; readonly maxLimitWatts: Num};
	readonly fanPercent: Num;
	readonly clocks: {
		readonly graphicsMhz: Num;
		readonly smMhz: Num;
		readonly memoryMhz: Num;
		readonly maxGraphicsMhz: Num;
		readonly maxSmMhz: Num;
		readonly maxMemoryMhz: Num;
	};
	readonly performanceState: string | null;
	/** Active throttle reasons, short names (`sw-power-cap`, `hw-slowdown`, `sw-thermal`…). */
	readonly throttleReasons: readonly string[];
	readonly ecc: {readonly correctedVolatile: Num; readonly uncorrectedVolatile: Num};
	readonly isPersistent: boolean | null;
	readonly migMode: string | null;
	readonly processes: readonly GpuProcess[];
};

export type OutletEntity = Base<'outlet'> & {
	/** Entity id of the PDU it belongs to. */
	readonly pdu: string;
	readonly number: number;
	readonly state: 'on' | 'off' | 'unknown';
	readonly loadAmps: Num;
	readonly powerWatts: Num;
};

export type PduEntity = Base<'pdu'> & {
	readonly model: string | null;
	readonly loadAmps: Num;
	readonly powerWatts: Num;
	readonly energyKwh: Num;
	/** Rated current of the unit (or of its overload threshold). */
	readonly ratingAmps: Num;
	readonly loadState: 'normal' | 'low' | 'near-overload' | 'overload' | 'unknown';
	readonly outletCount: number;
	readonly phases: readonly {readonly name: string; readonly loadAmps: Num}[];
};

export type UpsStatusFlag =
	| 'online'
	| 'on-battery'
	| 'low-battery'
	| 'bypass'
	| 'off'
	| 'overload'
	| 'replace-battery'
	| 'calibrating'
	| 'charging'
	| 'discharging'
	| 'forced-shutdown'
	| 'high-efficiency';

export type UpsEntity = Base<'ups'> & {
	readonly model: string | null;
	readonly flags: readonly UpsStatusFlag[];
	/** Status in words, as the device or the plugin put it. */
	readonly statusText: string;
	readonly chargePercent: Num;
	readonly runtimeSec: Num;
	readonly loadPercent: Num;
	/** Real power drawn, when the device reports it (or it follows from load × nominal power). */
	readonly loadWatts: Num;
	readonly nominalWatts: Num;
	readonly inputVolts: Num;
	readonly outputVolts: Num;
	readonly batteryTempCelsius: Num;
	readonly lastTransferReason: string | null;
	readonly selfTestResult: string | null;
	readonly selfTestDate: string | null;
	readonly timeOnBatterySec: Num;
} & UpsExtras;

/** A subsystem's health as the BMC reports it; `null` when it does not say. */
export type BmcHealth = 'ok' | 'warning' | 'critical';

export type BmcTemperature = {
	readonly name: string;
	readonly celsius: Num;
	/** The BMC's own thresholds (`UpperThresholdNonCritical`/`Critical`/`Fatal`); null when not given. */
	readonly upperNonCritical: Num;
	readonly upperCritical: Num;
	readonly upperFatal: Num;
	readonly health: BmcHealth | null;
};

export type BmcFan = {
	readonly name: string;
	readonly value: Num;
	/** `RPM` or `%`. */
	readonly unit: string;
	readonly health: BmcHealth | null;
};

export type BmcPowerSupply = {
	readonly name: string;
	readonly health: BmcHealth | null;
	readonly inputWatts: Num;
	readonly lineVolts: Num;
	readonly capacityWatts: Num;
};

export type BmcEvent = {
	readonly id: string;
	/** ISO time as the BMC wrote it; null when absent. */
	readonly time: string | null;
	readonly severity: BmcHealth | null;
	readonly message: string;
	/** Which log: `SEL`, `IML`, `Lifecycle`… (the log service's Id). */
	readonly log: string;
};

export type BmcEntity = Base<'bmc'> & {
	readonly model: string | null;
	readonly manufacturer: string | null;
	readonly serial: string | null;
	/** The system's HostName as the BMC reports it (links the BMC to its machine). */
	readonly hostname: string | null;
	readonly biosVersion: string | null;
	readonly bmcFirmware: string | null;
	readonly powerState: 'on' | 'off' | 'unknown';
	/** The chassis' own power state where it disagrees with the system's (Cisco CIMC). */
	readonly chassisPowerState: 'on' | 'off' | 'unknown';
	/** Health rollup of the system. */
	readonly health: BmcHealth | null;
	readonly subsystems: {
		readonly system: BmcHealth | null;
		readonly thermal: BmcHealth | null;
		readonly power: BmcHealth | null;
		readonly manager: BmcHealth | null;
	};
	readonly indicatorLed: 'on' | 'off' | 'blinking' | 'unknown';
	/** Sensors present and enabled; `Status.State: Absent` members are left out. */
	readonly temperatures: readonly BmcTemperature[];
	readonly fans: readonly BmcFan[];
	/** null when the BMC has no redundancy group for fans. */
	readonly fanRedundancyLost: boolean | null;
	readonly powerSupplies: readonly BmcPowerSupply[];
	readonly psuRedundancyLost: boolean | null;
	readonly powerWatts: Num;
	/** Newest event-log entries, newest first (a handful). */
	readonly events: readonly BmcEvent[];
	/** The system's `ResetType@Redfish.AllowableValues` (empty: none offered). */
	readonly resetTypes: readonly string[];
};

export type AutomationEntity = Base<'automation'> & {
	/** Display name of the hub (Home Assistant location, HS4 hub, MQTT broker) or its source id. */
	readonly hub: string;
	/** What it is: a hub automation, script, scene, HS4 event, MQTT topic, or a read-only sensor/device. */
	readonly automationType: 'automation' | 'script' | 'scene' | 'event' | 'topic' | 'sensor' | 'device';
	/** `running`: a script or automation with runs in progress; `unknown`: a value with no on/off sense. */
	readonly state: 'on' | 'off' | 'running' | 'unavailable' | 'unknown';
	readonly isEnabled: boolean | null;
	/** ISO time of the last trigger (or, for a topic or sensor, of the last value). */
	readonly lastTriggered: string | null;
	/** Run mode (`single`, `restart`, `queued`, `parallel`), where the hub has one. */
	readonly mode: string | null;
	/** Runs in progress. */
	readonly currentRuns: Num;
	/** A sensor's or topic's value, with its unit (`23.5 °C`, `ON`). */
	readonly value: string | null;
	/** Hub attributes, shown in the detail view (sanitised strings). */
	readonly attributes: Readonly<Record<string, string>>;
	/** Recent trigger times seen by labdeck, ISO, newest first (a handful). */
	readonly recentRuns: readonly string[];
	/** A watched automation should trigger at least this often (seconds; from the config). */
	readonly expectedWithinSec: Num;
	/** Entity or device id the hub runs on (`guest:pve-demo/105`), from the source's `runsOn`. */
	readonly runsOn: string | null;
};

export type StorageEntity = Base<'storage'> & {
	readonly node: string;
	readonly storageType: string | null;
	readonly usedBytes: Num;
	readonly totalBytes: Num;
	readonly isShared: boolean;
	readonly isActive: boolean | null;
	readonly content: readonly string[];
	/** A shared storage: every node that sees it (one entity for all of them; `node` is the first). */
	readonly nodes?: readonly string[];
};

// ── Conformance additions (issue 13): optional fields, so older constructors and saved state
// stay valid; an absent field means the source does not report it. ──────────────────────────

/** nvidia-smi ≥ 535 (Ada, v12/v13 XML): thermal margins to T.Limit instead of absolute thresholds. */
export type GpuThermalMargins = {
	/** `gpu_temp_tlimit`: degrees below the GPU's T.Limit (negative: past it). */
	readonly tlimitMarginCelsius?: Num;
	/** Where slowdownCelsius/shutdownCelsius came from: the card's absolute thresholds, or derived from the margins. */
	readonly thresholdSource?: 'absolute' | 'tlimit';
};

/** One phase of a three-phase UPS (APC upsPhase tables, NUT `input.L1-N.voltage`…). */
export type UpsPhase = {
	/** `input L1`, `output L2`… */
	readonly name: string;
	readonly direction: 'input' | 'output' | 'bypass';
	readonly volts: Num;
	/** What the voltage is measured between. */
	readonly voltage: 'line-to-neutral' | 'line-to-line' | 'unknown';
	readonly amps: Num;
	readonly loadPercent: Num;
};

export type UpsExtras = {
	/** Per-phase values of a three-phase unit (the summary fields hold the worst/average). */
	readonly phases?: readonly UpsPhase[];
	/** Alarm texts the device reports (NUT `ups.alarm`), shown beside the status. */
	readonly alarms?: readonly string[];
	/** The UPS's own (internal/ambient) temperature, when it reports no battery temperature. */
	readonly upsTempCelsius?: Num;
	/** Charge 0 and runtime 0 while online with replace-battery set: a failed or disconnected battery. */
	readonly isBatteryFault?: boolean;
};

/** One input of an automatic transfer switch. */
export type AtsInput = {
	/** `A`/`B` or `1`/`2`, as the device names them. */
	readonly name: string;
	readonly status: 'ok' | 'fail' | 'unknown';
	readonly volts: Num;
	readonly frequencyHz: Num;
};

export type AtsEntity = Base<'ats'> & {
	readonly model: string | null;
	readonly inputs: readonly AtsInput[];
	/** Name of the input feeding the load now; null when unknown. */
	readonly selectedInput: string | null;
	readonly preferredInput: string | null;
	/** false when one input is lost (the load runs on a single feed). */
	readonly isRedundant: boolean | null;
	readonly loadAmps: Num;
	readonly powerWatts: Num;
	readonly outputVolts: Num;
	readonly banks: readonly {readonly name: string; readonly loadAmps: Num; readonly powerWatts: Num}[];
	/** Status in words. */
	readonly statusText: string;
};

export type Entity =
	| HostEntity
	| GuestEntity
	| GpuEntity
	| OutletEntity
	| PduEntity
	| UpsEntity
	| BmcEntity
	| AutomationEntity
	| StorageEntity
	| AtsEntity;

export type EntityOfKind<K extends EntityKind> = Extract<Entity, {kind: K}>;

/** What a plugin returns: an entity without the poller-owned `seenAt`. */
export type EntityDraft = Entity extends infer E ? (E extends Entity ? Omit<E, 'seenAt'> : never) : never;

export function entityId(kind: EntityKind, source: string, localId: string): string {
	return `${kind}:${source}/${localId}`;
}

export function parseEntityId(id: string): {kind: EntityKind; source: string; localId: string} | undefined {
	const match = /^([a-z]+):([a-z0-9][a-z0-9-]*)\/(.+)$/.exec(id);
	if (!match) return undefined;
	const [, kind, source, localId] = match;
	if (!(entityKinds as readonly string[]).includes(kind!)) return undefined;
	return {kind: kind as EntityKind, source: source!, localId: localId!};
}

export function percent(used: Num, total: Num): Num {
	if (used === null || total === null || total <= 0) return null;
	return (used / total) * 100;
}

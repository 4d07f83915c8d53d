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
	readonly temperature: {readonly celsius: Num; readonly slowdownCelsius: Num; readonly shutdownCelsius: Num};
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
};

export type BmcSensor = {readonly name: string; readonly value: Num; readonly unit: string; readonly health: string | null};

export type BmcEntity = Base<'bmc'> & {
	readonly model: string | null;
	readonly powerState: 'on' | 'off' | 'unknown';
	readonly health: string | null;
	readonly temperatures: readonly BmcSensor[];
	readonly fans: readonly BmcSensor[];
	readonly powerSupplies: readonly BmcSensor[];
	readonly powerWatts: Num;
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
	| StorageEntity;

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

/** Numeric metrics kept as history rings (sparklines), per kind. */
export const historyMetrics = {
	host: (e: HostEntity) => ({cpu: e.cpu.usage, memory: percent(e.memory.usedBytes, e.memory.totalBytes)}),
	guest: (e: GuestEntity) => ({cpu: e.cpuPercent, memory: percent(e.memory.usedBytes, e.memory.maxBytes)}),
	gpu: (e: GpuEntity) => ({util: e.utilization.gpu, temp: e.temperature.celsius, power: e.power.drawWatts}),
	ups: (e: UpsEntity) => ({charge: e.chargePercent, load: e.loadPercent, runtime: e.runtimeSec}),
	pdu: (e: PduEntity) => ({load: e.loadAmps}),
	outlet: (e: OutletEntity) => ({load: e.loadAmps}),
} satisfies Partial<{[K in EntityKind]: (e: EntityOfKind<K>) => Record<string, Num>}>;

export function percent(used: Num, total: Num): Num {
	if (used === null || total === null || total <= 0) return null;
	return (used / total) * 100;
}

// Pure parsers for the local machine: Linux /proc and /sys text → numbers, counter deltas →
// rates, systeminformation's filesystem list → real mounts, and a sample → the host entity.
// Nothing here does I/O; every function returns null (or an empty list) for what it cannot read.
import {entityId, type EntityDraft, type Filesystem, type Num, type Temperature} from '../../src/entities.js';

/** Cumulative CPU time of one CPU (or of all of them), in clock ticks. */
export type CpuTimes = {readonly busy: number; readonly total: number};
export type CpuCounters = {readonly all: CpuTimes; readonly cores: readonly CpuTimes[]};
export type CpuUsage = {readonly usage: Num; readonly perCore: readonly number[]};
export type MemoryUsage = {
	readonly memTotal: Num;
	readonly memUsed: Num;
	readonly swapTotal: Num;
	readonly swapUsed: Num;
};
/** Cumulative bytes over every non-loopback interface. */
export type NetCounters = {readonly rxBytes: number; readonly txBytes: number};
export type NetRates = {readonly rxBytesPerSec: Num; readonly txBytesPerSec: Num};
export type StaticFacts = {
	readonly os: string | null;
	readonly version: string | null;
	readonly cpuModel: string | null;
	readonly cores: Num;
};

/** Everything one poll gathered, already turned into rates. */
export type LocalSample = {
	readonly hostname: string;
	readonly facts: StaticFacts;
	readonly cpu: CpuUsage;
	readonly load: readonly [number, number, number] | null;
	readonly memory: MemoryUsage;
	readonly network: NetRates;
	readonly filesystems: readonly Filesystem[];
	readonly temperatures: readonly Temperature[];
	readonly uptimeSec: Num;
};

const noRates: NetRates = {rxBytesPerSec: null, txBytesPerSec: null};

function busyPercent(before: CpuTimes, after: CpuTimes): number | undefined {
	const total = after.total - before.total;
	const busy = after.busy - before.busy;
	if (total <= 0 || busy < 0) return undefined; // no ticks elapsed, or counters reset
	return Math.min(100, Math.max(0, (busy / total) * 100));
}

/** Busy % between two counter readings, total and per core. */
export function cpuUsage(before: CpuCounters | undefined, after: CpuCounters): CpuUsage {
	if (!before) return {usage: null, perCore: []};
	const usage = busyPercent(before.all, after.all) ?? null;
	const perCore: number[] = [];
	if (before.cores.length === after.cores.length) {
		for (const [index, core] of after.cores.entries()) {
			const value = busyPercent(before.cores[index]!, core);
			if (value === undefined) return {usage, perCore: []};
			perCore.push(value);
		}
	}
	return {usage, perCore};
}

export function isLoopback(iface: string): boolean {
	return /^lo\d*$/.test(iface) || /loopback/i.test(iface);
}

/** Bytes/s between two counter readings `elapsedMs` apart; null across a reset or wrap. */
export function netRates(before: NetCounters | undefined, after: NetCounters | undefined, elapsedMs: number): NetRates {
	if (!before || !after || elapsedMs <= 0) return noRates;
	const rate = (a: number, b: number): Num => (b >= a ? ((b - a) * 1000) / elapsedMs : null);
	return {rxBytesPerSec: rate(before.rxBytes, after.rxBytes), txBytesPerSec: rate(before.txBytes, after.txBytes)};
}

/** Pseudo and in-memory filesystems: not disks, never shown. */
const pseudoTypes = new Set([
	'tmpfs', 'devtmpfs', 'ramfs', 'overlay', 'overlayfs', 'squashfs', 'proc', 'sysfs', 'cgroup', 'cgroup2',
	'devpts', 'mqueue', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf', 'autofs', 'hugetlbfs', 'configfs',
	'fusectl', 'nsfs', 'efivarfs', 'binfmt_misc', 'rpc_pipefs', 'selinuxfs', 'fuse.lxcfs', 'fuse.gvfsd-fuse',
	'fuse.portal', 'fuse.snapfuse', 'devfs', 'nullfs', 'map', 'iso9660', 'udf', 'zram',
]);
const pseudoMountPrefixes = ['/proc', '/sys', '/dev', '/run', '/snap', '/var/lib/docker', '/var/snap', '/System/Volumes/VM', '/System/Volumes/Preboot'];

/** One row of systeminformation's `fsSize()`, as far as this plugin reads it. */
export type FsRow = {readonly fs?: unknown; readonly type?: unknown; readonly size?: unknown; readonly used?: unknown; readonly mount?: unknown};

function bytes(value: unknown): Num {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

export function isRealFilesystem(fsType: string | null, mount: string): boolean {
	if (fsType && pseudoTypes.has(fsType.toLowerCase())) return false;
	return !pseudoMountPrefixes.some(prefix => mount === prefix || mount.startsWith(`${prefix}/`));
}

/** Keeps real mounts, once each: a device mounted twice (bind mounts, subvolumes) keeps its shortest path. */
export function realFilesystems(rows: readonly FsRow[]): Filesystem[] {
	const byKey = new Map<string, Filesystem>();
	for (const row of rows) {
		if (typeof row.mount !== 'string' || row.mount === '') continue;
		const fsType = typeof row.type === 'string' && row.type !== '' ? row.type : null;
		const sizeBytes = bytes(row.size);
		if (!isRealFilesystem(fsType, row.mount) || sizeBytes === 0) continue;
		const usedBytes = bytes(row.used);
		const device = typeof row.fs === 'string' ? row.fs : row.mount;
		const key = `${device}\u0000${sizeBytes}`;
		const known = byKey.get(key);
		if (!known || row.mount.length < known.mount.length) byKey.set(key, {mount: row.mount, fsType, sizeBytes, usedBytes});
	}
	return [...byKey.values()].sort((a, b) => a.mount.localeCompare(b.mount));
}

/** One sample → the `host` entity of the machine labdeck runs on. */
export function hostEntity(source: string, sample: LocalSample): EntityDraft {
	const {facts} = sample;
	const cores = facts.cores ?? (sample.cpu.perCore.length > 0 ? sample.cpu.perCore.length : null);
	return {
		id: entityId('host', source, sample.hostname),
		kind: 'host',
		source,
		localId: sample.hostname,
		name: sample.hostname,
		role: 'local',
		isOnline: true,
		os: facts.os,
		version: facts.version,
		cpu: {usage: sample.cpu.usage, cores, perCore: sample.cpu.perCore, model: facts.cpuModel},
		load: sample.load,
		memory: {totalBytes: sample.memory.memTotal, usedBytes: sample.memory.memUsed},
		swap: {totalBytes: sample.memory.swapTotal, usedBytes: sample.memory.swapUsed},
		filesystems: sample.filesystems,
		network: sample.network,
		temperatures: sample.temperatures,
		uptimeSec: sample.uptimeSec,
	};
}

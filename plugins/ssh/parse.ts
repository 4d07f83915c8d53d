// Pure: the host script's output → a `host` entity. CPU and network rates need the previous
// sample; the first poll reports them as null (unknown), never 0.
import {entityId, type EntityDraft, type Filesystem, type Num, type Temperature} from '../../src/entities.js';
import {DeviceReplyError} from '../../src/errors.js';
import {hostMarker} from './host-script.js';

type HostDraft = Extract<EntityDraft, {kind: 'host'}>;

/** Counters kept between polls. */
export type HostSample = {
	readonly atMs: number;
	/** Per line of /proc/stat (`cpu`, `cpu0`…): [busy, total] jiffies. */
	readonly cpu: ReadonlyMap<string, readonly [number, number]>;
	/** The host's own /proc/uptime, the time base of rates (no network jitter). */
	readonly uptimeSec: number | null;
	readonly rxBytes: number | null;
	readonly txBytes: number | null;
};

const pseudoFsTypes = new Set(['tmpfs', 'devtmpfs', 'overlay', 'squashfs', 'proc', 'sysfs', 'efivarfs', 'ramfs', 'devfs', 'udev', 'none', 'shm', 'cgroup', 'cgroup2', 'fuse.lxcfs', 'nsfs']);

export function splitSections(output: string): Map<string, string[]> {
	const sections = new Map<string, string[]>();
	let current: string[] | undefined;
	for (const line of output.split('\n')) {
		const match = /^@@([a-z-]+)/.exec(line);
		if (match) {
			current = [];
			sections.set(match[1]!, current);
			continue;
		}
		current?.push(line);
	}
	return sections;
}

function kib(meminfo: readonly string[], key: string): Num {
	const line = meminfo.find(entry => entry.startsWith(`${key}:`));
	const value = line ? Number(/(\d+)/.exec(line)?.[1]) : Number.NaN;
	return Number.isFinite(value) ? value * 1024 : null;
}

function cpuCounters(stat: readonly string[]): Map<string, readonly [number, number]> {
	const counters = new Map<string, readonly [number, number]>();
	for (const line of stat) {
		const [name, ...fields] = line.trim().split(/\s+/);
		if (!name?.startsWith('cpu')) continue;
		// user nice system idle iowait irq softirq steal (guest time is already in user).
		const values = fields.slice(0, 8).map(Number);
		if (values.length < 4 || values.some(value => !Number.isFinite(value))) continue;
		const total = values.reduce((a, b) => a + b, 0);
		const idle = values[3]! + (values[4] ?? 0);
		counters.set(name, [total - idle, total]);
	}
	return counters;
}

function busyPercent(now: readonly [number, number] | undefined, before: readonly [number, number] | undefined): Num {
	if (!now || !before) return null;
	const total = now[1] - before[1];
	if (total <= 0) return null;
	return Math.min(100, Math.max(0, ((now[0] - before[0]) / total) * 100));
}

function netTotals(lines: readonly string[]): {rx: number | null; tx: number | null} {
	let rx = 0;
	let tx = 0;
	let count = 0;
	for (const line of lines) {
		const match = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
		if (!match || match[1] === 'lo') continue;
		const fields = match[2]!.trim().split(/\s+/).map(Number);
		if (fields.length < 9) continue;
		rx += fields[0]!;
		tx += fields[8]!;
		count++;
	}
	return count === 0 ? {rx: null, tx: null} : {rx, tx};
}

function filesystems(lines: readonly string[]): Filesystem[] {
	const [header, ...rows] = lines.filter(line => line.trim() !== '');
	if (!header) return [];
	const hasType = /\sType\s/.test(header);
	const blockSize = Number(/(\d+)-blocks/.exec(header)?.[1] ?? 1024);
	const result: Filesystem[] = [];
	for (const row of rows) {
		const fields = row.trim().split(/\s+/);
		const offset = hasType ? 1 : 0;
		if (fields.length < 6 + offset) continue;
		const device = fields[0]!;
		const fsType = hasType ? fields[1]! : null;
		if (pseudoFsTypes.has(fsType ?? device)) continue;
		const size = Number(fields[1 + offset]);
		const used = Number(fields[2 + offset]);
		result.push({
			mount: fields.slice(5 + offset).join(' '),
			fsType,
			sizeBytes: Number.isFinite(size) ? size * blockSize : null,
			usedBytes: Number.isFinite(used) ? used * blockSize : null,
		});
	}
	return result;
}

function temperatures(lines: readonly string[]): Temperature[] {
	const result: Temperature[] = [];
	for (const line of lines) {
		const [origin, name, label, value] = line.split('|');
		if (!origin || value === undefined) continue;
		const milli = Number(value.trim());
		const text = [name, label].filter(part => part && part.trim() !== '').join(' ').trim() || origin;
		result.push({label: text, celsius: value.trim() !== '' && Number.isFinite(milli) ? milli / 1000 : null});
	}
	return result.slice(0, 48);
}

export type HostReport = {readonly entity: HostDraft; readonly sample: HostSample};

/** Parses one run of the host script; `previous` is the last poll's sample of this source. */
export function parseHostReport(output: string, context: {source: string}, previous: HostSample | undefined, nowMs: number): HostReport {
	const operation = 'host script';
	if (!output.includes(hostMarker)) {
		throw new DeviceReplyError({source: context.source, operation}, `not the host script's output: ${JSON.stringify(output.trim().slice(0, 60))}`);
	}
	const sections = splitSections(output);
	if (!sections.has('end')) throw new DeviceReplyError({source: context.source, operation}, 'truncated reply (no end marker)');
	const get = (name: string): string[] => sections.get(name) ?? [];
	const stat = get('stat');
	const meminfo = get('meminfo');
	const cpu = cpuCounters(stat);
	if (cpu.size === 0 || meminfo.length === 0) throw new DeviceReplyError({source: context.source, operation}, 'no /proc/stat or /proc/meminfo in the reply: not a Linux host?');
	const hostname = get('hostname')[0]?.trim() || 'unknown';
	const load = (get('loadavg')[0] ?? '').trim().split(/\s+/).slice(0, 3).map(Number);
	const coreNames = [...cpu.keys()].filter(name => name !== 'cpu');
	const perCore = previous ? coreNames.map(name => busyPercent(cpu.get(name), previous.cpu.get(name))) : [];
	const net = netTotals(get('netdev'));
	const uptime = Number((get('uptime')[0] ?? '').trim().split(/\s+/)[0]);
	const uptimeSec = Number.isFinite(uptime) ? uptime : null;
	const seconds = !previous ? 0 : uptimeSec !== null && previous.uptimeSec !== null ? uptimeSec - previous.uptimeSec : (nowMs - previous.atMs) / 1000;
	const rate = (now: number | null, before: number | null | undefined): Num =>
		now === null || before === null || before === undefined || seconds <= 0 || now < before ? null : (now - before) / seconds;
	const memTotal = kib(meminfo, 'MemTotal');
	const available = kib(meminfo, 'MemAvailable') ?? sumKnown(kib(meminfo, 'MemFree'), kib(meminfo, 'Buffers'), kib(meminfo, 'Cached'));
	const swapTotal = kib(meminfo, 'SwapTotal');
	const swapFree = kib(meminfo, 'SwapFree');
	const pretty = /^PRETTY_NAME=(.*)$/.exec(get('os')[0] ?? '')?.[1]?.replace(/^["']|["']$/g, '') ?? null;
	const model = /:\s*(.+)$/.exec(get('cpuinfo')[0] ?? '')?.[1]?.trim() ?? null;
	const localId = hostname.toLowerCase();
	const entity: HostDraft = {
		id: entityId('host', context.source, localId),
		kind: 'host',
		source: context.source,
		localId,
		name: hostname,
		role: 'remote',
		isOnline: true,
		os: pretty,
		version: get('kernel')[0]?.trim() || null,
		cpu: {
			usage: previous ? busyPercent(cpu.get('cpu'), previous.cpu.get('cpu')) : null,
			cores: coreNames.length || null,
			perCore: perCore.every(value => value !== null) ? (perCore as number[]) : [],
			model,
		},
		load: load.length === 3 && load.every(Number.isFinite) ? [load[0]!, load[1]!, load[2]!] : null,
		memory: {totalBytes: memTotal, usedBytes: memTotal !== null && available !== null ? memTotal - available : null},
		swap: {totalBytes: swapTotal, usedBytes: swapTotal !== null && swapFree !== null ? swapTotal - swapFree : null},
		filesystems: filesystems(get('df')),
		network: {rxBytesPerSec: rate(net.rx, previous?.rxBytes), txBytesPerSec: rate(net.tx, previous?.txBytes)},
		temperatures: temperatures(get('temps')),
		uptimeSec,
	};
	return {entity, sample: {atMs: nowMs, cpu, uptimeSec, rxBytes: net.rx, txBytes: net.tx}};
}

function sumKnown(...values: Num[]): Num {
	return values.some(value => value === null) ? null : values.reduce<number>((a, b) => a + b!, 0);
}

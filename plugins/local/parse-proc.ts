// Pure parsers of Linux text: /proc/stat, /proc/meminfo, /proc/net/dev, sysfs temperatures,
// `df -kPT`, /etc/os-release and /proc/cpuinfo. Junk and truncated text give undefined or nulls,
// never an exception.
import type {Num} from '../../src/entities.js';
import {isLoopback, type CpuCounters, type CpuTimes, type FsRow, type MemoryUsage, type NetCounters, type StaticFacts} from './parse.js';

function finite(text: string | undefined): number | undefined {
	if (text === undefined || !/^-?\d+(\.\d+)?$/.test(text)) return undefined;
	const value = Number(text);
	return Number.isFinite(value) ? value : undefined;
}

function cpuTimes(fields: readonly string[]): CpuTimes | undefined {
	// user nice system idle iowait irq softirq steal [guest guest_nice]; guest is already in user.
	const values = fields.slice(0, 8).map(field => finite(field));
	if (values.length < 4 || values.some(value => value === undefined)) return undefined;
	const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = values as number[];
	const total = user + nice + system + idle + iowait + irq + softirq + steal;
	return {busy: total - idle - iowait, total};
}

/** `/proc/stat` → cumulative CPU times; undefined when the text has no `cpu` line. */
export function parseProcStat(text: string): CpuCounters | undefined {
	let all: CpuTimes | undefined;
	const cores: CpuTimes[] = [];
	for (const line of text.split('\n')) {
		const [label, ...fields] = line.trim().split(/\s+/);
		if (label === 'cpu') all = cpuTimes(fields);
		else if (label && /^cpu\d+$/.test(label)) {
			const times = cpuTimes(fields);
			if (times) cores[Number(label.slice(3))] = times;
		}
	}
	if (!all) return undefined;
	return {all, cores: cores.filter(Boolean)};
}

/** `/proc/meminfo` → bytes; used memory is total minus available (what `free` calls used). */
export function parseMeminfo(text: string): MemoryUsage {
	const kib = new Map<string, number>();
	for (const line of text.split('\n')) {
		const match = /^(\w+(?:\(\w+\))?):\s+(\d+)(?:\s+kB)?\s*$/.exec(line.trim());
		if (match) kib.set(match[1]!, Number(match[2]) * 1024);
	}
	const memTotal = kib.get('MemTotal') ?? null;
	const available = kib.get('MemAvailable') ?? null;
	const swapTotal = kib.get('SwapTotal') ?? null;
	const swapFree = kib.get('SwapFree') ?? null;
	return {
		memTotal,
		memUsed: memTotal !== null && available !== null ? Math.max(0, memTotal - available) : null,
		swapTotal,
		swapUsed: swapTotal !== null && swapFree !== null ? Math.max(0, swapTotal - swapFree) : null,
	};
}

/** `/proc/net/dev` → bytes received and sent, summed over non-loopback interfaces. */
export function parseNetDev(text: string): NetCounters | undefined {
	let rxBytes = 0;
	let txBytes = 0;
	let interfaces = 0;
	for (const line of text.split('\n')) {
		const match = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
		if (!match) continue;
		const fields = match[2]!.trim().split(/\s+/);
		const rx = finite(fields[0]);
		const tx = finite(fields[8]);
		if (rx === undefined || tx === undefined) continue;
		interfaces++;
		if (isLoopback(match[1]!)) continue;
		rxBytes += rx;
		txBytes += tx;
	}
	return interfaces > 0 ? {rxBytes, txBytes} : undefined;
}

/** A sysfs temperature (millidegrees Celsius) → °C; null for junk and sentinel values. */
export function parseMilliCelsius(text: string): Num {
	const value = finite(text.trim());
	if (value === undefined) return null;
	const celsius = value / 1000;
	return celsius > -60 && celsius < 200 ? celsius : null;
}

/** `df -kPT` (POSIX format, 1 KiB blocks, with types) → rows in bytes. The header is skipped. */
export function parseDf(text: string): FsRow[] {
	const rows: FsRow[] = [];
	for (const line of text.split('\n')) {
		const match = /^(\S+)\s+(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(\/.*)$/.exec(line.trimEnd());
		if (!match) continue;
		rows.push({fs: match[1], type: match[2], size: Number(match[3]) * 1024, used: Number(match[4]) * 1024, mount: match[7]});
	}
	return rows;
}

function unquote(value: string): string {
	const trimmed = value.trim();
	return /^(["']).*\1$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}

/** `/etc/os-release` → distribution name and release (`12 (bookworm)`), as systeminformation names them. */
export function parseOsRelease(text: string): Pick<StaticFacts, 'os' | 'version'> {
	const fields = new Map<string, string>();
	for (const line of text.split('\n')) {
		const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
		if (match) fields.set(match[1]!, unquote(match[2]!));
	}
	const os = fields.get('NAME') || fields.get('ID') || null;
	const release = fields.get('VERSION_ID') || null;
	const codename = fields.get('VERSION_CODENAME') || null;
	return {os, version: release && codename ? `${release} (${codename})` : release};
}

/** `/proc/cpuinfo` → CPU model (trade marks and clock dropped) and logical core count. */
export function parseCpuinfo(text: string): Pick<StaticFacts, 'cpuModel' | 'cores'> {
	let model: string | undefined;
	let hardware: string | undefined;
	let processors = 0;
	for (const line of text.split('\n')) {
		const match = /^([^:]+?)\s*:\s*(.*)$/.exec(line);
		if (!match) continue;
		const [, key, value = ''] = match;
		if (key === 'processor' && /^\d+$/.test(value.trim())) processors++;
		else if (key === 'model name' && !model && value.trim()) model = value.trim();
		else if ((key === 'Hardware' || key === 'Model') && value.trim()) hardware = value.trim();
	}
	const clean = (model ?? hardware)
		?.replace(/\((R|TM|tm|r)\)|®|™/g, '')
		.replace(/\s+CPU\s+@\s+[\d.]+\s*GHz/i, '')
		.replace(/\s+@\s+[\d.]+\s*GHz/i, '')
		.replace(/\s+\d+-Core Processor$/i, '')
		.replace(/\s+/g, ' ')
		.trim();
	return {cpuModel: clean || null, cores: processors > 0 ? processors : null};
}

// The Linux reader: /proc, /sys and `df`, without systeminformation. Why (measured, see client.ts):
// - currentLoad() runs `cat /proc/stat | grep cpu` through execSync on every call (≈ 3 ms of
//   event loop blocked per poll, plus a process); networkStats('*') spawns a shell per interface
//   (≈ 7 ms; 31 ms blocked on its first call); cpuTemperature() reads thermal zones through
//   execSync; fsSize() reads /proc/mounts through execSync (≈ 3.5 ms blocked) and runs df with no
//   timeout; loading the module plus osInfo() and cpu() blocks ≈ 33 ms, during the console's
//   first frame. The same files read with fs.promises take well under a millisecond.
// - Filesystems come from `df -kPTl` through the local transport (execFile: no shell, a timeout,
//   killed on abort). `-l` leaves out network filesystems: a hung NFS server makes df sleep
//   uninterruptibly, and a process would pile up at every refresh.
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {Temperature} from '../../src/entities.js';
import type {CommandTransport} from '../../src/plugin-api.js';
import {abortable} from '../../src/abort.js';
import {parseCpuinfo, parseDf, parseMeminfo, parseMilliCelsius, parseNetDev, parseOsRelease, parseProcStat} from './parse-proc.js';
import {cpuUsage, netRates, realFilesystems, type CpuCounters, type NetCounters} from './parse.js';
import type {LocalReader} from './reader.js';
import {takeEarlyCounters, type EarlyCounters} from './early-counters.js';

export type LinuxReaderOptions = {
	/** Runs `df` (the core's local transport). */
	readonly transport: CommandTransport;
	/** Time budget of one `df`, ms. */
	readonly commandTimeoutMs?: number;
	/** Root of /etc (os-release); tests point it at fixtures. */
	readonly etcRoot?: string;
	/** Root of procfs; tests point it at fixtures. */
	readonly procRoot?: string;
	/** Root of sysfs. */
	readonly sysRoot?: string;
	/** Monotonic clock, ms. */
	readonly now?: () => number;
	/** Counters read before this reader existed (early-counters.ts; the real /proc only). */
	readonly early?: () => EarlyCounters | undefined;
};

async function read(path: string, signal: AbortSignal): Promise<string> {
	return abortable(readFile(path, {encoding: 'utf8', signal}), signal);
}

async function list(path: string, signal: AbortSignal): Promise<string[]> {
	signal.throwIfAborted();
	try {
		return (await readdir(path)).sort((a, b) => a.localeCompare(b, 'en', {numeric: true}));
	} catch {
		return [];
	}
}

async function readOptional(path: string, signal: AbortSignal): Promise<string | undefined> {
	try {
		return await read(path, signal);
	} catch (error) {
		if (signal.aborted) throw signal.reason;
		return undefined;
	}
}

/** Sensors under /sys/class/hwmon (temp*_input in millidegrees), else the thermal zones. */
export async function readSysTemperatures(sysRoot: string, signal: AbortSignal): Promise<Temperature[]> {
	const result: Temperature[] = [];
	const hwmonRoot = join(sysRoot, 'class/hwmon');
	for (const hwmon of await list(hwmonRoot, signal)) {
		const dir = join(hwmonRoot, hwmon);
		const chip = (await readOptional(join(dir, 'name'), signal))?.trim() || hwmon;
		for (const file of await list(dir, signal)) {
			const match = /^temp(\d+)_input$/.exec(file);
			if (!match) continue;
			const raw = await readOptional(join(dir, file), signal);
			const celsius = raw === undefined ? null : parseMilliCelsius(raw);
			if (celsius === null) continue;
			const label = (await readOptional(join(dir, `temp${match[1]}_label`), signal))?.trim() || `temp${match[1]}`;
			result.push({label: `${chip} ${label}`, celsius});
		}
	}
	if (result.length > 0) return result;
	const thermalRoot = join(sysRoot, 'class/thermal');
	for (const zone of await list(thermalRoot, signal)) {
		if (!/^thermal_zone\d+$/.test(zone)) continue;
		const raw = await readOptional(join(thermalRoot, zone, 'temp'), signal);
		const celsius = raw === undefined ? null : parseMilliCelsius(raw);
		if (celsius === null) continue;
		const type = (await readOptional(join(thermalRoot, zone, 'type'), signal))?.trim() || zone;
		result.push({label: type, celsius});
	}
	return result;
}

export function createLinuxReader(options: LinuxReaderOptions): LocalReader {
	const procRoot = options.procRoot ?? '/proc';
	const sysRoot = options.sysRoot ?? '/sys';
	const etcRoot = options.etcRoot ?? '/etc';
	const now = options.now ?? (() => performance.now());
	const timeoutMs = options.commandTimeoutMs ?? 2500;
	let lastCpu: CpuCounters | undefined;
	let lastNet: {counters: NetCounters; at: number} | undefined;
	const early = options.early ?? (options.procRoot === undefined ? takeEarlyCounters : () => undefined);
	return {
		name: 'linux /proc',
		seed() {
			const reading = early();
			if (!reading) return undefined;
			const cpu = parseProcStat(reading.stat);
			const net = parseNetDev(reading.netDev);
			if (!cpu) return undefined;
			lastCpu = cpu;
			// No counters (no interface but loopback) stay none: network() reads nulls then, as always.
			lastNet = net ? {counters: net, at: reading.at} : undefined;
			return reading.at;
		},
		async cpu(signal) {
			const counters = parseProcStat(await read(join(procRoot, 'stat'), signal));
			if (!counters) throw new Error(`unreadable ${join(procRoot, 'stat')}`);
			const usage = cpuUsage(lastCpu, counters);
			lastCpu = counters;
			return usage;
		},
		async memory(signal) {
			return parseMeminfo(await read(join(procRoot, 'meminfo'), signal));
		},
		async network(signal) {
			const counters = parseNetDev(await read(join(procRoot, 'net/dev'), signal));
			const at = now();
			const rates = netRates(lastNet?.counters, counters, lastNet ? at - lastNet.at : 0);
			lastNet = counters ? {counters, at} : undefined;
			return rates;
		},
		async filesystems(signal) {
			const result = await options.transport.exec(['df', '-kPTl'], {signal, timeoutMs});
			// df exits 1 when one mount cannot be read but still prints the others.
			const rows = parseDf(result.stdout);
			if (rows.length === 0) throw new Error(`df -kPTl printed no filesystems (exit ${result.code}${result.stderr.trim() ? `: ${result.stderr.trim()}` : ''})`);
			return realFilesystems(rows);
		},
		temperatures: async signal => readSysTemperatures(sysRoot, signal),
		async staticFacts(signal) {
			const [release, cpuinfo] = await Promise.all([
				readOptional(join(etcRoot, 'os-release'), signal).then(async text => text ?? readOptional('/usr/lib/os-release', signal)),
				readOptional(join(procRoot, 'cpuinfo'), signal),
			]);
			return {...parseOsRelease(release ?? ''), ...parseCpuinfo(cpuinfo ?? '')};
		},
	};
}

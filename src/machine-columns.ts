// The hosts table's columns: one row per machine (src/devices.ts), its values merged across the
// sources that see it (src/machine-state.ts), drawn by the console and `labdeck hosts` alike. A
// dead machine's row says so in its STATE cell (off / down / unreachable and for how long); its
// rates and uptime are blank, its last-known levels (memory, disk, temperature) dimmed.
import {percent, type HostEntity} from './entities.js';
import {formatBytesOf, formatDuration, formatNumber, formatPercent} from './format.js';
import type {Machine} from './devices.js';
import {hostMaxTemp, worstFilesystem} from './kinds/host.js';
import type {KindColumn, KindContext, Tone} from './kinds/kind-module.js';
import {usageTone} from './kinds/tones.js';
import {bmcSummary, machineStatus, mergedField, stateLabel, type MachineStatus} from './machine-state.js';

const status = (machine: Machine, context: KindContext): MachineStatus => machineStatus(context.snapshot, machine, context.now);
const field = <T>(machine: Machine, context: KindContext, read: (host: HostEntity) => T | null) => mergedField(machine, context.snapshot, context.now, read).value;

/** Live rates (CPU, load, uptime, watts) are blank on a dead machine: they are not last-known state. */
const live = <T>(machine: Machine, context: KindContext, read: (host: HostEntity) => T | null): T | null => (status(machine, context).isLive ? field(machine, context, read) : null);
/** Levels keep their last-known value on a dead machine, dimmed. */
const levelTone = (machine: Machine, context: KindContext, tone: Tone): Tone => (status(machine, context).isLive ? tone : 'stale');

const memory = (machine: Machine, context: KindContext) => field(machine, context, host => (host.memory.totalBytes === null ? null : host.memory));
const disk = (machine: Machine, context: KindContext) => field(machine, context, host => worstFilesystem(host) ?? null);
/** The hottest OS sensor, else the BMC's inlet. */
export function machineTemp(machine: Machine, context: KindContext): number | null {
	return field(machine, context, hostMaxTemp) ?? bmcSummary(machine)?.inletCelsius ?? null;
}
/** Watts from the BMC, else from the outlets feeding it. */
export function machineWatts(machine: Machine): number | null {
	const fromBmc = bmcSummary(machine)?.watts ?? null;
	if (fromBmc !== null) return fromBmc;
	const outlets = machine.outlets.map(outlet => outlet.powerWatts).filter((value): value is number => value !== null);
	return outlets.length > 0 ? outlets.reduce((a, b) => a + b, 0) : null;
}

const stateTone: Record<MachineStatus['state'], Tone> = {up: 'status.ok', off: 'status.crit', down: 'status.crit', unreachable: 'status.warn', unknown: 'muted'};

export const machineColumns: readonly KindColumn<Machine>[] = [
	{
		id: 'state', title: 'STATE', width: 13, maxWidth: 15, priority: 0,
		cell: (m, c) => stateLabel(status(m, c), c.now),
		variants: (m, c) => [stateLabel(status(m, c), c.now), stateLabel({...status(m, c), lastSeenUp: null}, c.now)],
		tone: (m, c) => stateTone[status(m, c).state],
		sortValue: (m, c) => status(m, c).state,
	},
	{id: 'name', title: 'NAME', width: 11, maxWidth: 24, priority: 0, isFlexible: true, cell: m => m.name, sortValue: m => m.name},
	{id: 'cpu', title: 'CPU', width: 5, maxWidth: 5, priority: 0, align: 'right', cell: (m, c) => formatPercent(live(m, c, h => h.cpu.usage)), tone: (m, c) => usageTone(live(m, c, h => h.cpu.usage)), sortValue: (m, c) => live(m, c, h => h.cpu.usage)},
	{id: 'load', title: 'LOAD', width: 5, maxWidth: 6, priority: 3, align: 'right', cell: (m, c) => live(m, c, h => h.load?.[0] ?? null)?.toFixed(2) ?? '–', sortValue: (m, c) => live(m, c, h => h.load?.[0] ?? null)},
	{
		id: 'mem', title: 'MEM', width: 9, maxWidth: 11, priority: 1, align: 'right',
		cell: (m, c) => {
			const used = memory(m, c);
			return used ? formatBytesOf(used.usedBytes, used.totalBytes) : '–';
		},
		tone: (m, c) => {
			const used = memory(m, c);
			return levelTone(m, c, usageTone(used ? percent(used.usedBytes, used.totalBytes) : null));
		},
		sortValue: (m, c) => {
			const used = memory(m, c);
			return used ? percent(used.usedBytes, used.totalBytes) : null;
		},
	},
	{
		id: 'disk', title: 'DISK', width: 4, maxWidth: 20, priority: 2,
		cell: (m, c) => {
			const fs = disk(m, c);
			return fs ? `${formatPercent(fs.percent).padStart(4)} ${fs.mount}` : '–';
		},
		variants: (m, c) => {
			const fs = disk(m, c);
			return fs ? [`${formatPercent(fs.percent).padStart(4)} ${fs.mount}`, formatPercent(fs.percent)] : ['–'];
		},
		tone: (m, c) => levelTone(m, c, usageTone(disk(m, c)?.percent ?? null)),
		sortValue: (m, c) => disk(m, c)?.percent ?? null,
	},
	{id: 'temp', title: 'TEMP', width: 5, maxWidth: 5, priority: 1, align: 'right', cell: (m, c) => formatNumber(machineTemp(m, c), '°C'), tone: (m, c) => levelTone(m, c, 'plain'), sortValue: machineTemp},
	{id: 'watts', title: 'WATTS', width: 5, maxWidth: 6, priority: 4, align: 'right', cell: (m, c) => formatNumber(status(m, c).state === 'off' ? null : machineWatts(m), 'W'), sortValue: m => machineWatts(m)},
	{
		id: 'bmc', title: 'BMC', width: 7, maxWidth: 12, priority: 6,
		cell: m => {
			const bmc = bmcSummary(m);
			return bmc ? `${bmc.power} ${bmc.health ?? '?'}` : '';
		},
		tone: (m, c) => {
			const bmc = bmcSummary(m);
			if (!bmc) return 'muted';
			if (!status(m, c).isLive && status(m, c).state !== 'off') return 'stale';
			return bmc.health === 'critical' ? 'status.crit' : bmc.health === 'warning' ? 'status.warn' : 'status.ok';
		},
		sortValue: m => bmcSummary(m)?.health ?? null,
	},
	{id: 'uptime', title: 'UPTIME', width: 6, maxWidth: 7, priority: 3, align: 'right', cell: (m, c) => formatDuration(live(m, c, h => h.uptimeSec)), sortValue: (m, c) => live(m, c, h => h.uptimeSec)},
	{id: 'sources', title: 'SOURCES', width: 7, maxWidth: 30, priority: 5, cell: m => m.sources.join(',') || '–', variants: m => [m.sources.join(',') || '–', m.sources.length > 1 ? `${m.sources.length} sources` : m.sources[0] ?? '–'], sortValue: m => m.sources.length},
];

/** `field:value` terms a machine row answers to. */
export function machineFilterFields(machine: Machine, context: KindContext): Readonly<Record<string, string | readonly string[] | null>> {
	const state = status(machine, context).state;
	return {
		state: state === 'unreachable' ? ['unreachable', 'unreach'] : state,
		status: state === 'up' ? 'online' : 'offline',
		role: [...new Set(machine.hosts.map(host => host.role))],
		source: machine.sources,
		name: [machine.name, ...machine.hosts.map(host => host.name)],
		id: [machine.id, ...machine.entityIds],
		os: machine.hosts.find(host => host.os !== null)?.os ?? null,
	};
}

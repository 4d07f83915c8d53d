// The host kind: a machine (this one, a Proxmox node, an SSH host, a BMC's server) with CPU,
// memory, disks, temperatures and uptime. Its default rules: disk > 90 %, memory > 85 % for
// 5 min, CPU > 85 % for 5 min.
import {percent, type HostEntity} from '../entities.js';
import {formatBytes, formatBytesOf, formatDuration, formatNumber, formatPercent} from '../format.js';
import type {AlertRule} from '../model.js';
import type {KindModule} from './kind-module.js';
import {limits, within} from './range-limits.js';
import {machineSections} from './host-detail.js';
import {nullableNumber, nullableString, usageTone} from './tones.js';

/** The fullest filesystem, by percent used. */
export function worstFilesystem(host: HostEntity): {mount: string; percent: number} | undefined {
	let worst: {mount: string; percent: number} | undefined;
	for (const fs of host.filesystems) {
		const value = percent(fs.usedBytes, fs.sizeBytes);
		if (value !== null && (!worst || value > worst.percent)) worst = {mount: fs.mount, percent: value};
	}
	return worst;
}

export function hostMemPercent(host: HostEntity) {
	return percent(host.memory.usedBytes, host.memory.totalBytes);
}

export function hostMaxTemp(host: HostEntity) {
	const temps = host.temperatures.map(t => t.celsius).filter((c): c is number => c !== null);
	return temps.length > 0 ? Math.max(...temps) : null;
}

/** The fullest filesystem as the table shows it (unknown sizes count, as in the hosts pane). */
function worstFs(host: HostEntity): {mount: string; percent: number | null} | undefined {
	let disk: {mount: string; percent: number | null} | undefined;
	for (const fs of host.filesystems) {
		const used = percent(fs.usedBytes, fs.sizeBytes);
		if (!disk || (used ?? -1) > (disk.percent ?? -1)) disk = {mount: fs.mount, percent: used};
	}
	return disk;
}

function diskCell(host: HostEntity): string {
	const disk = worstFs(host);
	return disk ? `${formatPercent(disk.percent).padStart(4)} ${disk.mount}` : '–';
}



export const hostRules: readonly AlertRule[] = [
	{
		id: 'host.disk-full',
		kind: 'host',
		severity: 'warning',
		metric: entity => worstFilesystem(entity as HostEntity)?.percent ?? null,
		trigger: 90,
		clear: 88,
		forSec: 0,
		message: (entity, value) => `${entity.name}: ${worstFilesystem(entity as HostEntity)?.mount ?? 'disk'} ${Math.round(value)} % full`,
	},
	{
		id: 'host.memory-high',
		kind: 'host',
		severity: 'warning',
		metric: entity => percent((entity as HostEntity).memory.usedBytes, (entity as HostEntity).memory.totalBytes),
		trigger: 85,
		clear: 80,
		forSec: 300,
		message: (entity, value) => `${entity.name}: memory ${Math.round(value)} % used for 5 min`,
	},
	{
		id: 'host.cpu-high',
		kind: 'host',
		severity: 'warning',
		metric: entity => (entity as HostEntity).cpu.usage,
		trigger: 85,
		clear: 75,
		forSec: 300,
		message: (entity, value) => `${entity.name}: CPU ${Math.round(value)} % busy for 5 min`,
	},
];

export const hostKind: KindModule<'host'> = {
	kind: 'host',
	title: 'Hosts',
	noun: 'host',
	command: 'hosts',
	describe: 'Machines: this one, Proxmox nodes, SSH hosts, BMC servers',
	shownBy: 'hosts',
	columns: [
		{id: 'state', title: ' ', width: 1, maxWidth: 1, priority: 0, cell: h => (h.isOnline === false ? '■' : h.isOnline ? '►' : '?'), tone: h => (h.isOnline === false ? 'status.crit' : h.isOnline ? 'status.ok' : 'muted'), sortValue: h => String(h.isOnline)},
		{id: 'name', title: 'NAME', width: 10, maxWidth: 32, priority: 0, isFlexible: true, cell: h => h.name, sortValue: h => h.name},
		{id: 'role', title: 'ROLE', width: 6, maxWidth: 6, priority: 3, cell: h => h.role, sortValue: h => h.role},
		{id: 'cpu', title: 'CPU', width: 5, maxWidth: 5, priority: 0, align: 'right', cell: h => formatPercent(h.cpu.usage), tone: h => usageTone(h.cpu.usage), sortValue: h => h.cpu.usage},
		{id: 'load', title: 'LOAD', width: 5, maxWidth: 6, priority: 2, align: 'right', cell: h => (h.load ? h.load[0].toFixed(2) : '–'), sortValue: h => h.load?.[0] ?? null},
		{id: 'mem', title: 'MEM', width: 11, maxWidth: 11, priority: 1, align: 'right', cell: h => formatBytesOf(h.memory.usedBytes, h.memory.totalBytes), tone: h => usageTone(hostMemPercent(h)), sortValue: h => hostMemPercent(h)},
		{id: 'disk', title: 'DISK', width: 10, maxWidth: 28, priority: 1, cell: h => diskCell(h), tone: h => usageTone(worstFs(h)?.percent ?? null), sortValue: h => worstFs(h)?.percent ?? null},
		{id: 'temp', title: 'TEMP', width: 5, maxWidth: 5, priority: 4, align: 'right', cell: h => formatNumber(hostMaxTemp(h), '°C'), sortValue: h => hostMaxTemp(h)},
		{id: 'uptime', title: 'UPTIME', width: 7, maxWidth: 7, priority: 3, align: 'right', cell: h => formatDuration(h.uptimeSec), sortValue: h => h.uptimeSec},
		{id: 'source', title: 'SOURCE', width: 10, maxWidth: 24, priority: 5, cell: h => h.source, sortValue: h => h.source},
	],
	filterFields: h => ({role: h.role, status: h.isOnline === false ? 'offline' : 'online', os: h.os}),
	detail: (h, context) => [
		{
			title: `${h.name} (${h.role})`,
			fields: [
				{label: 'os', value: `${h.os ?? '–'} ${h.version ?? ''}`.trim()},
				{label: 'cpu', value: `${formatPercent(h.cpu.usage)} of ${h.cpu.cores ?? '–'} cores · ${h.cpu.model ?? ''}`},
				{label: 'load', value: h.load ? h.load.map(value => value.toFixed(2)).join(' ') : '–'},
				{label: 'memory', value: formatBytesOf(h.memory.usedBytes, h.memory.totalBytes), tone: usageTone(hostMemPercent(h))},
				{label: 'swap', value: formatBytesOf(h.swap.usedBytes, h.swap.totalBytes)},
				{label: 'network', value: `rx ${formatBytes(h.network.rxBytesPerSec)}/s tx ${formatBytes(h.network.txBytesPerSec)}/s`},
				{label: 'uptime', value: formatDuration(h.uptimeSec)},
			],
		},
		{
			title: 'filesystems · temperatures',
			lines: [
				...h.filesystems.map(fs => ({text: `${fs.mount.padEnd(16)} ${formatBytesOf(fs.usedBytes, fs.sizeBytes)}`, tone: usageTone(percent(fs.usedBytes, fs.sizeBytes))})),
				...(h.temperatures.length > 0 ? [{text: h.temperatures.map(t => `${t.label} ${formatNumber(t.celsius, '°C')}`).join(' · ')}] : []),
			],
		},
		...machineSections(h, context),
	],
	history: h => ({cpu: h.cpu.usage, memory: hostMemPercent(h)}),
	charts: [
		{metric: 'cpu', label: 'cpu', range: {min: 0, max: 100}, format: formatPercent},
		{metric: 'memory', label: 'memory', range: {min: 0, max: 100}, format: formatPercent},
	],
	rules: hostRules,
	ranges: [...within(limits.percent, 'cpu.usage'), ...within(limits.count, 'cpu.cores'), ...within(limits.bytes, 'memory.totalBytes', 'memory.usedBytes', 'swap.totalBytes', 'swap.usedBytes', 'filesystems[].sizeBytes', 'filesystems[].usedBytes', 'network.rxBytesPerSec', 'network.txBytesPerSec'), ...within(limits.celsius, 'temperatures[].celsius'), ...within(limits.uptimeSec, 'uptimeSec')],
	jsonSchema: {
		required: ['role', 'isOnline', 'cpu', 'memory', 'swap', 'filesystems', 'network', 'temperatures', 'uptimeSec', 'load', 'os'],
		properties: {
			role: {enum: ['local', 'node', 'remote', 'server']},
			isOnline: {type: ['boolean', 'null']},
			os: nullableString,
			cpu: {type: 'object', required: ['usage', 'cores', 'perCore'], properties: {usage: nullableNumber, cores: nullableNumber, perCore: {type: 'array', items: {type: 'number'}}}},
			load: {type: ['array', 'null'], items: {type: 'number'}},
			memory: {$ref: '#/definitions/usage'},
			swap: {$ref: '#/definitions/usage'},
			filesystems: {type: 'array', items: {type: 'object', required: ['mount', 'sizeBytes', 'usedBytes'], properties: {mount: {type: 'string'}, sizeBytes: nullableNumber, usedBytes: nullableNumber}}},
			network: {type: 'object', required: ['rxBytesPerSec', 'txBytesPerSec']},
			temperatures: {type: 'array', items: {type: 'object', required: ['label', 'celsius']}},
			uptimeSec: nullableNumber,
		},
	},
};

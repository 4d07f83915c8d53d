// The guest kind: a Proxmox VM or container. Filter values match as the table shows them and
// as `--json` writes them (`type:ct` and `type:lxc`, `type:vm` and `type:qemu`).
import {percent, type GuestEntity} from '../entities.js';
import {formatBytes, formatBytesOf, formatDuration, formatPercent} from '../format.js';
import type {KindModule, Tone} from './kind-module.js';
import {limits, within} from './range-limits.js';
import {nullableNumber, usageTone} from './tones.js';

export const guestGlyph: Readonly<Record<GuestEntity['status'], string>> = {running: '►', stopped: '■', paused: '‖', suspended: '‖', unknown: '?'};

export const guestStatusTone = (guest: GuestEntity): Tone => (guest.status === 'running' ? 'status.ok' : guest.status === 'stopped' ? 'muted' : 'status.warn');
const memPercent = (guest: GuestEntity) => percent(guest.memory.usedBytes, guest.memory.maxBytes);
/** The type as the table shows it (`vm`, `ct`). */
export const guestTypeLabel = (guest: GuestEntity) => (guest.guestType === 'qemu' ? 'vm' : 'ct');

export const guestKind: KindModule<'guest'> = {
	kind: 'guest',
	title: 'VMs',
	noun: 'VM',
	command: 'vms',
	describe: 'Proxmox guests (VMs and containers)',
	shownBy: 'vms',
	columns: [
		{id: 'status', title: ' ', width: 1, maxWidth: 1, priority: 0, cell: g => guestGlyph[g.status], tone: guestStatusTone, sortValue: g => g.status},
		{id: 'vmid', title: 'VMID', width: 5, maxWidth: 10, priority: 0, align: 'right', cell: g => String(g.vmid), sortValue: g => g.vmid},
		{id: 'name', title: 'NAME', width: 12, maxWidth: 32, priority: 0, isFlexible: true, cell: g => g.name, sortValue: g => g.name},
		{id: 'type', title: 'TYPE', width: 4, maxWidth: 4, priority: 4, cell: guestTypeLabel, sortValue: g => g.guestType},
		{id: 'node', title: 'NODE', width: 6, maxWidth: 16, priority: 1, cell: g => g.node, sortValue: g => g.node},
		{id: 'cpu', title: 'CPU', width: 5, maxWidth: 5, priority: 1, align: 'right', cell: g => formatPercent(g.cpuPercent), tone: g => usageTone(g.cpuPercent), sortValue: g => g.cpuPercent},
		{id: 'mem', title: 'MEM', width: 11, maxWidth: 11, priority: 2, align: 'right', cell: g => formatBytesOf(g.memory.usedBytes, g.memory.maxBytes), tone: g => usageTone(memPercent(g)), sortValue: g => g.memory.usedBytes},
		{id: 'disk', title: 'DISK', width: 11, maxWidth: 11, priority: 5, align: 'right', cell: g => formatBytesOf(g.disk.usedBytes, g.disk.maxBytes), sortValue: g => g.disk.usedBytes},
		{id: 'uptime', title: 'UPTIME', width: 7, maxWidth: 7, priority: 3, align: 'right', cell: g => formatDuration(g.uptimeSec), sortValue: g => g.uptimeSec},
		{id: 'tags', title: 'TAGS', width: 12, maxWidth: 32, priority: 6, cell: g => g.tags.join(','), sortValue: g => g.tags.join(',')},
		{id: 'ha', title: 'HA', width: 8, maxWidth: 10, priority: 7, cell: g => g.haState ?? '', sortValue: g => g.haState},
	],
	filterText: g => `${g.vmid} ${g.name} ${guestTypeLabel(g)} ${g.guestType} ${g.node} ${g.status} ${g.tags.join(' ')} ${g.haState ?? ''}`,
	filterFields: g => ({
		node: g.node,
		tag: g.tags,
		tags: g.tags,
		status: g.status,
		type: [guestTypeLabel(g), g.guestType],
		ha: g.haState,
		id: String(g.vmid),
		vmid: String(g.vmid),
		pool: g.pool,
	}),
	detail: g => [
		{
			title: `${g.vmid} ${g.name}`,
			fields: [
				{label: 'status', value: `${guestGlyph[g.status]} ${g.status}${g.lock ? ` (lock: ${g.lock})` : ''}`, tone: guestStatusTone(g)},
				{label: 'type', value: `${g.guestType === 'qemu' ? 'VM (qemu)' : 'container (lxc)'}${g.isTemplate ? ', template' : ''}`},
				{label: 'node', value: `${g.node} · ${g.source}`},
				{label: 'cpu', value: `${formatPercent(g.cpuPercent)} of ${g.cpus ?? '–'} cores`},
				{label: 'memory', value: formatBytesOf(g.memory.usedBytes, g.memory.maxBytes)},
				{label: 'disk', value: formatBytesOf(g.disk.usedBytes, g.disk.maxBytes)},
				{label: 'net in/out', value: `${formatBytes(g.netInBytesPerSec)}/s ${formatBytes(g.netOutBytesPerSec)}/s`},
				{label: 'disk r/w', value: `${formatBytes(g.diskReadBytesPerSec)}/s ${formatBytes(g.diskWriteBytesPerSec)}/s`},
				{label: 'uptime', value: formatDuration(g.uptimeSec)},
				{label: 'tags', value: g.tags.join(', ') || '–'},
				{label: 'HA', value: g.haState ?? '–'},
				{label: 'pool', value: g.pool ?? '–'},
			],
		},
	],
	history: g => ({cpu: g.cpuPercent, memory: memPercent(g)}),
	charts: [
		{metric: 'cpu', label: 'cpu', range: {min: 0, max: 100}, format: formatPercent},
		{metric: 'memory', label: 'memory', range: {min: 0, max: 100}, format: formatPercent},
	],
	ranges: [...within(limits.percent, 'cpuPercent'), ...within(limits.count, 'cpus'), ...within(limits.bytes, 'memory.usedBytes', 'memory.maxBytes', 'disk.usedBytes', 'disk.maxBytes', 'netInBytesPerSec', 'netOutBytesPerSec', 'diskReadBytesPerSec', 'diskWriteBytesPerSec'), ...within(limits.uptimeSec, 'uptimeSec')],
	jsonSchema: {
		required: ['vmid', 'guestType', 'node', 'status', 'cpuPercent', 'memory', 'disk', 'uptimeSec', 'tags', 'pciDevices', 'pciMappings', 'recentTasks', 'isTemplate'],
		properties: {
			vmid: {type: 'integer'},
			guestType: {enum: ['qemu', 'lxc']},
			node: {type: 'string'},
			status: {enum: ['running', 'stopped', 'paused', 'suspended', 'unknown']},
			cpuPercent: nullableNumber,
			tags: {type: 'array', items: {type: 'string'}},
			pciDevices: {type: 'array', items: {type: 'string'}},
			pciMappings: {type: 'array', items: {type: 'string'}},
			recentTasks: {type: 'array', items: {type: 'object', required: ['id', 'type', 'user', 'startTime', 'endTime', 'status', 'isFailed']}},
		},
	},
};

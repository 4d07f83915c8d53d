// The VMs pane (issue 3): every Proxmox guest, filterable with `node:`, `tag:`, `status:`…
import {Box, Text} from 'ink';
import {useCallback} from 'react';
import type {GpuEntity, GuestEntity} from '../src/entities.js';
import {fit, formatBytes, formatBytesOf, formatDuration, formatPercent} from '../src/format.js';
import {guestDetail, guestFilterFields, guestGlyph, taskLines} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {Columns, Field, Section} from './Detail.js';
import {gpuNameForms} from './GpusPane.js';
import {emptyLine, noSourcesLine} from './no-sources.js';
import type {PaneProps} from './pane-handle.js';
import {Sparkline} from './Sparkline.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {style, usageToken, type Token} from './theme.js';
import {useSlice} from './use-store.js';

const statusTone = (guest: GuestEntity): Token => (guest.status === 'running' ? 'status.ok' : guest.status === 'stopped' ? 'muted' : 'status.warn');
const memPercent = (guest: GuestEntity) => (guest.memory.usedBytes !== null && guest.memory.maxBytes ? (guest.memory.usedBytes / guest.memory.maxBytes) * 100 : null);

export const vmColumns: readonly Column<GuestEntity>[] = [
	{id: 'status', title: ' ', width: 1, maxWidth: 1, priority: 0, cell: g => guestGlyph[g.status], tone: statusTone, sortValue: g => g.status},
	{id: 'vmid', title: 'VMID', width: 5, maxWidth: 10, priority: 0, align: 'right', cell: g => String(g.vmid), sortValue: g => g.vmid},
	{id: 'name', title: 'NAME', width: 12, maxWidth: 32, priority: 0, isFlexible: true, cell: g => g.name, sortValue: g => g.name},
	{id: 'type', title: 'TYPE', width: 4, maxWidth: 4, priority: 4, cell: g => (g.guestType === 'qemu' ? 'vm' : 'ct'), sortValue: g => g.guestType},
	{id: 'node', title: 'NODE', width: 6, maxWidth: 16, priority: 1, cell: g => g.node, sortValue: g => g.node},
	{id: 'cpu', title: 'CPU', width: 5, maxWidth: 5, priority: 1, align: 'right', cell: g => formatPercent(g.cpuPercent), tone: g => usageToken(g.cpuPercent), sortValue: g => g.cpuPercent},
	{id: 'mem', title: 'MEM', width: 11, maxWidth: 11, priority: 2, align: 'right', cell: g => formatBytesOf(g.memory.usedBytes, g.memory.maxBytes), tone: g => usageToken(memPercent(g)), sortValue: g => g.memory.usedBytes},
	{id: 'disk', title: 'DISK', width: 11, maxWidth: 11, priority: 5, align: 'right', cell: g => formatBytesOf(g.disk.usedBytes, g.disk.maxBytes), sortValue: g => g.disk.usedBytes},
	{id: 'uptime', title: 'UPTIME', width: 7, maxWidth: 7, priority: 3, align: 'right', cell: g => formatDuration(g.uptimeSec), sortValue: g => g.uptimeSec},
	{id: 'tags', title: 'TAGS', width: 12, maxWidth: 32, priority: 6, cell: g => g.tags.join(','), sortValue: g => g.tags.join(',')},
	{id: 'ha', title: 'HA', width: 8, maxWidth: 10, priority: 7, cell: g => g.haState ?? '', sortValue: g => g.haState},
];

const vmFilterRow = (g: GuestEntity) => ({
	text: `${g.vmid} ${g.name} ${g.guestType} ${g.node} ${g.status} ${g.tags.join(' ')} ${g.haState ?? ''}`,
	fields: guestFilterFields(g),
});

export const vmsSources = {kinds: ['guest'], noun: 'VM'} as const;
const selectGuests = (s: Snapshot) => s.byKind.guest as readonly GuestEntity[];
const selectMissing = (s: Snapshot) => noSourcesLine(s, vmsSources);
const selectEmpty = (s: Snapshot) => emptyLine(s, vmsSources);
const selectSnapshot = (s: Snapshot) => s;

export function VmsPane(props: PaneProps) {
	const guests = useSlice(props.store, selectGuests);
	const missing = useSlice(props.store, selectMissing);
	const empty = useSlice(props.store, selectEmpty);
	const renderDetail = useCallback(
		(guest: GuestEntity, width: number, height: number, now: number) => <GuestDetail guest={guest} store={props.store} width={width} height={height} now={now} />,
		[props.store],
	);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	return <TablePane {...props} emptyText={empty} title="VMs" rows={guests} columns={vmColumns} rowId={g => g.id} filterRow={vmFilterRow} entityOf={g => g} renderDetail={renderDetail} />;
}

/** "pve2 GPU0 RTX 4080": the card's name in the longest form that fits. */
function gpuLabel(gpu: GpuEntity, room: number): string {
	const head = `${gpu.host} GPU${gpu.index} `;
	const forms = gpuNameForms(gpu.name);
	return head + (forms.find(form => head.length + form.length <= room) ?? forms[forms.length - 1]!);
}

const taskToken = {ok: 'status.ok', running: 'focus', failed: 'status.crit'} as const;

function GuestDetail({guest, store, width, height, now}: {readonly guest: GuestEntity; readonly store: PaneProps['store']; readonly width: number; readonly height: number; readonly now: number}) {
	const snapshot = useSlice(store, selectSnapshot);
	const {devices, history} = guestDetail(snapshot, guest);
	const isSplit = width >= 70;
	const half = isSplit ? Math.floor(width / 2) : width;
	const config = (
		<Section title={`${guest.vmid} ${guest.name}`}>
			<Field label="status" value={`${guestGlyph[guest.status]} ${guest.status}${guest.lock ? ` (lock: ${guest.lock})` : ''}`} tone={statusTone(guest)} />
			<Field label="type" value={`${guest.guestType === 'qemu' ? 'VM (qemu)' : 'container (lxc)'}${guest.isTemplate ? ', template' : ''}`} />
			<Field label="node" value={`${guest.node} · ${guest.source}`} />
			<Field label="cpu" value={`${formatPercent(guest.cpuPercent)} of ${guest.cpus ?? '–'} cores`} />
			<Field label="memory" value={formatBytesOf(guest.memory.usedBytes, guest.memory.maxBytes)} />
			<Field label="disk" value={formatBytesOf(guest.disk.usedBytes, guest.disk.maxBytes)} />
			<Field label="net in/out" value={`${formatBytes(guest.netInBytesPerSec)}/s ${formatBytes(guest.netOutBytesPerSec)}/s`} />
			<Field label="disk r/w" value={`${formatBytes(guest.diskReadBytesPerSec)}/s ${formatBytes(guest.diskWriteBytesPerSec)}/s`} />
			<Field label="uptime" value={formatDuration(guest.uptimeSec)} />
			<Field label="tags" value={guest.tags.join(', ') || '–'} />
			<Field label="HA" value={guest.haState ?? '–'} />
			<Field label="pool" value={guest.pool ?? '–'} />
		</Section>
	);
	// Tasks get the lines the other sections leave (side by side: the right column's height).
	const used = 1 + Math.max(1, devices.length) + 3 + 1 + (isSplit ? 0 : 13);
	const taskRoom = Math.max(1, height - used);
	const tasks = taskLines(guest.recentTasks, now);
	const shownTasks = tasks.length > taskRoom ? tasks.slice(0, taskRoom - 1) : tasks;
	const right = (
		<Box flexDirection="column">
			<Section title={`passed-through devices (${devices.length})`}>
				{devices.length === 0 ? <Text {...style('muted')}>none</Text> : null}
				{devices.map(device => (
					<Text key={device.label} wrap="truncate">
						{device.label}
						{device.gpu ? <Text {...style('accent')}>{` → ${gpuLabel(device.gpu, half - device.label.length - 4)}`}</Text> : null}
					</Text>
				))}
			</Section>
			<Section title={`recent tasks (${tasks.length})`}>
				{tasks.length === 0 ? <Text {...style('muted')}>none reported</Text> : null}
				{shownTasks.map((task, index) => (
					<Text key={index} wrap="truncate">
						{`${fit(task.type, 9)} ${half >= 60 ? `${task.started} ` : ''}${`${task.age} ago`.padStart(10)} ${task.took.padStart(7)}  `}
						<Text {...style(taskToken[task.tone])}>{task.status}</Text>
					</Text>
				))}
				{shownTasks.length < tasks.length ? <Text {...style('muted')}>{`… ${tasks.length - shownTasks.length} older`}</Text> : null}
			</Section>
			<Section title="history">
				<Sparkline label="cpu" samples={history['cpu']} width={half} range={{min: 0, max: 100}} format={formatPercent} />
				<Sparkline label="memory" samples={history['memory']} width={half} range={{min: 0, max: 100}} format={formatPercent} />
			</Section>
		</Box>
	);
	return <Columns width={width} left={config} right={right} />;
}

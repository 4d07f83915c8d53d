// The VMs pane (issue 3): every Proxmox guest, filterable with `node:`, `tag:`, `status:`…
import {Box, Text} from 'ink';
import {useCallback} from 'react';
import type {GuestEntity} from '../src/entities.js';
import {formatBytes, formatBytesOf, formatDuration, formatPercent} from '../src/format.js';
import {guestDetail, guestFilterFields, guestGlyph} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {nameOf} from '../src/topology.js';
import {Columns, Field, Section} from './Detail.js';
import {noSourcesLine} from './no-sources.js';
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

export const vmsSources = {kinds: ['guest'], types: ['proxmox'], line: 'No Proxmox sources configured — add a proxmox source: see README › Config'} as const;
const selectGuests = (s: Snapshot) => s.byKind.guest as readonly GuestEntity[];
const selectMissing = (s: Snapshot) => noSourcesLine(s, vmsSources);
const selectSnapshot = (s: Snapshot) => s;

export function VmsPane(props: PaneProps) {
	const guests = useSlice(props.store, selectGuests);
	const missing = useSlice(props.store, selectMissing);
	const renderDetail = useCallback((guest: GuestEntity, width: number) => <GuestDetail guest={guest} store={props.store} topology={props.topology} width={width} />, [props.store, props.topology]);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	return <TablePane {...props} title="VMs" rows={guests} columns={vmColumns} rowId={g => g.id} filterRow={vmFilterRow} entityOf={g => g} renderDetail={renderDetail} />;
}

function GuestDetail({guest, store, topology, width}: {readonly guest: GuestEntity; readonly store: PaneProps['store']; readonly topology: PaneProps['topology']; readonly width: number}) {
	const snapshot = useSlice(store, selectSnapshot);
	const {gpus, history} = guestDetail(snapshot, guest);
	const half = width >= 70 ? Math.floor(width / 2) : width;
	const config = (
		<Section title={`${guest.vmid} ${guest.name}`}>
			<Field label="status" value={`${guestGlyph[guest.status]} ${guest.status}${guest.lock ? ` (lock: ${guest.lock})` : ''}`} tone={statusTone(guest)} />
			<Field label="type" value={`${guest.guestType === 'qemu' ? 'VM (qemu)' : 'container (lxc)'}${guest.isTemplate ? ', template' : ''}`} />
			<Field label="node" value={`${guest.node} · ${guest.source}`} />
			<Field label="cpu" value={`${formatPercent(guest.cpuPercent)} of ${guest.cpus ?? '–'} cores`} />
			<Field label="memory" value={formatBytesOf(guest.memory.usedBytes, guest.memory.maxBytes)} />
			<Field label="disk" value={formatBytesOf(guest.disk.usedBytes, guest.disk.maxBytes)} />
			<Field label="net in/out" value={`${formatBytes(guest.netInBytesPerSec)}/s ${formatBytes(guest.netOutBytesPerSec)}/s`} />
			<Field label="uptime" value={formatDuration(guest.uptimeSec)} />
			<Field label="tags" value={guest.tags.join(', ') || '–'} />
			<Field label="HA" value={guest.haState ?? '–'} />
			<Field label="pool" value={guest.pool ?? '–'} />
		</Section>
	);
	const devices = (
		<Box flexDirection="column">
			<Section title="passed-through devices">
				{guest.pciDevices.length === 0 ? <Text {...style('muted')}>none</Text> : guest.pciDevices.map(address => <Text key={address}>{address}</Text>)}
			</Section>
			<Section title="GPU">
				{gpus.length === 0 ? <Text {...style('muted')}>none</Text> : gpus.map(gpu => <Text key={gpu.id} wrap="truncate">{nameOf(snapshot, topology, gpu.id)}</Text>)}
			</Section>
			<Section title="history">
				<Sparkline label="cpu" samples={history['cpu']} width={half} range={{min: 0, max: 100}} format={formatPercent} />
				<Sparkline label="memory" samples={history['memory']} width={half} range={{min: 0, max: 100}} format={formatPercent} />
			</Section>
		</Box>
	);
	return <Columns width={width} left={config} right={devices} />;
}

// The hosts pane: the local machine, Proxmox nodes, SSH hosts; storage in the detail view.
import {Text} from 'ink';
import {useCallback} from 'react';
import type {StorageEntity} from '../src/entities.js';
import {formatBytes, formatBytesOf, formatDuration, formatNumber, formatPercent} from '../src/format.js';
import {selectHostRows, selectStorage, type HostRow} from '../src/selectors.js';
import {Columns, Field, Section} from './Detail.js';
import type {PaneProps} from './pane-handle.js';
import {Sparkline} from './Sparkline.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {style, usageToken} from './theme.js';
import {useSlice} from './use-store.js';
import type {Snapshot} from '../src/store.js';

const load = (row: HostRow) => (row.entity.load ? row.entity.load[0].toFixed(2) : '–');

export const hostColumns: readonly Column<HostRow>[] = [
	{id: 'state', title: ' ', width: 1, maxWidth: 1, priority: 0, cell: r => (r.entity.isOnline === false ? '■' : r.entity.isOnline ? '►' : '?'), tone: r => (r.entity.isOnline === false ? 'status.crit' : r.entity.isOnline ? 'status.ok' : 'muted'), sortValue: r => String(r.entity.isOnline)},
	{id: 'name', title: 'NAME', width: 10, maxWidth: 32, priority: 0, isFlexible: true, cell: r => r.entity.name, sortValue: r => r.entity.name},
	{id: 'role', title: 'ROLE', width: 6, maxWidth: 6, priority: 3, cell: r => r.entity.role, sortValue: r => r.entity.role},
	{id: 'cpu', title: 'CPU', width: 5, maxWidth: 5, priority: 0, align: 'right', cell: r => formatPercent(r.entity.cpu.usage), tone: r => usageToken(r.entity.cpu.usage), sortValue: r => r.entity.cpu.usage},
	{id: 'load', title: 'LOAD', width: 5, maxWidth: 6, priority: 2, align: 'right', cell: load, sortValue: r => r.entity.load?.[0] ?? null},
	{id: 'mem', title: 'MEM', width: 11, maxWidth: 11, priority: 1, align: 'right', cell: r => formatBytesOf(r.entity.memory.usedBytes, r.entity.memory.totalBytes), tone: r => usageToken(r.memPercent), sortValue: r => r.memPercent},
	{id: 'disk', title: 'DISK', width: 10, maxWidth: 28, priority: 1, cell: r => (r.disk ? `${formatPercent(r.disk.percent).padStart(4)} ${r.disk.mount}` : '–'), tone: r => usageToken(r.disk?.percent ?? null), sortValue: r => r.disk?.percent ?? null},
	{id: 'temp', title: 'TEMP', width: 5, maxWidth: 5, priority: 4, align: 'right', cell: r => formatNumber(r.maxTemp, '°C'), sortValue: r => r.maxTemp},
	{id: 'uptime', title: 'UPTIME', width: 7, maxWidth: 7, priority: 3, align: 'right', cell: r => formatDuration(r.entity.uptimeSec), sortValue: r => r.entity.uptimeSec},
	{id: 'source', title: 'SOURCE', width: 10, maxWidth: 24, priority: 5, cell: r => r.entity.source, sortValue: r => r.entity.source},
];

/** Storage, fullest first; a shared storage once, not once per node. */
export function storageLine(storage: readonly StorageEntity[]): string {
	const seen = new Set<string>();
	const items: {label: string; percent: number | null}[] = [];
	for (const s of storage) {
		const key = s.isShared ? `${s.source}/${s.name}` : s.id;
		if (seen.has(key)) continue;
		seen.add(key);
		items.push({label: s.isShared ? `${s.name} (shared)` : `${s.name}@${s.node}`, percent: s.totalBytes ? ((s.usedBytes ?? 0) / s.totalBytes) * 100 : null});
	}
	items.sort((a, b) => (b.percent ?? -1) - (a.percent ?? -1));
	return `storage: ${items.map(item => `${item.label} ${formatPercent(item.percent)}`).join(' · ')}`;
}

const hostFilterRow = (r: HostRow) => ({
	text: `${r.entity.name} ${r.entity.role} ${r.entity.source} ${r.entity.os ?? ''}`,
	fields: {name: r.entity.name, role: r.entity.role, source: r.entity.source, status: r.entity.isOnline === false ? 'offline' : 'online'},
});

export function HostsPane(props: PaneProps) {
	const rows = useSlice(props.store, selectHostRows);
	const storage = useSlice(props.store, selectStorage) as readonly StorageEntity[];
	const renderDetail = useCallback((row: HostRow, width: number) => <HostDetail row={row} store={props.store} storage={storage} width={width} />, [props.store, storage]);
	return (
		<TablePane
			{...props}
			title="Hosts"
			rows={rows}
			columns={hostColumns}
			rowId={r => r.entity.id}
			filterRow={hostFilterRow}
			entityOf={r => r.entity}
			renderDetail={renderDetail}
			renderTop={() => (storage.length > 0 ? {node: <Text wrap="truncate" {...style('muted')}>{storageLine(storage)}</Text>, height: 1} : undefined)}
		/>
	);
}

const selectHistory = (s: Snapshot) => s.history;

function HostDetail({row, store, storage, width}: {readonly row: HostRow; readonly store: PaneProps['store']; readonly storage: readonly StorageEntity[]; readonly width: number}) {
	const history = useSlice(store, selectHistory).get(row.entity.id) ?? {};
	const host = row.entity;
	const half = width >= 70 ? Math.floor(width / 2) : width;
	const own = storage.filter(s => s.node === host.localId && s.source === host.source);
	const facts = (
		<Section title={`${host.name} (${host.role})`}>
			<Field label="os" value={`${host.os ?? '–'} ${host.version ?? ''}`} />
			<Field label="cpu" value={`${formatPercent(host.cpu.usage)} of ${host.cpu.cores ?? '–'} cores · ${host.cpu.model ?? ''}`} />
			<Field label="load" value={host.load ? host.load.map(value => value.toFixed(2)).join(' ') : '–'} />
			<Field label="memory" value={formatBytesOf(host.memory.usedBytes, host.memory.totalBytes)} />
			<Field label="swap" value={formatBytesOf(host.swap.usedBytes, host.swap.totalBytes)} />
			<Field label="network" value={`rx ${formatBytes(host.network.rxBytesPerSec)}/s tx ${formatBytes(host.network.txBytesPerSec)}/s`} />
			<Field label="uptime" value={formatDuration(host.uptimeSec)} />
			<Sparkline label="cpu" samples={history['cpu']} width={half} range={{min: 0, max: 100}} format={formatPercent} />
			<Sparkline label="memory" samples={history['memory']} width={half} range={{min: 0, max: 100}} format={formatPercent} />
		</Section>
	);
	const disks = (
		<Section title="filesystems · temperatures · storage">
			{host.filesystems.map(fs => <Text key={fs.mount} wrap="truncate">{`${fs.mount.padEnd(16)} ${formatBytesOf(fs.usedBytes, fs.sizeBytes)}`}</Text>)}
			{host.temperatures.length > 0 ? <Text wrap="truncate">{host.temperatures.map(t => `${t.label} ${formatNumber(t.celsius, '°C')}`).join(' · ')}</Text> : null}
			{own.map(s => <Text key={s.id} wrap="truncate">{`${s.name.padEnd(16)} ${formatBytesOf(s.usedBytes, s.totalBytes)} ${s.storageType ?? ''}${s.isShared ? ' shared' : ''}`}</Text>)}
		</Section>
	);
	return <Columns width={width} left={facts} right={disks} />;
}

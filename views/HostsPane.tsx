// The hosts pane: the local machine, Proxmox nodes, SSH hosts; storage in the detail view.
import {Text} from 'ink';
import {useCallback} from 'react';
import type {HostEntity, StorageEntity} from '../src/entities.js';
import {formatBytes, formatBytesOf, formatDuration, formatNumber, formatPercent} from '../src/format.js';
import {hostKind} from '../src/kinds/host.js';
import {selectStorage} from '../src/selectors.js';
import {Columns, Field, Section} from './Detail.js';
import type {PaneProps} from './pane-handle.js';
import {Sparkline} from './Sparkline.js';
import {useKindTable} from './kind-table.js';
import {TablePane} from './TablePane.js';
import {style} from './theme.js';
import {useSlice} from './use-store.js';
import type {Snapshot} from '../src/store.js';

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

const selectHosts = (s: Snapshot) => s.byKind.host as readonly HostEntity[];

export function HostsPane(props: PaneProps) {
	const rows = useSlice(props.store, selectHosts);
	const table = useKindTable(hostKind, props.store, props.topology);
	const storage = useSlice(props.store, selectStorage) as readonly StorageEntity[];
	const renderDetail = useCallback((host: HostEntity, width: number) => <HostDetail host={host} store={props.store} storage={storage} width={width} />, [props.store, storage]);
	return (
		<TablePane
			{...props}
			title="Hosts"
			rows={rows}
			columns={table.columns}
			rowId={h => h.id}
			filterRow={table.filterRow}
			entityOf={h => h}
			renderDetail={renderDetail}
			renderTop={() => (storage.length > 0 ? {node: <Text wrap="truncate" {...style('muted')}>{storageLine(storage)}</Text>, height: 1} : undefined)}
		/>
	);
}

const selectHistory = (s: Snapshot) => s.history;

function HostDetail({host, store, storage, width}: {readonly host: HostEntity; readonly store: PaneProps['store']; readonly storage: readonly StorageEntity[]; readonly width: number}) {
	const history = useSlice(store, selectHistory).get(host.id) ?? {};
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

// The hosts pane: one row per machine (src/devices.ts) — a Proxmox node, its SSH host, its BMC
// and its GPUs are one machine — with values merged across the sources that see it; the detail
// lists each source's view. A dead machine says so (powered off / down / unreachable, since when)
// and its last-known values are dimmed, its sparklines stopped. Storage in the summary line.
import {Box, Text} from 'ink';
import {useCallback, useMemo} from 'react';
import {machineIndex, machines, type Machine} from '../src/devices.js';
import type {BmcEntity, HostEntity, StorageEntity} from '../src/entities.js';
import {formatAge, formatBytes, formatBytesOf, formatDuration, formatNumber, formatPercent} from '../src/format.js';
import {machineColumns, machineFilterFields, machineWatts} from '../src/machine-columns.js';
import {machineStatus, stateLine, type MachineStatus} from '../src/machine-state.js';
import {selectStorage, staleness} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {nameOf, type Topology} from '../src/topology.js';
import {Columns, Field, Section} from './Detail.js';
import {bindColumns, liveContext} from './kind-table.js';
import type {PaneProps} from './pane-handle.js';
import {Sparkline} from './Sparkline.js';
import {TablePane} from './TablePane.js';
import {style} from './theme.js';
import {useSlice} from './use-store.js';

/** Storage, fullest first; a shared storage once (with its nodes), not once per node. */
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

/** The view of a machine that actions and the selection act on: its freshest OS view, else its BMC. */
function primaryEntity(machine: Machine) {
	return [...machine.hosts].sort((a, b) => b.seenAt - a.seenAt)[0] ?? machine.bmcs[0];
}

export function HostsPane(props: PaneProps) {
	const {store, topology} = props;
	const select = useMemo(() => {
		let last: {entities: unknown; rows: readonly Machine[]} | undefined;
		return (s: Snapshot) => {
			if (last?.entities !== s.entities) last = {entities: s.entities, rows: machines(s, topology)};
			return last.rows;
		};
	}, [topology]);
	const rows = useSlice(store, select);
	const table = useMemo(() => {
		const context = liveContext(store, topology, props.clock);
		return {
			context,
			columns: bindColumns(machineColumns, context),
			filterRow: (machine: Machine) => ({text: [machine.name, ...machine.sources, ...machineColumns.map(column => column.cell(machine, context))].join(' '), fields: machineFilterFields(machine, context)}),
		};
	}, [store, topology, props.clock]);
	const storage = useSlice(store, selectStorage) as readonly StorageEntity[];
	const warning = useSlice(store, useCallback((s: Snapshot) => machineIndex(s, topology).warnings[0], [topology]));
	const staleOf = useCallback((machine: Machine, now: number) => {
		const status = machineStatus(store.getSnapshot(), machine, now);
		return {isStale: false, ageSec: 0, reason: status.isLive ? undefined : `${machine.name}: ${stateLine(status, now)}`};
	}, [store]);
	const renderDetail = useCallback(
		(machine: Machine, width: number, _height: number, now: number) => <MachineDetail machine={machine} store={store} topology={topology} storage={storage} width={width} now={now} />,
		[store, topology, storage],
	);
	return (
		<TablePane
			{...props}
			title="Hosts"
			rows={rows}
			columns={table.columns}
			rowId={m => m.id}
			filterRow={table.filterRow}
			entityOf={primaryEntity}
			staleOf={staleOf}
			renderDetail={renderDetail}
			renderTop={() => {
				const lines = [
					...(warning ? [<Text key="warning" wrap="truncate" {...style('status.warn')}>{warning}</Text>] : []),
					...(storage.length > 0 ? [<Text key="storage" wrap="truncate" {...style('muted')}>{storageLine(storage)}</Text>] : []),
				];
				return lines.length > 0 ? {node: <>{lines}</>, height: lines.length} : undefined;
			}}
		/>
	);
}

const selectSnapshot = (s: Snapshot) => s;

type DetailProps = {readonly machine: Machine; readonly store: PaneProps['store']; readonly topology: Topology; readonly storage: readonly StorageEntity[]; readonly width: number; readonly now: number};

function MachineDetail({machine: shown, store, topology, storage, width, now}: DetailProps) {
	const snapshot = useSlice(store, selectSnapshot);
	// The row's machine as of this snapshot (the row object is the one the table held).
	const machine = machines(snapshot, topology).find(candidate => candidate.id === shown.id) ?? shown;
	const status = machineStatus(snapshot, machine, now);
	const primary = primaryEntity(machine);
	const history = primary ? snapshot.history.get(primary.id) ?? {} : {};
	const half = width >= 70 ? Math.floor(width / 2) : width;
	const stopped = status.isLive ? undefined : `stopped${status.lastSeenUp === null ? '' : ` ${formatAge(status.lastSeenUp, now)} ago`}`;
	const left = (
		<Box flexDirection="column">
			<Section title={`${machine.name} · seen by ${machine.sources.join(', ') || 'no source'}`}>
				<Text wrap="wrap" {...style(status.isLive ? 'status.ok' : status.state === 'unknown' ? 'muted' : 'status.crit')}>{stateLine(status, now)}</Text>
				<Field label="power" value={powerLine(machine, snapshot, topology)} />
				<Sparkline label="cpu" samples={history['cpu']} width={half} range={{min: 0, max: 100}} format={formatPercent} stopped={stopped} />
				<Sparkline label="memory" samples={history['memory']} width={half} range={{min: 0, max: 100}} format={formatPercent} stopped={stopped} />
			</Section>
			{machine.bmcs.map(bmc => <BmcSection key={bmc.id} bmc={bmc} snapshot={snapshot} now={now} />)}
			{machine.gpus.length > 0 ? (
				<Section title={`GPUs (${machine.gpus.length})`}>
					{machine.gpus.map(gpu => <Text key={gpu.id} wrap="truncate" {...style(status.isLive ? 'plain' : 'stale')}>{`GPU${gpu.index} ${gpu.name} ${formatNumber(gpu.temperature.celsius, '°C')}${status.isLive ? ` ${formatPercent(gpu.utilization.gpu)} ${formatNumber(gpu.power.drawWatts, 'W')}` : ''}`}</Text>)}
				</Section>
			) : null}
		</Box>
	);
	const right = (
		<Box flexDirection="column">
			{machine.hosts.map(host => <HostView key={host.id} host={host} snapshot={snapshot} status={status} storage={storage} now={now} />)}
		</Box>
	);
	return <Columns width={width} left={left} right={right} />;
}

function powerLine(machine: Machine, snapshot: Snapshot, topology: Topology): string {
	const feeds = machine.outlets.map(outlet => `${nameOf(snapshot, topology, outlet.pdu)}:${outlet.number} ${outlet.state}`);
	if (machine.ups) feeds.push(`UPS ${machine.ups.name} ${machine.ups.statusText}`);
	const watts = machineWatts(machine);
	return `${feeds.join(' · ') || '–'}${watts === null ? '' : ` · ${Math.round(watts)} W`}`;
}

/** One source's view of the OS, with its own age: the merged row hides which source said what. */
function HostView({host, snapshot, status, storage, now}: {readonly host: HostEntity; readonly snapshot: Snapshot; readonly status: MachineStatus; readonly storage: readonly StorageEntity[]; readonly now: number}) {
	const stale = staleness(host, snapshot, now);
	const isDim = stale.isStale || !status.isLive;
	const own = storage.filter(s => s.source === host.source && (s.node === host.localId || (s.nodes ?? []).includes(host.localId)));
	const tone = isDim ? 'stale' : 'plain';
	return (
		<Section title={`${host.source} (${host.role})${stale.isStale ? ` · stale ${formatDuration(stale.ageSec)}` : ''}${host.isOnline === false ? ' · offline' : ''}`}>
			<Field label="os" value={`${host.os ?? '–'} ${host.version ?? ''}`.trim()} tone={tone} />
			<Field label="cpu" value={`${status.isLive && !stale.isStale ? formatPercent(host.cpu.usage) : '–'} of ${host.cpu.cores ?? '–'} cores${host.load && status.isLive ? ` · load ${host.load.map(value => value.toFixed(2)).join(' ')}` : ''}`} tone={tone} />
			<Field label="memory" value={formatBytesOf(host.memory.usedBytes, host.memory.totalBytes)} tone={tone} />
			{status.isLive && !stale.isStale ? <Field label="network" value={`rx ${formatBytes(host.network.rxBytesPerSec)}/s tx ${formatBytes(host.network.txBytesPerSec)}/s`} /> : null}
			<Field label="uptime" value={status.isLive && !stale.isStale ? formatDuration(host.uptimeSec) : '–'} tone={tone} />
			{host.filesystems.slice(0, 4).map(fs => <Text key={fs.mount} wrap="truncate" {...style(tone)}>{`${fs.mount.padEnd(16)} ${formatBytesOf(fs.usedBytes, fs.sizeBytes)}`}</Text>)}
			{host.temperatures.length > 0 ? <Text wrap="truncate" {...style(tone)}>{host.temperatures.map(t => `${t.label} ${formatNumber(t.celsius, '°C')}`).join(' · ')}</Text> : null}
			{own.map(s => <Text key={s.id} wrap="truncate" {...style(tone)}>{`${s.name.padEnd(16)} ${formatBytesOf(s.usedBytes, s.totalBytes)} ${s.storageType ?? ''}${s.isShared ? ' shared' : ''}`}</Text>)}
		</Section>
	);
}

function BmcSection({bmc, snapshot, now}: {readonly bmc: BmcEntity; readonly snapshot: Snapshot; readonly now: number}) {
	const stale = staleness(bmc, snapshot, now);
	const tone = stale.isStale ? 'stale' : bmc.health === 'critical' ? 'status.crit' : bmc.health === 'warning' ? 'status.warn' : 'plain';
	const inlet = bmc.temperatures.find(item => /inlet|ambient|intake|front/i.test(item.name)) ?? bmc.temperatures[0];
	return (
		<Section title={`BMC ${bmc.source}${stale.isStale ? ` · stale ${formatDuration(stale.ageSec)}` : ''}`}>
			<Field label="power" value={`${bmc.powerState} · health ${bmc.health ?? 'unknown'} · ${formatNumber(bmc.powerWatts, ' W')}`} tone={tone} />
			<Field label="inlet" value={inlet ? `${formatNumber(inlet.celsius, '°C')} (critical ${formatNumber(inlet.upperCritical, '°C')})` : '–'} tone={stale.isStale ? 'stale' : 'plain'} />
			<Field label="model" value={`${bmc.manufacturer ?? ''} ${bmc.model ?? '–'}`.trim()} tone={stale.isStale ? 'stale' : 'plain'} />
		</Section>
	);
}

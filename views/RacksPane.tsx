// The racks pane: every device by rack and U position (top first), its state derived from its
// entities, what powers it; Enter lists its entities and everything that depends on it. When the
// pane is wide enough, the racks' elevation is drawn on the left with the table's selected device
// marked in it (RackElevation.tsx); narrow, the table alone.
import {Box, Text} from 'ink';
import {useCallback, useMemo} from 'react';
import {deviceMachineStatus} from '../src/device-state.js';
import {machineIndex} from '../src/devices.js';
import {machineTemp, machineWatts} from '../src/machine-columns.js';
import {stateLabel, stateLine} from '../src/machine-state.js';
import type {Entity} from '../src/entities.js';
import {formatNumber} from '../src/format.js';
import {deviceRef, deviceState, dependentNames, poweredBy, staleness, type DeviceState} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {nameOf, type Device, type Topology} from '../src/topology.js';
import {Field, Section} from './Detail.js';
import type {PaneProps} from './pane-handle.js';
import {elevationWidth, RackElevation, type SelectedDevice} from './RackElevation.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {style, type Token} from './theme.js';
import {useNow, useSlice} from './use-store.js';

type RackRow = {readonly device: Device; readonly rack: string; readonly position: string; readonly top: number; readonly poweredBy: readonly string[]};

const stateGlyph: Record<DeviceState, string> = {up: '● up', down: '■ down', stale: '◌ stale', unknown: '? –'};
const stateTone: Record<DeviceState, Token> = {up: 'status.ok', down: 'status.crit', stale: 'stale', unknown: 'muted'};

/** The configured devices, and machines found only through their BMC (a server no config places yet). */
function rackRows(snapshot: Snapshot, topology: Topology): readonly RackRow[] {
	const rackName = new Map(topology.racks.map(rack => [rack.id, rack.name]));
	const found = machineIndex(snapshot, topology).machines.filter(machine => machine.device === undefined && machine.bmcs.length > 0);
	return [...topology.devices, ...found.map((machine): Device => ({id: machine.id.replace(/^machine:/, ''), name: machine.name, power: [], entities: machine.entityIds}))]
		.map(device => {
			const top = device.u === undefined ? -1 : device.u + (device.height ?? 1) - 1;
			const position = device.u === undefined ? '–' : top === device.u ? `U${device.u}` : `U${device.u}-${top}`;
			return {device, rack: device.rack ? rackName.get(device.rack) ?? device.rack : '(no rack)', position, top, poweredBy: poweredBy(snapshot, topology, device)};
		})
		.sort((a, b) => Number(a.device.rack === undefined) - Number(b.device.rack === undefined) || a.rack.localeCompare(b.rack) || b.top - a.top);
}

/**
 * What `a` and the detail act on for a device: its machine's operating system (a host entity of
 * the device, where the machine actions live: shut down, reboot, power on, power off), else a
 * host found for the machine by name, else its BMC, else its first reported entity (a PDU, a UPS).
 */
export function machineEntity(snapshot: Snapshot, topology: Topology, device: Device): Entity | undefined {
	const members = device.entities.map(id => snapshot.entities.get(id)).filter((entity): entity is Entity => entity !== undefined);
	const host = members.find(entity => entity.kind === 'host');
	if (host) return host;
	const machine = machineIndex(snapshot, topology).machines.find(candidate => candidate.id === deviceRef(device.id));
	return [...(machine?.hosts ?? [])].sort((a, b) => b.seenAt - a.seenAt)[0] ?? members.find(entity => entity.kind === 'bmc') ?? machine?.bmcs[0] ?? members[0];
}

export function RacksPane(props: PaneProps) {
	const {topology, store} = props;
	const select = useMemo(() => {
		let last: {entities: unknown; rows: readonly RackRow[]} | undefined;
		return (s: Snapshot) => {
			if (last?.entities !== s.entities) last = {entities: s.entities, rows: rackRows(s, topology)};
			return last.rows;
		};
	}, [topology]);
	const rows = useSlice(store, select);
	const now = useNow(props.clock);
	const columns = useMemo((): readonly Column<RackRow>[] => {
		const state = (row: RackRow) => deviceState(store.getSnapshot(), row.device, props.clock.now(), topology);
		const machine = (row: RackRow) => deviceMachineStatus(store.getSnapshot(), row.device, props.clock.now(), topology);
		const label = (row: RackRow) => {
			const status = machine(row);
			return status ? stateLabel(status, props.clock.now()) : stateGlyph[state(row)];
		};
		const found = (row: RackRow) => machineIndex(store.getSnapshot(), topology).machines.find(candidate => candidate.id === deviceRef(row.device.id));
		const context = () => ({snapshot: store.getSnapshot(), topology, now: props.clock.now()});
		return [
			{id: 'rack', title: 'RACK', width: 8, maxWidth: 20, priority: 1, cell: r => r.rack, sortValue: r => r.rack},
			{id: 'u', title: 'U', width: 7, maxWidth: 7, priority: 0, cell: r => r.position, sortValue: r => r.top},
			{id: 'device', title: 'DEVICE', width: 12, maxWidth: 32, priority: 0, isFlexible: true, cell: r => r.device.name, sortValue: r => r.device.name},
			{id: 'state', title: 'STATE', width: 7, maxWidth: 15, priority: 0, cell: label, variants: r => [label(r), stateGlyph[state(r)]], tone: r => stateTone[state(r)], sortValue: r => state(r)},
			{id: 'power', title: 'POWERED BY', width: 16, maxWidth: 60, priority: 1, cell: r => r.poweredBy.join(', ') || '–'},
			{id: 'entities', title: 'ENTITIES', width: 8, maxWidth: 8, priority: 3, align: 'right', cell: r => String(r.device.entities.length), sortValue: r => r.device.entities.length},
			{id: 'temp', title: 'TEMP', width: 5, maxWidth: 5, priority: 4, align: 'right', cell: r => {
				const m = found(r);
				return m ? formatNumber(machineTemp(m, context()), '°C') : '';
			}, tone: r => (machine(r)?.isLive === false ? 'stale' : 'plain')},
			{id: 'watts', title: 'WATTS', width: 5, maxWidth: 6, priority: 4, align: 'right', cell: r => {
				const m = found(r);
				return m && machine(r)?.state !== 'off' ? formatNumber(machineWatts(m), 'W') : '';
			}},
			{id: 'bmc', title: 'BMC', width: 7, maxWidth: 12, priority: 5, cell: r => {
				const bmc = found(r)?.bmcs[0];
				return bmc ? `${bmc.powerState} ${bmc.health ?? '?'}` : '';
			}, tone: r => {
				const health = found(r)?.bmcs[0]?.health;
				return health === 'critical' ? 'status.crit' : health === 'warning' ? 'status.warn' : health === 'ok' ? 'status.ok' : 'muted';
			}},
		];
	}, [store, props.clock, topology]);
	const renderDetail = useCallback((row: RackRow, width: number) => <DeviceDetail row={row} store={store} topology={topology} width={width} now={now} />, [store, topology, now]);
	const selected = useMemo(selectedDevice, []);
	const trackSelected = useCallback((row: RackRow | undefined) => {
		selected.set(row?.device.id);
		return undefined;
	}, [selected]);
	if (topology.devices.length === 0) return <Text wrap="truncate" {...style('muted')}>No racks or devices configured — add "racks" and "devices" to the config: see README › Config</Text>;
	const side = elevationWidth(topology, props.width);
	const gap = side > 0 ? 2 : 0;
	return (
		<Box flexDirection="row" width={props.width} height={props.height}>
			{side > 0 ? <RackElevation store={store} topology={topology} clock={props.clock} width={side} height={props.height} selected={selected} /> : null}
			{side > 0 ? <Box width={gap} flexShrink={0} /> : null}
			<TablePane
				{...props}
				width={props.width - side - gap}
				title="Racks"
				renderTop={trackSelected}
				rows={rows}
				columns={columns}
				rowId={r => r.device.id}
				filterRow={r => ({text: `${r.rack} ${r.device.name} ${r.poweredBy.join(' ')}`, fields: {rack: r.rack, name: r.device.name}})}
				entityOf={r => machineEntity(store.getSnapshot(), topology, r.device)}
				renderDetail={renderDetail}
			/>
		</Box>
	);
}

/**
 * The table's selected device, for the elevation beside it. The table owns its cursor; it reports
 * the selected row on every render (through renderTop), and the elevation is told after that render.
 */
function selectedDevice(): SelectedDevice & {set(id: string | undefined): void} {
	let current: string | undefined;
	let isQueued = false;
	const listeners = new Set<() => void>();
	return {
		get: () => current,
		subscribe(listener) {
			listeners.add(listener);
			return () => void listeners.delete(listener);
		},
		set(id) {
			if (id === current) return;
			current = id;
			if (isQueued) return;
			isQueued = true;
			queueMicrotask(() => {
				isQueued = false;
				for (const listener of listeners) listener();
			});
		},
	};
}

const selectSnapshot = (s: Snapshot) => s;

function DeviceDetail({row, store, topology, now}: {readonly row: RackRow; readonly store: PaneProps['store']; readonly topology: Topology; readonly width: number; readonly now: number}) {
	const snapshot = useSlice(store, selectSnapshot);
	const dependents = dependentNames(snapshot, topology, deviceRef(row.device.id));
	const status = deviceMachineStatus(snapshot, row.device, now, topology);
	return (
		<>
			<Section title={`${row.device.name} · ${row.rack} ${row.position}`}>
				{status ? <Text wrap="wrap" {...style(status.isLive ? 'status.ok' : status.state === 'unknown' ? 'muted' : 'status.crit')}>{stateLine(status, now)}</Text> : null}
				<Field label="powered by" value={row.poweredBy.join(', ') || '–'} />
				<Field label="priority" value={row.device.priority === undefined ? '–' : String(row.device.priority)} />
			</Section>
			<Section title="entities">
				{row.device.entities.length === 0 ? <Text {...style('muted')}>none configured</Text> : null}
				{row.device.entities.map(id => {
					const entity = snapshot.entities.get(id);
					const stale = entity ? staleness(entity, snapshot, now) : undefined;
					return (
						<Text key={id} wrap="truncate" {...style(!entity ? 'muted' : stale?.isStale ? 'stale' : 'plain')}>
							{`${nameOf(snapshot, topology, id).padEnd(20)} ${id}${!entity ? '  (not reported)' : stale?.isStale ? `  stale ${stale.ageSec}s` : ''}`}
						</Text>
					);
				})}
			</Section>
			<Section title={`depends on it (${dependents.length})`}>
				<Text wrap="wrap">{dependents.join(', ') || 'nothing known'}</Text>
			</Section>
		</>
	);
}

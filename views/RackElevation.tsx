// The racks pane's left side: each rack's elevation in a column, the devices without a rack
// below, the table's selected device marked "›" and inverted. The layout comes from the topology
// and the height only; the device states from the snapshot and the clock; lines that did not
// change are not drawn again.
import {Box, Text} from 'ink';
import {memo, useMemo, useSyncExternalStore} from 'react';
import {deviceState, type DeviceState} from '../src/device-state.js';
import type {Snapshot} from '../src/store.js';
import type {Device, Topology} from '../src/topology.js';
import type {Clock} from './clock.js';
import {buildElevation, drawColumn, drawUnracked, type ElevationLine} from './rack-elevation.js';
import {style} from './theme.js';
import {useNow, useSlice, type StoreLike} from './use-store.js';

/** The id of the device selected in the table, read by the elevation. */
export type SelectedDevice = {readonly get: () => string | undefined; readonly subscribe: (listener: () => void) => () => void};

export type RackElevationProps = {
	readonly store: StoreLike;
	readonly topology: Topology;
	readonly clock: Clock;
	readonly width: number;
	readonly height: number;
	readonly selected: SelectedDevice;
};

/** Columns per rack. */
export const rackWidth = 36;

/** How wide the elevation is at this pane width: 0 when the table alone fits better. */
export function elevationWidth(topology: Topology, paneWidth: number): number {
	const racked = topology.devices.some(device => device.rack !== undefined);
	if (!racked || paneWidth < 120) return 0;
	const racks = Math.max(1, new Set([...topology.racks.map(rack => rack.id), ...topology.devices.flatMap(device => (device.rack ? [device.rack] : []))]).size);
	const fits = Math.max(1, Math.floor((paneWidth * 0.45 + 1) / (rackWidth + 1)));
	return Math.min(racks, fits) * (rackWidth + 1) - 1;
}

const selectSnapshot = (s: Snapshot) => s;

export function RackElevation({store, topology, clock, width, height, selected}: RackElevationProps) {
	const selectedId = useSyncExternalStore(selected.subscribe, selected.get);
	const snapshot = useSlice(store, selectSnapshot);
	const now = useNow(clock);
	const maxRacks = Math.max(1, Math.floor((width + 1) / (rackWidth + 1)));
	const elevation = useMemo(() => buildElevation(topology, maxRacks, height), [topology, maxRacks, height]);
	// A string, so that a poll or a clock tick that changes no device's state changes nothing below.
	const states = topology.devices.map(device => deviceState(snapshot, device, now, topology)).join(',');
	const stateOf = useMemo(() => {
		const byId = new Map<string, DeviceState>(states.split(',').map((state, index) => [topology.devices[index]?.id ?? '', state as DeviceState]));
		return (device: Device): DeviceState => byId.get(device.id) ?? 'unknown';
	}, [states, topology]);
	const columns = useMemo(() => elevation.columns.map(column => drawColumn(column, rackWidth, stateOf, selectedId)), [elevation, stateOf, selectedId]);
	const unracked = useMemo(() => drawUnracked(elevation, width, stateOf, selectedId), [elevation, width, stateOf, selectedId]);
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Box flexDirection="row">
				{columns.map((lines, index) => (
					<Box key={elevation.columns[index]!.rack.id} flexDirection="column" width={rackWidth} marginRight={index < columns.length - 1 ? 1 : 0} flexShrink={0}>
						{lines.map(line => <Line key={line.key} line={line} />)}
					</Box>
				))}
			</Box>
			{elevation.moreRacks > 0 ? <Text wrap="truncate" {...style('muted')}>{`+${elevation.moreRacks} more racks (see the table)`}</Text> : null}
			{unracked.map(line => <Line key={line.key} line={line} />)}
		</Box>
	);
}

const signature = (line: ElevationLine) => `${line.isSelected ? 1 : 0}${line.runs.map(run => `${run.token}\u0001${run.text}`).join('\u0002')}`;

const Line = memo(
	function Line({line}: {readonly line: ElevationLine}) {
		const [first, ...rest] = line.runs;
		return (
			<Text wrap="truncate">
				{first ? <Text {...style(first.token)}>{first.text}</Text> : null}
				{rest.map((run, index) => <Text key={index} inverse={line.isSelected} {...style(run.token)}>{run.text}</Text>)}
			</Text>
		);
	},
	(a, b) => signature(a.line) === signature(b.line),
);

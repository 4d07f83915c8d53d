// A rack elevation as lines: each rack drawn U by U, top U first, a device as a labelled block over
// its U range, empty Us as empty slots. When the lines do not fit, the longest empty runs fold into
// one line each ("… U5–U19 empty"), then multi-U devices into one line each, so that every device
// stays visible. Devices without a rack (or a U) are listed below. Pure: the pane memoizes it.
import type {DeviceState} from '../src/device-state.js';
import {fit} from '../src/format.js';
import type {Device, Rack, Topology} from '../src/topology.js';
import type {Run} from './Table.js';
import type {Token} from './theme.js';

export type Segment =
	| {readonly kind: 'empty'; readonly from: number; readonly to: number; readonly isFolded: boolean}
	| {readonly kind: 'device'; readonly device: Device; readonly top: number; readonly bottom: number; readonly isFolded: boolean};

export type RackColumn = {
	readonly rack: Rack;
	/** The rack's height, or its highest device's top U when a device sits above it. */
	readonly height: number;
	readonly segments: readonly Segment[];
	/** Devices left out when even one line each does not fit. */
	readonly hidden: number;
};

export type Elevation = {
	readonly columns: readonly RackColumn[];
	/** Racks that did not fit beside the others. */
	readonly moreRacks: number;
	/** Devices without a rack or a U position. */
	readonly unracked: readonly Device[];
	/** How many of them are listed (the rest as "+n more"). */
	readonly unrackedShown: number;
};

export type ElevationLine = {readonly key: string; readonly runs: readonly Run[]; readonly isSelected: boolean};

const topOf = (device: Device): number => (device.u ?? 1) + Math.max(1, device.height ?? 1) - 1;
const lineCount = (segment: Segment): number => (segment.isFolded ? 1 : segment.kind === 'empty' ? segment.to - segment.from + 1 : segment.top - segment.bottom + 1);

/** The racks' columns (at most `maxRacks`) fitted into `lines` lines, title and unracked list included. */
export function buildElevation(topology: Topology, maxRacks: number, lines: number): Elevation {
	const racks = [...topology.racks];
	for (const device of topology.devices)
		if (device.rack !== undefined && !racks.some(rack => rack.id === device.rack)) racks.push({id: device.rack, name: device.rack, height: 0});
	const isPlaced = (device: Device) => device.rack !== undefined && device.u !== undefined;
	const unracked = topology.devices.filter(device => !isPlaced(device));
	const unrackedShown = Math.min(unracked.length, Math.max(1, Math.floor(lines / 4)));
	const unrackedLines = unracked.length === 0 ? 0 : 1 + unrackedShown;
	const shown = racks.slice(0, Math.max(1, maxRacks));
	const budget = Math.max(1, lines - 1 - unrackedLines - (racks.length > shown.length ? 1 : 0));
	const columns = shown.map(rack => {
		const devices = topology.devices.filter(device => isPlaced(device) && device.rack === rack.id);
		const height = Math.max(rack.height, 1, ...devices.map(topOf));
		return {rack, height, ...fitSegments(rackSegments(height, devices), budget)};
	});
	return {columns, moreRacks: racks.length - shown.length, unracked, unrackedShown};
}

/** Top U first: the devices and the empty runs between them. Overlapping devices follow each other. */
export function rackSegments(height: number, devices: readonly Device[]): readonly Segment[] {
	const sorted = [...devices].sort((a, b) => topOf(b) - topOf(a) || (b.u ?? 0) - (a.u ?? 0));
	const segments: Segment[] = [];
	let next = height;
	for (const device of sorted) {
		const top = topOf(device);
		const bottom = device.u ?? 1;
		if (next > top) segments.push({kind: 'empty', from: top + 1, to: next, isFolded: false});
		segments.push({kind: 'device', device, top, bottom, isFolded: false});
		next = Math.min(next, bottom - 1);
	}
	if (next >= 1) segments.push({kind: 'empty', from: 1, to: next, isFolded: false});
	return segments;
}

/** Folds the longest empty runs, then the tallest devices, then drops empty lines, until `budget` lines suffice. */
export function fitSegments(segments: readonly Segment[], budget: number): {readonly segments: readonly Segment[]; readonly hidden: number} {
	const result = [...segments];
	let total = result.reduce((sum, segment) => sum + lineCount(segment), 0);
	const foldLargest = (kind: Segment['kind']) => {
		const order = result.map((segment, index) => ({index, lines: lineCount(segment)})).filter(item => result[item.index]!.kind === kind && item.lines > 1).sort((a, b) => b.lines - a.lines);
		for (const {index, lines} of order) {
			if (total <= budget) return;
			result[index] = {...result[index]!, isFolded: true};
			total -= lines - 1;
		}
	};
	foldLargest('empty');
	foldLargest('device');
	for (let index = result.length - 1; index >= 0 && total > budget; index--) {
		if (result[index]!.kind !== 'empty') continue;
		result.splice(index, 1);
		total--;
	}
	if (total <= budget) return {segments: result, hidden: 0};
	const kept = result.slice(0, Math.max(0, budget - 1));
	return {segments: kept, hidden: result.length - kept.length};
}

export const stateGlyph: Record<DeviceState, string> = {up: '●', down: '■', stale: '◌', unknown: '?'};
export const stateTone: Record<DeviceState, Token> = {up: 'status.ok', down: 'status.crit', stale: 'stale', unknown: 'muted'};

/** One rack's lines at `width` columns: its title, then a line per U (or per folded run). */
export function drawColumn(column: RackColumn, width: number, stateOf: (device: Device) => DeviceState, selectedId: string | undefined): readonly ElevationLine[] {
	const labelWidth = String(column.height).length;
	const inner = Math.max(1, width - labelWidth - 4);
	const title = `${column.rack.name} · ${column.height}U${column.hidden > 0 ? ` · ${column.hidden} not shown` : ''}`;
	const lines: ElevationLine[] = [{key: 'title', runs: [{text: fit(title, width).trimEnd(), token: 'focus'}], isSelected: false}];
	const label = (u: number | undefined, isSelected = false): Run => ({text: `${isSelected ? '›' : ' '}${u === undefined ? ''.padStart(labelWidth) : String(u).padStart(labelWidth)} `, token: isSelected ? 'accent' : 'muted'});
	for (const segment of column.segments) {
		if (segment.kind === 'empty') {
			if (segment.isFolded) lines.push({key: `e${segment.to}`, runs: [label(undefined), {text: fit(`… U${segment.from}–U${segment.to} empty`, inner + 2).trimEnd(), token: 'muted'}], isSelected: false});
			else for (let u = segment.to; u >= segment.from; u--) lines.push({key: `u${u}`, runs: [label(u), {text: `·${' '.repeat(inner)}·`, token: 'muted'}], isSelected: false});
			continue;
		}
		const {device, top, bottom} = segment;
		const state = stateOf(device);
		const isSelected = device.id === selectedId;
		const size = top - bottom + 1;
		const head = `${stateGlyph[state]} ${device.name}${segment.isFolded && size > 1 ? ` (${size}U)` : ''}`;
		const text = fitPair(head, state, inner);
		const count = segment.isFolded ? 1 : size;
		for (let index = 0; index < count; index++) {
			const block = count === 1 ? `[${text}]` : index === 0 ? `┌${text}┐` : index === count - 1 ? `└${'─'.repeat(inner)}┘` : `│${' '.repeat(inner)}│`;
			lines.push({key: `d${device.id}:${index}`, runs: [label(top - index, isSelected), {text: block, token: stateTone[state]}], isSelected});
		}
	}
	return lines;
}

/** The unracked devices: a title line, then one line each (the last may say how many more). */
export function drawUnracked(elevation: Elevation, width: number, stateOf: (device: Device) => DeviceState, selectedId: string | undefined): readonly ElevationLine[] {
	const {unracked, unrackedShown} = elevation;
	if (unracked.length === 0) return [];
	const lines: ElevationLine[] = [{key: 'unracked', runs: [{text: fit(`not in a rack (${unracked.length})`, width).trimEnd(), token: 'focus'}], isSelected: false}];
	for (const [index, device] of unracked.slice(0, unrackedShown).entries()) {
		if (index === unrackedShown - 1 && unracked.length > unrackedShown) {
			lines.push({key: 'more', runs: [{text: `  +${unracked.length - index} more (see the table)`, token: 'muted'}], isSelected: false});
			break;
		}
		const state = stateOf(device);
		const isSelected = device.id === selectedId;
		const where = device.rack === undefined ? '' : ` (${device.rack}, no U)`;
		lines.push({
			key: `n${device.id}`,
			runs: [{text: isSelected ? '› ' : '  ', token: isSelected ? 'accent' : 'plain'}, {text: fitPair(`${stateGlyph[state]} ${device.name}${where}`, state, Math.min(width - 2, 34)), token: stateTone[state]}],
			isSelected,
		});
	}
	return lines;
}

/** `head` left and `tail` right in `width` columns; the head is cut first. */
function fitPair(head: string, tail: string, width: number): string {
	const room = width - tail.length - 3;
	if (room < 3) return fit(head, width);
	return ` ${fit(head, room)} ${tail} `;
}

// The GPUs pane (issue 4): one row per GPU across every host, temperature against the card's
// slowdown threshold, the guest a card is passed through to; columns drop by priority.
import {Box, Text} from 'ink';
import {useCallback} from 'react';
import {formatBar, formatBytes, formatBytesOf, formatNumber, formatPercent} from '../src/format.js';
import {gpuHeat, selectGpuRows, type GpuRow} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {Columns, Field, Section} from './Detail.js';
import {emptyLine, noSourcesLine} from './no-sources.js';
import type {PaneProps} from './pane-handle.js';
import {Sparkline} from './Sparkline.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {levelToken, style, usageToken, type Token} from './theme.js';
import {useSlice} from './use-store.js';

const bar = (value: number | null) => `${formatBar(value, 5)} ${formatPercent(value).padStart(4)}`;
const watts = (row: GpuRow) => `${formatNumber(row.entity.power.drawWatts)}/${formatNumber(row.entity.power.limitWatts, 'W')}`;

/** The card's name without the vendor ("NVIDIA "), then without the brand ("GeForce "), for narrow terminals. */
export function gpuNameForms(name: string): readonly string[] {
	const noVendor = name.replace(/^NVIDIA\s+/i, '');
	const noBrand = noVendor.replace(/^(GeForce|Quadro)\s+/i, '');
	return [...new Set([name, noVendor, noBrand])];
}

/** Clocks held down by the hardware are critical, by the driver's power or thermal cap a warning; idle or set clocks are normal. */
export function throttleToken(reasons: readonly string[]): Token {
	if (reasons.some(reason => reason.startsWith('hw-'))) return 'status.crit';
	if (reasons.some(reason => !benignThrottle.has(reason))) return 'status.warn';
	return 'muted';
}
const benignThrottle = new Set(['idle', 'app-clocks', 'sync-boost', 'display-clocks']);

export const gpuColumns: readonly Column<GpuRow>[] = [
	{id: 'host', title: 'HOST', width: 9, maxWidth: 20, priority: 1, cell: r => r.entity.host, sortValue: r => r.entity.host},
	{id: 'index', title: '#', width: 2, maxWidth: 2, priority: 0, align: 'right', cell: r => String(r.entity.index), sortValue: r => r.entity.index},
	{id: 'name', title: 'NAME', width: 10, maxWidth: 32, priority: 0, isFlexible: true, cell: r => r.entity.name, variants: r => gpuNameForms(r.entity.name), sortValue: r => r.entity.name},
	{id: 'util', title: 'UTIL', width: 10, maxWidth: 10, priority: 1, cell: r => bar(r.entity.utilization.gpu), sortValue: r => r.entity.utilization.gpu},
	{id: 'mem', title: 'MEM', width: 10, maxWidth: 10, priority: 2, cell: r => bar(r.memPercent), tone: r => usageToken(r.memPercent), sortValue: r => r.memPercent},
	{id: 'temp', title: 'TEMP', width: 5, maxWidth: 5, priority: 0, align: 'right', cell: r => formatNumber(r.entity.temperature.celsius, '°C'), tone: r => levelToken(r.heat), sortValue: r => r.entity.temperature.celsius},
	{id: 'power', title: 'POWER', width: 9, maxWidth: 11, priority: 3, align: 'right', cell: watts, sortValue: r => r.entity.power.drawWatts},
	{id: 'fan', title: 'FAN', width: 4, maxWidth: 4, priority: 5, align: 'right', cell: r => formatPercent(r.entity.fanPercent), sortValue: r => r.entity.fanPercent},
	{id: 'throttle', title: 'THROTTLE', width: 8, maxWidth: 32, priority: 6, cell: r => r.entity.throttleReasons.join(','), tone: r => throttleToken(r.entity.throttleReasons), sortValue: r => r.entity.throttleReasons.length},
	{id: 'owner', title: 'OWNER', width: 12, maxWidth: 30, priority: 4, cell: r => (r.owner ? `${r.owner.vmid} ${r.owner.name}` : ''), sortValue: r => r.owner?.vmid ?? null},
];

const gpuFilterRow = (r: GpuRow) => ({
	text: `${r.entity.host} ${r.entity.index} ${r.entity.name} ${r.entity.throttleReasons.join(' ')} ${r.owner ? `${r.owner.vmid} ${r.owner.name}` : ''}`,
	fields: {host: r.entity.host, name: r.entity.name, owner: r.owner ? [String(r.owner.vmid), r.owner.name] : null, throttle: r.entity.throttleReasons, source: r.entity.source},
});

export const gpusSources = {kinds: ['gpu'], noun: 'GPU'} as const;
const selectMissing = (s: Snapshot) => noSourcesLine(s, gpusSources);
const selectEmpty = (s: Snapshot) => emptyLine(s, gpusSources);

export function GpusPane(props: PaneProps) {
	const rows = useSlice(props.store, selectGpuRows);
	const missing = useSlice(props.store, selectMissing);
	const empty = useSlice(props.store, selectEmpty);
	const renderDetail = useCallback((row: GpuRow, width: number) => <GpuDetail row={row} store={props.store} width={width} />, [props.store]);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	return <TablePane {...props} emptyText={empty} title="GPUs" rows={rows} columns={gpuColumns} rowId={r => r.entity.id} filterRow={gpuFilterRow} entityOf={r => r.entity} renderDetail={renderDetail} />;
}

const selectHistory = (s: Snapshot) => s.history;

function GpuDetail({row, store, width}: {readonly row: GpuRow; readonly store: PaneProps['store']; readonly width: number}) {
	const history = useSlice(store, selectHistory).get(row.entity.id) ?? {};
	const gpu = row.entity;
	const half = width >= 70 ? Math.floor(width / 2) : width;
	const facts = (
		<Section title={`${gpu.host} GPU${gpu.index} ${gpu.name}`}>
			<Field label="temperature" value={`${formatNumber(gpu.temperature.celsius, '°C')} (slowdown ${formatNumber(gpu.temperature.slowdownCelsius, '°C')}, shutdown ${formatNumber(gpu.temperature.shutdownCelsius, '°C')})`} tone={levelToken(gpuHeat(gpu))} />
			<Field label="utilisation" value={`gpu ${formatPercent(gpu.utilization.gpu)} mem ${formatPercent(gpu.utilization.memory)} enc ${formatPercent(gpu.utilization.encoder)} dec ${formatPercent(gpu.utilization.decoder)}`} />
			<Field label="memory" value={formatBytesOf(gpu.memory.usedBytes, gpu.memory.totalBytes)} />
			<Field label="power" value={`${formatNumber(gpu.power.drawWatts, 'W')} of ${formatNumber(gpu.power.limitWatts, 'W')} (${formatNumber(gpu.power.minLimitWatts)}–${formatNumber(gpu.power.maxLimitWatts, 'W')})`} />
			<Field label="clocks" value={`gr ${formatNumber(gpu.clocks.graphicsMhz)}/${formatNumber(gpu.clocks.maxGraphicsMhz, ' MHz')} mem ${formatNumber(gpu.clocks.memoryMhz)}/${formatNumber(gpu.clocks.maxMemoryMhz, ' MHz')}`} />
			<Field label="fan / pstate" value={`${formatPercent(gpu.fanPercent)} · ${gpu.performanceState ?? '–'}`} />
			<Field label="throttle" value={gpu.throttleReasons.join(', ') || 'none'} tone={throttleToken(gpu.throttleReasons)} />
			<Field label="pci / uuid" value={`${gpu.pciBusId ?? '–'} · ${gpu.uuid ?? '–'}`} />
			<Field label="driver" value={`${gpu.driverVersion ?? '–'} · CUDA ${gpu.cudaVersion ?? '–'}`} />
			<Field label="owner" value={row.owner ? `${row.owner.vmid} ${row.owner.name} (passed through)` : '–'} />
		</Section>
	);
	const live = (
		<Box flexDirection="column">
			<Section title="history">
				<Sparkline label="util" samples={history['util']} width={half} range={{min: 0, max: 100}} format={formatPercent} />
				<Sparkline label="temp" samples={history['temp']} width={half} range={{min: 20, max: Math.max(90, gpu.temperature.slowdownCelsius ?? 90)}} format={value => formatNumber(value, '°C')} />
			</Section>
			<Section title={`processes (${gpu.processes.length})`}>
				{gpu.processes.length === 0 ? <Text {...style('muted')}>none</Text> : null}
				{gpu.processes.slice(0, 12).map(process => (
					<Text key={process.pid} wrap="truncate">{`${String(process.pid).padStart(7)} ${(process.type ?? '').padEnd(3)} ${formatBytes(process.usedMemoryBytes).padStart(6)} ${process.name}`}</Text>
				))}
			</Section>
		</Box>
	);
	return <Columns width={width} left={facts} right={live} />;
}

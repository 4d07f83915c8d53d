// The GPUs pane: one row per GPU across every host, with the gpu kind module's columns (which
// drop by priority), filter fields and detail sections, plus the card's processes.
import {Box, Text} from 'ink';
import {useCallback} from 'react';
import type {GpuEntity} from '../src/entities.js';
import {formatBytes, formatNumber, formatPercent} from '../src/format.js';
import {gpuDeadStatus, gpuKind, gpuStateLine} from '../src/kinds/gpu.js';
import {formatAge} from '../src/format.js';
import type {KindContext} from '../src/kinds/kind-module.js';
import type {Snapshot} from '../src/store.js';
import {Columns, Field, Section} from './Detail.js';
import {useKindTable} from './kind-table.js';
import {emptyLine, noSourcesLine} from './no-sources.js';
import type {PaneProps} from './pane-handle.js';
import {Sparkline} from './Sparkline.js';
import {TablePane} from './TablePane.js';
import {style} from './theme.js';
import {useSlice} from './use-store.js';

export {gpuNameForms, throttleTone as throttleToken} from '../src/kinds/gpu.js';

export const gpusSources = {kinds: ['gpu'], noun: 'GPU'} as const;
const selectGpus = (s: Snapshot) => s.byKind.gpu as readonly GpuEntity[];
const selectMissing = (s: Snapshot) => noSourcesLine(s, gpusSources);
const selectEmpty = (s: Snapshot) => emptyLine(s, gpusSources);

export function GpusPane(props: PaneProps) {
	const rows = useSlice(props.store, selectGpus);
	const missing = useSlice(props.store, selectMissing);
	const empty = useSlice(props.store, selectEmpty);
	const table = useKindTable(gpuKind, props.store, props.topology, props.clock);
	const renderDetail = useCallback((gpu: GpuEntity, width: number) => <GpuDetail gpu={gpu} context={table.context} store={props.store} width={width} />, [props.store, table]);
	// A dead card says so in its UTIL cell; no extra stale column to push TEMP and OWNER off at 80 columns.
	const staleOf = useCallback((gpu: GpuEntity) => {
		const line = gpuStateLine(gpu, table.context);
		return {isStale: false, ageSec: 0, reason: line ? `${gpu.host} GPU${gpu.index}: ${line}` : undefined};
	}, [table]);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	return <TablePane {...props} emptyText={empty} title="GPUs" rows={rows} columns={table.columns} rowId={g => g.id} filterRow={table.filterRow} entityOf={g => g} staleOf={staleOf} renderDetail={renderDetail} />;
}

const selectHistory = (s: Snapshot) => s.history;

function GpuDetail({gpu, context, store, width}: {readonly gpu: GpuEntity; readonly context: KindContext; readonly store: PaneProps['store']; readonly width: number}) {
	const history = useSlice(store, selectHistory).get(gpu.id) ?? {};
	const half = width >= 70 ? Math.floor(width / 2) : width;
	const dead = gpuDeadStatus(gpu, context);
	const stopped = dead ? `stopped${dead.lastSeenUp === null ? '' : ` ${formatAge(dead.lastSeenUp, context.now)} ago`}` : undefined;
	const facts = gpuKind.detail(gpu, context).map(section => (
		<Section key={section.title} title={section.title}>
			{(section.fields ?? []).map(field => <Field key={field.label} label={field.label} value={field.value} tone={field.tone} />)}
		</Section>
	));
	const live = (
		<Box flexDirection="column">
			<Section title="history">
				<Sparkline label="util" samples={history['util']} width={half} range={{min: 0, max: 100}} format={formatPercent} stopped={stopped} />
				<Sparkline label="temp" samples={history['temp']} width={half} range={{min: 20, max: Math.max(90, gpu.temperature.slowdownCelsius ?? 90)}} format={value => formatNumber(value, '°C')} stopped={stopped} />
			</Section>
			<Section title={`processes (${gpu.processes.length})${dead ? ' · last known' : ''}`}>
				{gpu.processes.length === 0 ? <Text {...style('muted')}>none</Text> : null}
				{gpu.processes.slice(0, 12).map(process => (
					<Text key={process.pid} wrap="truncate">{`${String(process.pid).padStart(7)} ${(process.type ?? '').padEnd(3)} ${formatBytes(process.usedMemoryBytes).padStart(6)} ${process.name}`}</Text>
				))}
			</Section>
		</Box>
	);
	return <Columns width={width} left={<Box flexDirection="column">{facts}</Box>} right={live} />;
}

// The sources pane: every configured source with its health, latency (now and its recent
// history), backoff while failing, when it is polled next, and its last error in full (wrapped
// above the table for the selected source, whole in the detail view). A disabled source shows
// the config error that disabled it.
import {Box, Text} from 'ink';
import {useCallback, useMemo} from 'react';
import {formatAge, formatDuration, formatSparkline} from '../src/format.js';
import {seriesValues} from '../src/series.js';
import {createSelector} from '../src/selectors.js';
import type {Snapshot, SourceHealth} from '../src/store.js';
import {wrapWords} from '../src/timeline-events.js';
import {Field, Section} from './Detail.js';
import type {PaneProps} from './pane-handle.js';
import {Sparkline} from './Sparkline.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {style, type Token} from './theme.js';
import {useSlice} from './use-store.js';

const statusTone: Record<SourceHealth['status'], Token> = {ok: 'status.ok', degraded: 'status.warn', down: 'status.crit', disabled: 'status.crit', pending: 'muted'};
const statusOrder: Record<SourceHealth['status'], number> = {down: 0, disabled: 1, degraded: 2, pending: 3, ok: 4};

/** Worst first (down, disabled, degraded, pending, ok), each group in config order. */
const selectSources = createSelector((s: Snapshot) => [s.sources] as const, sources => Object.values(sources).map((source, index) => ({source, index})).sort((a, b) => statusOrder[a.source.status] - statusOrder[b.source.status] || a.index - b.index).map(item => item.source));

/** `down 5m`, `ok`, `disabled`… */
export function statusText(source: SourceHealth, now: number): string {
	return source.status === 'down' && source.downSince !== null ? `down ${formatAge(source.downSince, now)}` : source.status;
}

/** When the source is polled next: `in 4s`, `due`, or a dash when nothing is scheduled. */
export function nextPollText(source: SourceHealth, now: number): string {
	if (source.status === 'disabled' || source.nextPollAt === undefined || source.nextPollAt === null) return '–';
	return source.nextPollAt <= now ? 'due' : `in ${formatDuration(Math.ceil((source.nextPollAt - now) / 1000))}`;
}

/** The retry delay while failing and how many polls failed in a row; empty when healthy. */
export function backoffText(source: SourceHealth): string {
	if (!source.backoffSec || source.consecutiveFailures === 0) return '';
	return `${formatDuration(source.backoffSec)} ×${source.consecutiveFailures}`;
}

function columns(now: () => number): readonly Column<SourceHealth>[] {
	return [
		{id: 'source', title: 'SOURCE', width: 8, maxWidth: 24, priority: 0, cell: s => s.id, sortValue: s => s.id},
		{id: 'type', title: 'TYPE', width: 7, maxWidth: 10, priority: 4, cell: s => s.type, sortValue: s => s.type},
		{id: 'status', title: 'STATUS', width: 8, maxWidth: 14, priority: 0, cell: s => statusText(s, now()), tone: s => statusTone[s.status], sortValue: s => statusOrder[s.status]},
		{id: 'latency', title: 'LATENCY', width: 7, maxWidth: 8, priority: 2, align: 'right', cell: s => (s.latencyMs === null ? '–' : `${s.latencyMs} ms`), sortValue: s => s.latencyMs},
		{id: 'history', title: 'HISTORY', width: 8, maxWidth: 20, priority: 5, cell: s => formatSparkline(seriesValues(s.latencyHistory), 20)},
		{id: 'next', title: 'NEXT', width: 6, maxWidth: 9, priority: 3, cell: s => nextPollText(s, now()), sortValue: s => s.nextPollAt ?? null},
		{id: 'backoff', title: 'BACKOFF', width: 7, maxWidth: 12, priority: 3, cell: backoffText, tone: () => 'status.warn', sortValue: s => s.backoffSec ?? 0},
		{id: 'error', title: 'LAST ERROR', width: 12, priority: 6, isFlexible: true, cell: s => s.lastError ?? s.note ?? '', tone: s => (s.status === 'degraded' || !s.lastError ? 'status.warn' : 'status.crit')},
	];
}

const filterRow = (s: SourceHealth) => ({text: `${s.id} ${s.name} ${s.type} ${s.status} ${s.lastError ?? ''}`, fields: {status: s.status, type: s.type, source: s.id}});

/** The selected source's whole error, wrapped, in at most `maxLines` lines (the detail view has all of it). */
export function errorLines(source: SourceHealth | undefined, width: number, maxLines: number): readonly string[] {
	const text = source?.lastError ?? source?.note;
	if (!source || !text) return [];
	const label = !source.lastError ? 'note' : source.status === 'disabled' ? 'disabled' : source.status === 'degraded' ? 'partial' : 'error';
	const lines = wrapWords(`${source.id} ${label}: ${text}`, width);
	if (lines.length <= maxLines) return lines;
	const shown = lines.slice(0, maxLines);
	shown[maxLines - 1] = `${shown[maxLines - 1]!.slice(0, Math.max(0, width - 18))}… (Enter: whole)`;
	return shown;
}

export function SourcesPane(props: PaneProps) {
	const rows = useSlice(props.store, selectSources);
	const cols = useMemo(() => columns(props.clock.now), [props.clock]);
	const maxErrorLines = Math.max(1, Math.floor((props.height - 4) / 4));
	const renderTop = useCallback((selected: SourceHealth | undefined) => {
		const lines = errorLines(selected, props.width, maxErrorLines);
		if (lines.length === 0) return undefined;
		const tone: Token = selected?.status === 'degraded' ? 'status.warn' : 'status.crit';
		return {node: <Box flexDirection="column">{lines.map((line, index) => <Text key={index} wrap="truncate" {...style(tone)}>{line}</Text>)}</Box>, height: lines.length};
	}, [props.width, maxErrorLines]);
	const renderDetail = useCallback((source: SourceHealth, width: number, height: number, now: number) => <SourceDetail source={source} snapshot={props.store.getSnapshot()} width={width} height={height} now={now} />, [props.store]);
	const count = useCallback((shown: readonly SourceHealth[], all: readonly SourceHealth[]) => {
		const tally = new Map<string, number>();
		for (const source of all) tally.set(source.status, (tally.get(source.status) ?? 0) + 1);
		const parts = (Object.keys(statusOrder) as SourceHealth['status'][]).filter(status => tally.has(status)).map(status => `${tally.get(status)} ${status}`);
		return `${shown.length === all.length ? all.length : `${shown.length}/${all.length}`} (${parts.join(', ')})`;
	}, []);
	return (
		<TablePane
			{...props}
			title="Sources"
			rows={rows}
			columns={cols}
			rowId={s => s.id}
			filterRow={filterRow}
			entityOf={() => undefined}
			renderTop={renderTop}
			renderDetail={renderDetail}
			count={count}
			emptyText="No sources configured: labdeck config path; README › Config"
		/>
	);
}

function SourceDetail({source, snapshot, width, height, now}: {readonly source: SourceHealth; readonly snapshot: Snapshot; readonly width: number; readonly height: number; readonly now: number}) {
	const live = snapshot.sources[source.id] ?? source;
	let entities = 0;
	for (const entity of snapshot.entities.values()) if (entity.source === live.id) entities++;
	const error = live.lastError ? wrapWords(`${live.status === 'disabled' ? 'disabled by the config' : live.status === 'degraded' ? 'partial data' : 'last error'}: ${live.lastError}`, width) : [];
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Section title={`${live.name}${live.name === live.id ? '' : ` (${live.id})`} · ${live.type}`}>
				<Field label="status" value={statusText(live, now)} tone={statusTone[live.status]} />
				<Field label="last ok" value={live.lastSuccess === null ? 'never' : `${formatAge(live.lastSuccess, now)} ago`} />
				<Field label="latency" value={live.latencyMs === null ? '–' : `${live.latencyMs} ms`} />
				<Field label="interval" value={formatDuration(live.interval)} />
				<Field label="next poll" value={nextPollText(live, now)} />
				<Field label="backoff" value={backoffText(live) || 'none'} tone={backoffText(live) ? 'status.warn' : 'plain'} />
				<Field label="entities" value={String(entities)} />
			</Section>
			<Sparkline label="latency" samples={live.latencyHistory} width={width} format={value => (value === null ? '–' : `${value} ms`)} />
			{error.map((line, index) => <Text key={index} {...style(live.status === 'degraded' ? 'status.warn' : 'status.crit')}>{line}</Text>)}
			{live.note ? wrapWords(`note: ${live.note}`, width).map((line, index) => <Text key={`note-${index}`} {...style('status.warn')}>{line}</Text>) : null}
		</Box>
	);
}

// The power pane: one row per UPS (status, charge, runtime, load) above the PDU outlet
// grid with what each outlet powers; while any UPS is on battery, a banner with its runtime left
// and, below it, the shed-load plan for the UPS that `S` acts on.
import {Box, Text} from 'ink';
import {useMemo, useRef} from 'react';
import type {OutletEntity, UpsEntity} from '../src/entities.js';
import type {FilterRow} from '../src/filter.js';
import {fit, formatBar, formatDuration, formatNumber, formatPercent} from '../src/format.js';
import {dependentNames, selectPowerView, type PduView, type PowerView} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {Columns, Field, Section} from './Detail.js';
import {emptyLine, noSourcesLine} from './no-sources.js';
import type {PaneProps} from './pane-handle.js';
import {shedPlanLines, shedTarget, type PlanLines} from './power-plan.js';
import type {Run} from './Table.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {style, type Token} from './theme.js';
import {useSlice} from './use-store.js';
import {useKindTable} from './kind-table.js';
import {outletKind} from '../src/kinds/outlet.js';
import {upsKind, upsTone} from '../src/kinds/ups.js';

export const powerSources = {kinds: ['ups', 'pdu', 'outlet'], noun: 'power'} as const;
const selectMissing = (s: Snapshot) => noSourcesLine(s, powerSources);
const selectEmpty = (s: Snapshot) => emptyLine(s, powerSources);
const selectSnapshot = (s: Snapshot) => s;

export type PowerRow =
	| {readonly type: 'ups'; readonly entity: UpsEntity}
	| {readonly type: 'outlet'; readonly entity: OutletEntity; readonly powers: readonly string[]; readonly pduName: string};

const outlet = <T,>(read: (row: Extract<PowerRow, {type: 'outlet'}>) => T, otherwise: T) => (row: PowerRow) => (row.type === 'outlet' ? read(row) : otherwise);

/** The outlet kind module's columns, blank on UPS rows (those draw as one line of their own). */
function outletColumns(columns: readonly Column<OutletEntity>[]): readonly Column<PowerRow>[] {
	return columns.map(column => {
		const {cell, variants, tone, sortValue, ...layout} = column;
		return {
			...layout,
			cell: outlet(r => cell(r.entity), ''),
			...(variants ? {variants: outlet(r => variants(r.entity), [] as readonly string[])} : {}),
			...(tone ? {tone: outlet(r => tone(r.entity), 'plain' as Token)} : {}),
			...(sortValue ? {sortValue: outlet(r => sortValue(r.entity), null)} : {}),
		};
	});
}

export {upsTone as upsToken} from '../src/kinds/ups.js';

/** A status short enough for a narrow row, from the flags. */
function shortStatus(ups: UpsEntity): string {
	for (const flag of ['off', 'overload', 'low-battery', 'on-battery', 'bypass', 'replace-battery', 'online'] as const) if (ups.flags.includes(flag)) return flag.replace('-', ' ');
	return ups.statusText;
}

const isOnBattery = (ups: UpsEntity) => ups.flags.includes('on-battery');
const runtimeToken = (ups: UpsEntity): Token => (!isOnBattery(ups) ? 'plain' : ups.runtimeSec !== null && ups.runtimeSec < 600 ? 'status.crit' : 'status.warn');

/** A UPS row: name and status aligned across UPSes, then what fits, least useful dropped first. */
export function upsLine(ups: UpsEntity, width: number, nameWidth: number, statusWidth: number): readonly Run[] {
	const parts: {text: string; token: Token; drop: number}[] = [
		{text: `charge ${width >= 110 ? `${formatBar(ups.chargePercent, 10)} ` : ''}${formatPercent(ups.chargePercent).padStart(4)}`, token: ups.chargePercent !== null && ups.chargePercent < 30 ? 'status.crit' : 'plain', drop: 2},
		{text: `runtime ${formatDuration(ups.runtimeSec).padStart(6)}`, token: runtimeToken(ups), drop: 0},
		{text: `load ${formatPercent(ups.loadPercent).padStart(4)}${ups.loadWatts !== null ? ` ${formatNumber(ups.loadWatts, ' W')}` : ''}`, token: 'plain', drop: 1},
		...(isOnBattery(ups) ? [{text: `on battery ${formatDuration(ups.timeOnBatterySec)}`, token: 'status.warn' as Token, drop: 3}] : []),
		{text: `in ${formatNumber(ups.inputVolts, ' V')}`, token: 'plain', drop: 4},
		...(ups.batteryTempCelsius !== null ? [{text: `battery ${formatNumber(ups.batteryTempCelsius, '°C')}`, token: 'plain' as Token, drop: 5}] : []),
	];
	// Narrow: shorter name and status, so that runtime, charge and load still fit.
	const head = Math.min(nameWidth, width < 120 ? 16 : 40);
	const status = Math.min(statusWidth, width < 120 ? 12 : 30);
	let kept = parts;
	const length = () => head + 1 + status + kept.reduce((sum, part) => sum + 2 + part.text.length, 0);
	while (length() > width && kept.length > 1) {
		const worst = Math.max(...kept.map(part => part.drop));
		kept = kept.filter(part => part.drop !== worst);
	}
	const token = upsTone(ups);
	const runs: Run[] = [{text: fit(ups.name, head), token}, {text: ' ', token: 'plain'}, {text: fit(ups.statusText.length > status ? shortStatus(ups) : ups.statusText, status), token}];
	for (const part of kept) runs.push({text: '  ', token: 'plain'}, {text: part.text, token: part.token});
	return runs;
}

function pduLine(pdu: PduView): string {
	const name = pdu.pdu?.name ?? pdu.id;
	if (pdu.ratingAmps === null) return `${name}: ${formatNumber(pdu.totalAmps, 'A', 1)}`;
	const ratio = pdu.totalAmps !== null && pdu.ratingAmps ? ` (${formatPercent((pdu.totalAmps / pdu.ratingAmps) * 100)})` : '';
	return `${name}: ${formatNumber(pdu.totalAmps, 'A', 1)} of ${formatNumber(pdu.ratingAmps, 'A')}${ratio}`;
}

const runtimeOf = (ups: UpsEntity) => ups.runtimeSec ?? Number.POSITIVE_INFINITY;
const upsOrder = (a: UpsEntity, b: UpsEntity) => Number(isOnBattery(b)) - Number(isOnBattery(a)) || (isOnBattery(a) ? runtimeOf(a) - runtimeOf(b) : 0) || a.name.localeCompare(b.name);

function powerRows(view: PowerView): readonly PowerRow[] {
	return [
		// On battery first, least runtime first: the cursor starts on the UPS that `S` would pick.
		...[...view.upses].sort(upsOrder).map(entity => ({type: 'ups', entity}) as const),
		...view.pdus.flatMap(pdu => pdu.outlets.map(row => ({type: 'outlet', entity: row.entity, powers: row.powers, pduName: pdu.pdu?.name ?? pdu.id}) as const)),
	];
}


export function PowerPane(props: PaneProps) {
	const select = useMemo(() => selectPowerView(props.topology), [props.topology]);
	const view = useSlice(props.store, select);
	const missing = useSlice(props.store, selectMissing);
	const empty = useSlice(props.store, selectEmpty);
	const rows = useMemo(() => powerRows(view), [view]);
	const outletTable = useKindTable(outletKind, props.store, props.topology);
	const upsTable = useKindTable(upsKind, props.store, props.topology);
	const columns = useMemo(() => outletColumns(outletTable.columns), [outletTable]);
	const filterRow = useMemo(() => (r: PowerRow): FilterRow => (r.type === 'ups' ? upsTable.filterRow(r.entity) : outletTable.filterRow(r.entity)), [upsTable, outletTable]);
	const planCache = useRef<{view: PowerView; target: UpsEntity | undefined; plan: PlanLines | undefined} | undefined>(undefined);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	const nameWidth = Math.max(0, ...view.upses.map(ups => ups.name.length));
	const statusWidth = Math.max(0, ...view.upses.map(ups => ups.statusText.length));
	const outletCount = rows.length - view.upses.length;

	const renderTop = (selected: PowerRow | undefined) => {
		const banners = [...view.onBattery]
			.sort(upsOrder)
			.map(ups => `ON BATTERY: ${ups.name} · ${formatDuration(ups.runtimeSec)} runtime left · charge ${formatPercent(ups.chargePercent)}`);
		const totals = view.pdus.length > 0 ? view.pdus.map(pduLine).join(' · ') : undefined;
		let plan: PlanLines | undefined;
		if (banners.length > 0) {
			const target = shedTarget(view, selected?.type === 'ups' ? selected.entity : undefined);
			const cached = planCache.current;
			plan = cached && cached.view === view && cached.target === target ? cached.plan : target ? shedPlanLines(props.actions, target) : undefined;
			planCache.current = {view, target, plan};
		}
		// The plan gets what is left once the table keeps a header and five rows.
		const room = Math.max(2, props.height - 2 - banners.length - (totals ? 1 : 0) - 6);
		const planLines = plan ? fitPlan(plan, room) : [];
		const node = (
			<Box flexDirection="column">
				{banners.map(line => <Text key={line} wrap="truncate" {...style('status.crit')} inverse>{fit(line, props.width)}</Text>)}
				{planLines.map((line, index) => <Text key={index} wrap="truncate" {...style(line.token)}>{line.text}</Text>)}
				{totals ? <Text wrap="truncate" {...style('muted')}>{totals}</Text> : null}
			</Box>
		);
		return {node, height: banners.length + planLines.length + (totals ? 1 : 0)};
	};

	return (
		<TablePane
			emptyText={empty}
			{...props}
			title="Power"
			rows={rows}
			columns={columns}
			rowId={r => r.entity.id}
			filterRow={filterRow}
			entityOf={r => r.entity}
			group={r => (r.type === 'ups' ? 0 : 1)}
			count={(shown, all) => {
				const upses = shown.filter(r => r.type === 'ups').length;
				const outlets = shown.length - upses;
				const filtered = shown.length !== all.length;
				return `· ${filtered ? `${upses}/${view.upses.length}` : upses} UPS · ${filtered ? `${outlets}/${outletCount}` : outlets} outlets`;
			}}
			lineOf={(r, width) => (r.type === 'ups' ? upsLine(r.entity, width, nameWidth, statusWidth) : undefined)}
			renderTop={renderTop}
			renderDetail={(row, width) => <PowerDetail row={row} store={props.store} topology={props.topology} width={width} />}
			onCommand={(command, _selection, current) => {
				if (command !== 'power.shed') return false;
				const ups = shedTarget(view, current?.type === 'ups' ? current.entity : undefined);
				if (ups) props.onRequestAction('power.shed-load', [ups]);
				return true;
			}}
		/>
	);
}

type PlanLine = {readonly text: string; readonly token: Token};

/** The plan in at most `room` lines: a title, the plan's own lines, and how many were left out. */
function fitPlan(plan: PlanLines, room: number): readonly PlanLine[] {
	if (plan.refused !== undefined) return [{text: `shed-load plan for ${plan.upsName}: ${plan.refused}`, token: 'status.warn'}];
	const title: PlanLine = {text: 'shed-load plan (S to review and run it):', token: 'status.warn'};
	const lines = plan.lines.map(text => ({text, token: /does NOT reach/.test(text) ? 'status.crit' : 'plain'}) as PlanLine);
	if (lines.length + 1 <= room) return [title, ...lines];
	const shown = Math.max(1, room - 2);
	return [title, ...lines.slice(0, shown), {text: `  … ${lines.length - shown} more lines: S shows the whole plan`, token: 'muted'}];
}

function PowerDetail({row, store, topology, width}: {readonly row: PowerRow; readonly store: PaneProps['store']; readonly topology: PaneProps['topology']; readonly width: number}) {
	const snapshot = useSlice(store, selectSnapshot);
	const dependents = dependentNames(snapshot, topology, row.entity.id);
	if (row.type === 'outlet') {
		const o = row.entity;
		return (
			<Section title={`${row.pduName} outlet ${o.number}: ${o.name}`}>
				<Field label="state" value={o.state} tone={o.state === 'on' ? 'status.ok' : o.state === 'off' ? 'status.crit' : 'muted'} />
				<Field label="load" value={`${formatNumber(o.loadAmps, 'A', 1)} · ${formatNumber(o.powerWatts, ' W')}`} />
				<Field label="powers" value={row.powers.join(', ') || '–'} />
				<Field label="depends" value={dependents.join(', ') || 'nothing known'} />
				<Field label="source" value={o.source} />
			</Section>
		);
	}
	const ups = row.entity;
	const facts = (
		<Section title={`${ups.name}${ups.model ? ` (${ups.model})` : ''}`}>
			<Field label="status" value={`${ups.statusText} [${ups.flags.join(', ')}]`} tone={upsTone(ups)} />
			<Field label="charge" value={`${formatBar(ups.chargePercent, 10)} ${formatPercent(ups.chargePercent)}`} />
			<Field label="runtime" value={formatDuration(ups.runtimeSec)} tone={runtimeToken(ups)} />
			<Field label="load" value={`${formatPercent(ups.loadPercent)} · ${formatNumber(ups.loadWatts, ' W')} of ${formatNumber(ups.nominalWatts, ' W')}`} />
			<Field label="in / out" value={`${formatNumber(ups.inputVolts, ' V')} / ${formatNumber(ups.outputVolts, ' V')}`} />
			<Field label="on battery" value={formatDuration(ups.timeOnBatterySec)} />
		</Section>
	);
	const more = (
		<Section title="battery · transfers · tests">
			<Field label="battery" value={formatNumber(ups.batteryTempCelsius, '°C')} />
			<Field label="last xfer" value={ups.lastTransferReason ?? '–'} />
			<Field label="self-test" value={`${ups.selfTestResult ?? '–'}${ups.selfTestDate ? ` (${ups.selfTestDate})` : ''}`} />
			<Field label="feeds" value={dependents.join(', ') || 'nothing known'} />
		</Section>
	);
	return <Columns width={width} left={facts} right={more} />;
}

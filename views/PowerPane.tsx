// The power pane (issue 5): UPS cards, a banner while any UPS is on battery, and the PDU
// outlet grid with what each outlet powers and each PDU's load against its rating.
import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {UpsEntity} from '../src/entities.js';
import {fit, formatBar, formatDuration, formatNumber, formatPercent} from '../src/format.js';
import {selectPowerView, type OutletRow, type PduView} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {noSourcesLine} from './no-sources.js';
import type {PaneProps} from './pane-handle.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {style, type Token} from './theme.js';
import {useSlice} from './use-store.js';

export const powerSources = {kinds: ['ups', 'pdu', 'outlet'], types: ['apc-pdu', 'ups', 'nut'], line: 'No power sources configured — add an apc-pdu, ups or nut source: see README › Config'} as const;
const selectMissing = (s: Snapshot) => noSourcesLine(s, powerSources);

type Row = OutletRow & {readonly pduName: string};

const outletColumns: readonly Column<Row>[] = [
	{id: 'pdu', title: 'PDU', width: 8, priority: 2, cell: r => r.pduName, sortValue: r => r.pduName},
	{id: 'number', title: '#', width: 2, priority: 0, align: 'right', cell: r => String(r.entity.number), sortValue: r => r.entity.number},
	{id: 'name', title: 'OUTLET', width: 10, priority: 0, isFlexible: true, cell: r => r.entity.name, sortValue: r => r.entity.name},
	{id: 'state', title: 'STATE', width: 5, priority: 0, cell: r => r.entity.state, tone: r => (r.entity.state === 'on' ? 'status.ok' : r.entity.state === 'off' ? 'status.crit' : 'muted'), sortValue: r => r.entity.state},
	{id: 'load', title: 'LOAD', width: 6, priority: 1, align: 'right', cell: r => formatNumber(r.entity.loadAmps, 'A', 1), sortValue: r => r.entity.loadAmps},
	{id: 'watts', title: 'W', width: 5, priority: 3, align: 'right', cell: r => formatNumber(r.entity.powerWatts), sortValue: r => r.entity.powerWatts},
	{id: 'powers', title: 'POWERS', width: 16, priority: 1, cell: r => r.powers.join(', ') || '–', sortValue: r => r.powers.join(',')},
];

export function upsToken(ups: UpsEntity): Token {
	if (ups.flags.includes('low-battery') || ups.flags.includes('overload') || ups.flags.includes('off')) return 'status.crit';
	if (ups.flags.includes('on-battery') || ups.flags.includes('replace-battery') || ups.flags.includes('bypass')) return 'status.warn';
	return ups.flags.includes('online') ? 'status.ok' : 'muted';
}

function UpsCard({ups, width}: {readonly ups: UpsEntity; readonly width: number}) {
	const barWidth = width >= 120 ? 10 : 5;
	return (
		<Text wrap="truncate">
			<Text {...style(upsToken(ups))}>{`${fit(ups.name, 10)} ${fit(ups.statusText, 14)}`}</Text>
			{` charge ${formatBar(ups.chargePercent, barWidth)} ${formatPercent(ups.chargePercent).padStart(4)}`}
			{` runtime ${formatDuration(ups.runtimeSec).padStart(5)} load ${formatPercent(ups.loadPercent).padStart(4)}`}
			{` in ${formatNumber(ups.inputVolts, 'V')} on batt ${formatDuration(ups.timeOnBatterySec)}`}
		</Text>
	);
}

function pduLine(pdu: PduView): string {
	const name = pdu.pdu?.name ?? pdu.id;
	const ratio = pdu.totalAmps !== null && pdu.ratingAmps ? ` (${formatPercent((pdu.totalAmps / pdu.ratingAmps) * 100)})` : '';
	return `${name}: ${formatNumber(pdu.totalAmps, 'A', 1)} of ${formatNumber(pdu.ratingAmps, 'A')} rating${ratio}`;
}

export function PowerPane(props: PaneProps) {
	const select = useMemo(() => selectPowerView(props.topology), [props.topology]);
	const view = useSlice(props.store, select);
	const missing = useSlice(props.store, selectMissing);
	const rows = useMemo(() => view.pdus.flatMap(pdu => pdu.outlets.map(outlet => ({...outlet, pduName: pdu.pdu?.name ?? pdu.id}))), [view]);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	const banner = view.onBattery.map(ups => `ON BATTERY: ${ups.name} ${formatDuration(ups.runtimeSec)} runtime left · shed plan: press S`);
	const top = (
		<Box flexDirection="column">
			{banner.map(line => <Text key={line} wrap="truncate" {...style('status.crit')} inverse>{fit(line, props.width)}</Text>)}
			{view.upses.map(ups => <UpsCard key={ups.id} ups={ups} width={props.width} />)}
			{view.pdus.length > 0 ? <Text wrap="truncate" {...style('muted')}>{view.pdus.map(pduLine).join(' · ')}</Text> : null}
		</Box>
	);
	const topHeight = banner.length + view.upses.length + (view.pdus.length > 0 ? 1 : 0);
	return (
		<TablePane
			{...props}
			title="Power"
			rows={rows}
			columns={outletColumns}
			rowId={r => r.entity.id}
			filterRow={r => ({text: `${r.pduName} ${r.entity.number} ${r.entity.name} ${r.entity.state} ${r.powers.join(' ')}`, fields: {pdu: r.pduName, state: r.entity.state, powers: r.powers}})}
			entityOf={r => r.entity}
			top={top}
			topHeight={topHeight}
			onCommand={command => {
				if (command !== 'power.shed') return false;
				const ups = view.onBattery[0] ?? view.upses[0];
				if (ups) props.onRequestAction('power.shed-load', [ups]);
				return true;
			}}
		/>
	);
}

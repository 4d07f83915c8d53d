// The alerts pane: worst first, with age and the names of what depends on the subject. The
// blast radius is never cut: the impact column takes the spare width, and the detail (Enter)
// wraps it whole, with the incident the alert belongs to and the alerts folded under it.
import {Text} from 'ink';
import {formatAge} from '../src/format.js';
import {sanitizeText} from '../src/sanitize.js';
import {alertRows, createSelector, severityRank, type AlertRow} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import type {Topology} from '../src/topology.js';
import type {PaneProps} from './pane-handle.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {severityToken, style} from './theme.js';
import {useNow, useSlice} from './use-store.js';
import {useMemo} from 'react';

/** The pane that shows an entity of each kind. */
const paneOfKind: Readonly<Record<string, string>> = {gpu: 'gpus', guest: 'vms', host: 'hosts', ups: 'power', outlet: 'power', pdu: 'power', ats: 'power', automation: 'automations'};

const severityLabel = {critical: 'CRIT', warning: 'WARN', info: 'INFO'} as const;

function columns(now: () => number): readonly Column<AlertRow>[] {
	return [
		{id: 'severity', title: 'SEV', width: 4, maxWidth: 4, priority: 0, cell: r => severityLabel[r.alert.severity], tone: r => severityToken(r.alert.severity), sortValue: r => severityRank[r.alert.severity]},
		{id: 'age', title: 'AGE', width: 6, maxWidth: 7, priority: 1, align: 'right', cell: r => formatAge(r.alert.since, now()), sortValue: r => -r.alert.since},
		{id: 'subject', title: 'SUBJECT', width: 12, maxWidth: 30, priority: 2, cell: r => r.subject, sortValue: r => r.subject},
		{id: 'message', title: 'MESSAGE', width: 20, maxWidth: 70, priority: 0, cell: r => r.alert.message, sortValue: r => r.alert.message},
		{id: 'impact', title: 'IMPACT', width: 12, maxWidth: 400, priority: 3, isFlexible: true, cell: r => (r.impactNames.length > 0 ? `${r.impactNames.length}: ${r.impactNames.join(', ')}` : ''), sortValue: r => r.impactNames.length},
	];
}

const alertFilterRow = (r: AlertRow) => ({
	text: `${r.alert.severity} ${r.subject} ${r.alert.message} ${r.impactNames.join(' ')}`,
	fields: {severity: r.alert.severity, source: r.alert.source, rule: r.alert.ruleId},
});

export function AlertsPane(props: PaneProps) {
	const incidentOf = (r: AlertRow) => props.store.getSnapshot().incidents.find(incident => incident.alerts.some(alert => alert.id === r.alert.id) || (incident.id === r.alert.id));
	const select = useMemo(() => createSelector((s: Snapshot) => [s.alerts, s.entities, props.topology] as const, (_alerts, _entities, topology: Topology) => alertRows(props.store.getSnapshot(), topology)), [props.store, props.topology]);
	const rows = useSlice(props.store, select);
	useNow(props.clock);
	const cols = useMemo(() => columns(props.clock.now), [props.clock]);
	if (rows.length === 0) return <Text wrap="truncate" {...style('status.ok')}>No active alerts.</Text>;
	return (
		<TablePane
			{...props}
			title="Alerts"
			rows={rows}
			columns={cols}
			rowId={r => r.alert.id}
			filterRow={alertFilterRow}
			entityOf={r => (r.alert.entityId ? props.store.getSnapshot().entities.get(r.alert.entityId) : undefined)}
			onCommand={(command, _selection, current) => {
				// Enter in an alert's detail goes to its entity's pane.
				const entity = current?.alert.entityId ? props.store.getSnapshot().entities.get(current.alert.entityId) : undefined;
				if (command !== 'row.open' || !entity || !props.onGoto) return false;
				props.onGoto(paneOfKind[entity.kind] ?? `kind.${entity.kind}`, entity.id);
				return true;
			}}
			renderDetail={r => (
				<>
					<Text {...style(severityToken(r.alert.severity))}>{sanitizeText(`${r.alert.severity}: ${r.alert.message}`)}</Text>
					<Text wrap="truncate">{`subject ${r.subject} · source ${r.alert.source} · rule ${r.alert.ruleId} · for ${formatAge(r.alert.since, props.clock.now())}`}</Text>
					{r.alert.entityId ? <Text wrap="truncate" {...style('muted')}>Enter: go to it in its pane</Text> : null}
					<Text wrap="wrap">{`impact (${r.impactNames.length}): ${[...new Set(r.impactNames)].join(', ') || 'none known'}`}</Text>
					{incidentOf(r) ? <Text wrap="wrap" {...style('muted')}>{`incident: ${incidentOf(r)!.title} · ${incidentOf(r)!.figure}${incidentOf(r)!.alerts.length > 1 ? ` · folded: ${incidentOf(r)!.alerts.filter(alert => alert.id !== r.alert.id).map(alert => alert.message).join(' · ')}` : ''}`}</Text> : null}
				</>
			)}
		/>
	);
}

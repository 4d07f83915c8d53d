// The incidents pane: each open incident with its root cause, key figure and age, what it takes
// down (every device named once, wrapped, never cut), the alerts folded under it and the planned
// changes (an operator's action, a shed plan's steps). ↑↓ select, Enter jumps to the root cause's
// pane, S opens the shed plan of a UPS on battery. The console opens here during an incident.
import {Box, Text} from 'ink';
import {useLayoutEffect, useMemo, useRef, useState} from 'react';
import {formatClock} from '../src/format.js';
import {affectedSummary, type Incident} from '../src/incidents.js';
import type {Snapshot} from '../src/store.js';
import {wrapText} from '../src/wrap.js';
import type {PaneProps} from './pane-handle.js';
import {severityToken, style, type Token} from './theme.js';
import {useNow, useSlice} from './use-store.js';

const selectIncidents = (s: Snapshot) => s.incidents;
const label = {critical: 'CRIT', warning: 'WARN', info: 'PLAN'} as const;

type Line = {readonly text: string; readonly token: Token; readonly incident: number};

/** The pane's lines for a width: each incident's block, the selected one marked. */
export function incidentLines(incidents: readonly Incident[], width: number, selected: number): Line[] {
	const lines: Line[] = [];
	const cols = Math.max(20, width - 1);
	incidents.forEach((incident, index) => {
		const mark = index === selected ? '›' : ' ';
		const head = `${mark} ${label[incident.severity]} ${incident.title} · ${incident.figure}`;
		for (const text of wrapText(head, cols, '       ')) lines.push({text, token: severityToken(incident.severity), incident: index});
		const affects = incident.affectedNames.length === 0 ? '    affects nothing else known' : `    affects ${affectedSummary(incident.affected)}: ${incident.affectedNames.join(', ')}`;
		for (const text of wrapText(affects, cols, '      ')) lines.push({text, token: 'plain', incident: index});
		if (incident.planned) lines.push({text: `    planned: ${incident.planned.action} by ${incident.planned.user} (${incident.planned.origin}) at ${formatClock(incident.planned.at)}`, token: 'muted', incident: index});
		for (const step of incident.plannedSteps) {
			for (const text of wrapText(`    planned: ${step.name}: ${step.change.action} (${step.change.origin}) at ${formatClock(step.change.at)}`, cols, '      ')) lines.push({text, token: 'muted', incident: index});
		}
		const folded = incident.alerts.filter(alert => alert.entityId !== incident.subject && `source:${alert.source}` !== incident.subject);
		if (folded.length > 0) {
			for (const text of wrapText(`    folded: ${folded.map(alert => alert.message).join(' · ')}`, cols, '      ')) lines.push({text, token: 'muted', incident: index});
		}
	});
	return lines;
}

export function IncidentsPane(props: PaneProps) {
	const incidents = useSlice(props.store, selectIncidents);
	useNow(props.clock);
	const [selected, setSelected] = useState(0);
	const at = Math.min(selected, Math.max(0, incidents.length - 1));
	const live = useRef({incidents, at});
	live.current = {incidents, at};
	const shedTarget = () => {
		const ups = live.current.incidents.find(incident => incident.cause === 'ups-on-battery');
		return ups ? props.store.getSnapshot().entities.get(ups.subject) : undefined;
	};
	useLayoutEffect(() => props.router.register({
		bindings: [
			{command: 'row.open', disabled: () => (live.current.incidents.length === 0 ? 'no open incidents' : undefined)},
			{command: 'power.shed', disabled: () => (shedTarget() ? undefined : 'no UPS on battery')},
		],
		handle(command) {
			const {incidents: list, at: current} = live.current;
			if (command === 'row.down' || command === 'row.up') {
				setSelected(Math.max(0, Math.min(list.length - 1, current + (command === 'row.down' ? 1 : -1))));
				return true;
			}
			if (command === 'row.open') {
				const incident = list[current];
				if (incident) props.onGoto?.(incident.pane, incident.subject);
				return incident !== undefined;
			}
			if (command === 'power.shed') {
				const ups = shedTarget();
				if (ups) props.onRequestAction('power.shed-load', [ups]);
				return ups !== undefined;
			}
			return false;
		},
		selection() {
			const incident = live.current.incidents[live.current.at];
			const entity = incident ? props.store.getSnapshot().entities.get(incident.subject) : undefined;
			return entity ? [entity] : [];
		},
	}), [props.router]);
	const lines = useMemo(() => incidentLines(incidents, props.width, at), [incidents, props.width, at]);
	if (incidents.length === 0) return <Text wrap="truncate" {...style('status.ok')}>No open incidents.</Text>;
	const room = Math.max(1, props.height - 1);
	// Keep the selected incident's first line on screen.
	const first = lines.findIndex(line => line.incident === at);
	const start = Math.max(0, Math.min(first, lines.length - room));
	const hasShed = incidents.some(incident => incident.cause === 'ups-on-battery');
	return (
		<Box flexDirection="column" width={props.width}>
			<Text wrap="truncate" {...style('focus')}>{`Incidents (${incidents.length}) · ↑↓ select · Enter: go to the cause${hasShed ? ' · S: shed plan' : ''}`}</Text>
			{lines.slice(start, start + room).map((line, index) => <Text key={index} wrap="truncate" {...style(line.token)}>{line.text}</Text>)}
		</Box>
	);
}

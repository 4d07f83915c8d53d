// An entity's open alerts at the top of its detail view (every pane's): those that page and those
// folded under an incident, each with the incident's root cause when it has one.
import {Box, Text} from 'ink';
import type {Alert, Incident} from '../src/model.js';
import type {Snapshot} from '../src/store.js';
import {severityToken, style} from './theme.js';
import {useSlice, type StoreLike} from './use-store.js';

const selectTriage = (s: Snapshot) => s.incidents;
const selectAlerts = (s: Snapshot) => s.alerts;

/** Open alerts about an entity, worst first, each with the incident it is folded under (if any). */
export function entityAlerts(alerts: readonly Alert[], incidents: readonly Incident[], entityId: string): {alert: Alert; incident: Incident | undefined}[] {
	const found = new Map<string, {alert: Alert; incident: Incident | undefined}>();
	for (const incident of incidents) for (const alert of incident.alerts) if (alert.entityId === entityId) found.set(alert.id, {alert, incident});
	for (const alert of alerts) if (alert.entityId === entityId && !found.has(alert.id)) found.set(alert.id, {alert, incident: undefined});
	const rank = {critical: 0, warning: 1, info: 2} as const;
	return [...found.values()].sort((a, b) => rank[a.alert.severity] - rank[b.alert.severity]);
}

export function EntityAlerts({store, entityId}: {readonly store: StoreLike; readonly entityId: string | undefined}) {
	const alerts = useSlice(store, selectAlerts);
	const incidents = useSlice(store, selectTriage);
	if (entityId === undefined) return null;
	const open = entityAlerts(alerts, incidents, entityId);
	if (open.length === 0) return null;
	return (
		<Box flexDirection="column">
			{open.map(({alert, incident}) => (
				<Text key={alert.id} wrap="wrap" {...style(severityToken(alert.severity))}>{`${alert.severity}: ${alert.message}${incident && incident.subject !== entityId ? ` (under: ${incident.title})` : ''}`}</Text>
			))}
		</Box>
	);
}

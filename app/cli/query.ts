// The one-shot queries: `labdeck <hosts|vms|gpus|power|racks|automations|alerts|status> [--json]`,
// plus `labdeck <command>` for every registered kind without a dedicated pane (src/kinds/).
// One poll round bounded by each source's timeout, then one document (JSON or text tables drawn
// from the kind modules' columns).
import type {Alert, Severity} from '../../src/alerts.js';
import {severityRank} from '../../src/alerts.js';
import type {Entity, EntityKind} from '../../src/entities.js';
import {genericKinds, kindModule} from '../../src/kinds/index.js';
import type {Lab} from '../../src/lab.js';
import type {Snapshot} from '../../src/store.js';
import {deviceRef, type Topology} from '../../src/topology.js';
import {exitCodes, type ExitCode} from './context.js';
import {jsonAlerts, jsonIncidents, jsonEntity, jsonSchemaVersion, jsonSources, type JsonDocument} from './json.js';
import {deviceState} from '../../src/device-state.js';
import {renderText, type QueryView} from './text.js';

const fixedCommands = {
	hosts: {describe: 'Machines: this one, Proxmox nodes, SSH hosts, BMC servers', kinds: ['host', 'storage']},
	vms: {describe: 'Proxmox guests (VMs and containers)', kinds: ['guest']},
	gpus: {describe: 'NVIDIA GPUs on every host, with the guest each is passed to', kinds: ['gpu']},
	power: {describe: 'UPSes, PDUs and outlets', kinds: ['ups', 'pdu', 'outlet']},
	racks: {describe: 'Racks and the devices in them, with their state and power feed', kinds: []},
	automations: {describe: 'Home-automation automations, scenes and scripts', kinds: ['automation']},
	alerts: {describe: 'Active alerts, worst first, with their impact', kinds: []},
	status: {describe: 'Every source’s health and a count of everything', kinds: []},
} as const satisfies Record<string, QuerySpec>;

export type QuerySpec = {readonly describe: string; readonly kinds: readonly EntityKind[]};

/** Every query command: the fixed ones, then one per kind that no dedicated pane shows (`storage`). */
export const queryCommands: Readonly<Record<string, QuerySpec>> = {
	...fixedCommands,
	...Object.fromEntries(genericKinds.map(module => [module.command, {describe: module.describe, kinds: [module.kind]}])),
};

export type QueryName = string;


export const severities = ['critical', 'warning', 'info'] as const;

export type QueryResult = {readonly document: JsonDocument; readonly code: ExitCode; readonly view: QueryView};

export async function runQuery(name: QueryName, lab: Lab, failOn: Severity | undefined): Promise<QueryResult> {
	await lab.poller.pollOnce();
	lab.evaluateAlerts();
	const snapshot = lab.store.getSnapshot();
	const now = Date.now();
	const topology = lab.config.topology;
	const document: JsonDocument = {
		schema: jsonSchemaVersion,
		command: name,
		generatedAt: new Date(now).toISOString(),
		lab: snapshot.lab,
		sources: jsonSources(snapshot),
		items: items(name, snapshot, topology, now),
		alerts: jsonAlerts(snapshot.alerts, snapshot, topology),
		...(name === 'alerts' || name === 'status' ? {incidents: jsonIncidents(snapshot.incidents, snapshot, topology)} : {}),
		notices: snapshot.notices,
		...(name === 'status' ? {summary: summary(snapshot)} : {}),
	};
	return {document, code: exitCode(snapshot, failOn), view: {snapshot, topology, now, kinds: queryCommands[name]?.kinds ?? []}};
}

function items(name: QueryName, snapshot: Snapshot, topology: Topology, now: number): Record<string, unknown>[] {
	if (name === 'alerts' || name === 'status') return [];
	if (name === 'racks') {
		return topology.devices.map(device => ({
			kind: 'device',
			id: deviceRef(device.id),
			name: device.name,
			rack: device.rack ?? null,
			u: device.u ?? null,
			height: device.height ?? 1,
			state: deviceState(snapshot, device, now),
			power: device.power,
			ups: device.ups ?? null,
			entities: device.entities,
			priority: device.priority ?? null,
		}));
	}
	const kinds: readonly EntityKind[] = queryCommands[name]?.kinds ?? [];
	const list: Entity[] = kinds.flatMap(kind => snapshot.byKind[kind]);
	const context = {snapshot, topology, now};
	return list.map(entity => ({...jsonEntity(entity, snapshot, now), ...kindModule(entity.kind)?.json?.(entity as never, context)}));
}

function summary(snapshot: Snapshot): Record<string, unknown> {
	const entities: Record<string, number> = {};
	for (const [kind, list] of Object.entries(snapshot.byKind)) entities[kind] = list.length;
	const alerts: Record<Severity, number> = {critical: 0, warning: 0, info: 0};
	for (const alert of snapshot.alerts) alerts[alert.severity]++;
	const sources: Record<string, number> = {};
	for (const source of Object.values(snapshot.sources)) sources[source.status] = (sources[source.status] ?? 0) + 1;
	return {entities, alerts, sources};
}

/** 4 when an alert is at or above --fail-on, else 3 when a source is unreachable, else 0. */
export function exitCode(snapshot: Snapshot, failOn: Severity | undefined): ExitCode {
	if (failOn && snapshot.alerts.some((alert: Alert) => severityRank[alert.severity] <= severityRank[failOn])) return exitCodes.alerts;
	if (Object.values(snapshot.sources).some(source => source.status === 'down')) return exitCodes.partial;
	return exitCodes.ok;
}

export function formatQuery(result: QueryResult, asJson: boolean, width: number): string {
	return asJson ? `${JSON.stringify(result.document)}\n` : renderText(result.document, width, result.view);
}

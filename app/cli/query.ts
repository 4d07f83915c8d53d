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
import {jsonAlerts, jsonIncidents, jsonEntity, jsonSchemaVersion, jsonSources, toJsonText, type JsonDocument} from './json.js';
import {deviceMachineStatus, deviceState} from '../../src/device-state.js';
import {machinesJson} from '../../src/machine-json.js';
import {machineIndex} from '../../src/devices.js';
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

/** Longest gap between a one-shot's two CPU samples, ms (as `top` samples over a second). */
export const cpuSampleGapMs = 1000;

/**
 * CPU % is a difference of two readings: hosts that answered without it (an SSH host's first
 * poll) are polled once more after a short gap, within each source's timeout. Returns a note for
 * each host still without CPU %, saying why.
 */
async function sampleCpuTwice(lab: Lab, gapMs: number): Promise<string[]> {
	const missing = () => lab.store.getSnapshot().byKind.host.filter(host => host.kind === 'host' && host.isOnline === true && host.cpu.usage === null);
	const sources = [...new Set(missing().map(host => host.source))].filter(id => lab.store.getSnapshot().sources[id]?.status === 'ok');
	if (sources.length === 0) return missing().map(host => `${host.name}: CPU % unknown (${host.source} ${lab.store.getSnapshot().sources[host.source]?.status ?? 'unknown'})`);
	const timeouts = sources.map(id => lab.config.sources.find(source => source.id === id)?.config?.timeout ?? 5);
	const gap = Math.min(gapMs, (Math.min(...timeouts) * 1000) / 2);
	await new Promise(resolve => setTimeout(resolve, gap));
	await lab.poller.pollSources(sources);
	return missing().map(host => {
		const status = lab.store.getSnapshot().sources[host.source];
		return `${host.name}: CPU % unknown: ${status?.status === 'ok' ? 'its source gave no second sample' : `second sample failed (${status?.lastError ?? status?.status ?? 'unknown'})`}`;
	});
}

export async function runQuery(name: QueryName, lab: Lab, failOn: Severity | undefined, options: {readonly cpuGapMs?: number} = {}): Promise<QueryResult> {
	await lab.poller.pollOnce();
	const cpuNotes = name === 'hosts' ? await sampleCpuTwice(lab, options.cpuGapMs ?? cpuSampleGapMs) : [];
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
		// Links the sources contradict (a device whose entities report different hostnames); CPU notes of one-shot hosts.
		notices: name === 'hosts' || name === 'racks' ? [...snapshot.notices, ...cpuNotes, ...machineIndex(snapshot, topology).warnings] : [...snapshot.notices, ...cpuNotes],
		...(name === 'status' ? {summary: summary(snapshot)} : {}),
		...(name === 'hosts' ? {machines: machinesJson(snapshot, topology, now)} : {}),
	};
	return {document, code: exitCode(snapshot, failOn), view: {snapshot, topology, now, kinds: queryCommands[name]?.kinds ?? [], notes: cpuNotes}};
}

function items(name: QueryName, snapshot: Snapshot, topology: Topology, now: number): Record<string, unknown>[] {
	if (name === 'alerts' || name === 'status') return [];
	if (name === 'racks') {
		return topology.devices.map(device => ({
			kind: 'device',
			...machineFields(snapshot, topology, device, now),
			id: deviceRef(device.id),
			name: device.name,
			rack: device.rack ?? null,
			u: device.u ?? null,
			height: device.height ?? 1,
			state: deviceState(snapshot, device, now, topology),
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

/** A machine device's own state (`off`, `unreachable`…) and why; null for a PDU, UPS, switch. */
function machineFields(snapshot: Snapshot, topology: Topology, device: Topology['devices'][number], now: number): Record<string, unknown> {
	const status = deviceMachineStatus(snapshot, device, now, topology);
	return {machineState: status?.state ?? null, stateReason: status?.reason || null};
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
/** Sources a config error disabled (not those the user turned off with `enabled: false`). */
export function brokenSources(snapshot: Snapshot): readonly {readonly id: string; readonly reason: string}[] {
	return Object.values(snapshot.sources)
		.filter(source => source.status === 'disabled' && !(source.lastError ?? '').endsWith('disabled in the config'))
		.map(source => ({id: source.id, reason: source.lastError ?? `source "${source.id}": disabled`}));
}

export function exitCode(snapshot: Snapshot, failOn: Severity | undefined): ExitCode {
	const all = Object.values(snapshot.sources).filter(source => !(source.status === 'disabled' && (source.lastError ?? '').endsWith('disabled in the config')));
	// Nothing left to ask: every configured source is disabled by a config error.
	if (all.length > 0 && brokenSources(snapshot).length === all.length) return exitCodes.error;
	if (failOn && snapshot.alerts.some((alert: Alert) => severityRank[alert.severity] <= severityRank[failOn])) return exitCodes.alerts;
	if (Object.values(snapshot.sources).some(source => source.status === 'down')) return exitCodes.partial;
	return exitCodes.ok;
}

export function formatQuery(result: QueryResult, asJson: boolean, width: number): string {
	return asJson ? `${toJsonText(result.document)}\n` : renderText(result.document, width, result.view);
}

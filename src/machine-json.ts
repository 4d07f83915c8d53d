// A machine as `labdeck hosts --json` carries it (the document's `machines`): one object per
// machine, its state, its merged values and the entity ids of every source's view, so that a
// script counts each machine once. Its JSON Schema fragment is `machineSchema`.
import {machines, type Machine} from './devices.js';
import {percent} from './entities.js';
import {hostMaxTemp, worstFilesystem} from './kinds/host.js';
import {bmcSummary, machineStatus, mergedField} from './machine-state.js';
import {machineWatts} from './machine-columns.js';
import type {Snapshot, Topology} from './model.js';

export function machineJson(snapshot: Snapshot, topology: Topology, machine: Machine, now: number): Record<string, unknown> {
	const status = machineStatus(snapshot, machine, now);
	const field = <T>(read: Parameters<typeof mergedField<T>>[3]) => mergedField(machine, snapshot, now, read).value;
	const live = <T>(read: Parameters<typeof mergedField<T>>[3]) => (status.isLive ? field(read) : null);
	const memory = field(host => (host.memory.totalBytes === null ? null : host.memory));
	const bmc = bmcSummary(machine);
	return {
		kind: 'machine',
		id: machine.id,
		name: machine.name,
		device: machine.device?.id ?? null,
		state: status.state,
		stateReason: status.reason || null,
		lastSeenUp: status.lastSeenUp === null ? null : new Date(status.lastSeenUp).toISOString(),
		isLive: status.isLive,
		sources: machine.sources,
		hosts: machine.hosts.map(host => host.id),
		bmcs: machine.bmcs.map(item => item.id),
		gpus: machine.gpus.map(gpu => gpu.id),
		outlets: machine.outlets.map(outlet => outlet.id),
		ups: machine.ups?.id ?? null,
		cpuPercent: live(host => host.cpu.usage),
		memory: {usedBytes: memory?.usedBytes ?? null, totalBytes: memory?.totalBytes ?? null, percent: memory ? percent(memory.usedBytes, memory.totalBytes) : null},
		diskPercent: field(host => worstFilesystem(host)?.percent ?? null),
		tempCelsius: field(hostMaxTemp) ?? bmc?.inletCelsius ?? null,
		uptimeSec: live(host => host.uptimeSec),
		watts: status.state === 'off' ? null : machineWatts(machine),
		bmc: bmc ? {powerState: bmc.power, health: bmc.health, inletCelsius: bmc.inletCelsius, watts: bmc.watts} : null,
	};
}

export function machinesJson(snapshot: Snapshot, topology: Topology, now: number): Record<string, unknown>[] {
	return machines(snapshot, topology).map(machine => machineJson(snapshot, topology, machine, now));
}

const nullableNumber = {$ref: '#/definitions/nullableNumber'};
const nullableString = {$ref: '#/definitions/nullableString'};
const ids = {type: 'array', items: {type: 'string'}};

/** The JSON Schema of one `machines` entry. */
export const machineSchema = {
	type: 'object',
	required: ['kind', 'id', 'name', 'device', 'state', 'stateReason', 'lastSeenUp', 'isLive', 'sources', 'hosts', 'bmcs', 'gpus', 'outlets', 'ups', 'cpuPercent', 'memory', 'diskPercent', 'tempCelsius', 'uptimeSec', 'watts', 'bmc'],
	properties: {
		kind: {const: 'machine'},
		id: {type: 'string', pattern: '^(device|machine):'},
		name: {type: 'string'},
		device: nullableString,
		state: {enum: ['up', 'off', 'down', 'unreachable', 'unknown']},
		stateReason: nullableString,
		lastSeenUp: {type: ['string', 'null'], format: 'date-time'},
		isLive: {type: 'boolean'},
		sources: ids,
		hosts: ids,
		bmcs: ids,
		gpus: ids,
		outlets: ids,
		ups: nullableString,
		cpuPercent: nullableNumber,
		memory: {type: 'object', required: ['usedBytes', 'totalBytes', 'percent'], properties: {usedBytes: nullableNumber, totalBytes: nullableNumber, percent: nullableNumber}},
		diskPercent: nullableNumber,
		tempCelsius: nullableNumber,
		uptimeSec: nullableNumber,
		watts: nullableNumber,
		bmc: {type: ['object', 'null'], required: ['powerState', 'health', 'inletCelsius', 'watts']},
	},
} as const;

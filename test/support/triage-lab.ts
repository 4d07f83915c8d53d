// A crafted lab for the correlation tests and the benchmark: UPS A feeds PDU A; outlet 1 feeds
// pve1 (a Proxmox node with guests), outlet 5 feeds gpu-box-2 (an SSH host `gpu-box-2` and its
// GPUs through `gpus-box-2`). Mirrors the demo lab's shape, with the same failure symptoms.
import type {EntityDraft} from '../../src/entities.js';
import {AlertEngine} from '../../src/alerts.js';
import {kindRules} from '../../src/kind-rules.js';
import type {SourceHealth, Snapshot, Topology} from '../../src/model.js';
import {applyFailure, applyPoll, emptySnapshot, setSources} from '../../src/store.js';
import {nodeOfflineRule} from '../../plugins/proxmox/alert-rules.js';
import {guestDraft, hostDraft, outletDraft} from './entities.js';
import {gpuDraft, pduDraft, upsDraft} from './triage-entities.js';

export const sourceIds = ['pve', 'pdu-a', 'ups-a', 'gpu-box-2', 'gpus-box-2'] as const;

export const triageTopology: Topology = {
	racks: [{id: 'main', name: 'Main rack', height: 42}],
	devices: [
		{id: 'pdu-a', name: 'PDU A', power: [], ups: 'ups:ups-a/ups', entities: ['pdu:pdu-a/pdu']},
		{id: 'ups-a', name: 'UPS A', power: [], entities: ['ups:ups-a/ups']},
		{id: 'pve1', name: 'pve1', power: ['outlet:pdu-a/1'], ups: 'ups:ups-a/ups', entities: ['host:pve/pve1'], priority: 6},
		{id: 'gpu-box-2', name: 'gpu-box-2', power: ['outlet:pdu-a/5'], ups: 'ups:ups-a/ups', entities: ['host:gpu-box-2/gpu-box-2', 'gpu:gpus-box-2/0', 'gpu:gpus-box-2/1'], priority: 2},
	],
};

const health = (id: string): SourceHealth => ({id, type: 't', name: id, status: 'pending', interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});

export type LabState = {
	readonly outlet5?: 'on' | 'off';
	readonly outlet1?: 'on' | 'off';
	readonly onBattery?: boolean;
	readonly pve1Online?: boolean;
	readonly gpu0Celsius?: number;
	/** Extra guests on pve1 (the benchmark's synthetic store). */
	readonly guests?: number;
};

/** Polls every source once at `now` with the given state; gpu-box-2's sources fail while outlet 5 is off. */
export function pollLab(snapshot: Snapshot, state: LabState, now: number): Snapshot {
	let next = snapshot;
	next = applyPoll(next, 'pdu-a', {entities: [pduDraft('pdu-a'), outletDraft('pdu-a', 1, {state: state.outlet1 ?? 'on'}), outletDraft('pdu-a', 5, {state: state.outlet5 ?? 'on'})] as EntityDraft[]}, now, 1);
	next = applyPoll(next, 'ups-a', {entities: [upsDraft('ups-a', state.onBattery ? {flags: ['on-battery'], statusText: 'on battery', runtimeSec: 1380, chargePercent: 91, timeOnBatterySec: 0} : {})] as EntityDraft[]}, now, 1);
	const guests = Array.from({length: state.guests ?? 2}, (_, index) => guestDraft('pve', 101 + index, 'pve1', {status: state.pve1Online === false ? 'unknown' : 'running'}));
	next = applyPoll(next, 'pve', {entities: [hostDraft('pve', 'pve1', {isOnline: state.pve1Online ?? true}), ...guests] as EntityDraft[]}, now, 1);
	if (state.outlet5 === 'off') {
		next = applyFailure(next, 'gpu-box-2', 'gpu-box-2: connect: ECONNREFUSED', 'UnreachableError', now);
		next = applyFailure(next, 'gpus-box-2', 'gpus-box-2: connect: ECONNREFUSED', 'UnreachableError', now);
	} else {
		next = applyPoll(next, 'gpu-box-2', {entities: [hostDraft('gpu-box-2', 'gpu-box-2', {role: 'remote'})] as EntityDraft[]}, now, 1);
		next = applyPoll(next, 'gpus-box-2', {entities: [gpuDraft('gpus-box-2', 'gpu-box-2', 0, {temperature: {celsius: state.gpu0Celsius ?? 60, slowdownCelsius: 90, shutdownCelsius: 98}}), gpuDraft('gpus-box-2', 'gpu-box-2', 1)] as EntityDraft[]}, now, 1);
	}
	return next;
}

export function emptyLab(): Snapshot {
	return setSources(emptySnapshot('triage'), sourceIds.map(health));
}

export const triageAlertEngine = () => new AlertEngine([...kindRules, nodeOfflineRule], triageTopology);

// Incident correlation on the synthetic store (2,000 guests, 128 GPUs, 96 outlets; bench-render's
// drafts), with a topology over it (each node and GPU host a device on its own outlet behind the
// UPS) and an outage in progress: the UPS on battery, three outlets off (one by an operator), a
// node offline and a GPU past its slowdown threshold. Each round is a fresh poll (a new
// snapshot, so the dependency graph is rebuilt as in the console), then the alert engine, then
// the incident engine. Target: correlation ≤ 5 ms per evaluation.
import {AlertEngine} from '../src/alerts.js';
import type {EntityDraft} from '../src/entities.js';
import {IncidentEngine} from '../src/incidents.js';
import {kindRules} from '../src/kind-rules.js';
import type {Device, Topology} from '../src/model.js';
import {PlannedChanges} from '../src/planned-changes.js';
import {applyPoll} from '../src/store.js';
import {nodeOfflineRule} from '../plugins/proxmox/alert-rules.js';
import {syntheticDrafts, syntheticStore} from './bench-render.js';

const counts = {guests: 2000, gpus: 128, outlets: 96};

function topology(): Topology {
	const devices: Device[] = [];
	for (let n = 1; n <= 20; n++) devices.push({id: `node${n}`, name: `node${n}`, power: [`outlet:power-bench/${n}`], ups: 'ups:power-bench/ups', entities: [`host:pve-bench/node${n}`], priority: n});
	for (let h = 0; h < counts.gpus / 8; h++) {
		const gpus = Array.from({length: 8}, (_, i) => `gpu:gpus-bench/${h * 8 + i}`);
		devices.push({id: `gpu-host-${h}`, name: `gpu-host-${h}`, power: [`outlet:power-bench/${21 + h}`], ups: 'ups:power-bench/ups', entities: gpus, priority: 30 + h});
	}
	return {racks: [], devices};
}

/** The synthetic drafts with an outage in progress. */
function outage(round: number): Record<string, EntityDraft[]> {
	const drafts = syntheticDrafts(round, counts);
	const patch = (list: EntityDraft[], id: string, change: Record<string, unknown>) => list.map(draft => (draft.id === id ? ({...draft, ...change} as EntityDraft) : draft));
	let power = patch(drafts['power-bench']!, 'ups:power-bench/ups', {flags: ['on-battery'], runtimeSec: 900, timeOnBatterySec: 60});
	for (const n of [3, 22, 40]) power = patch(power, `outlet:power-bench/${n}`, {state: 'off'});
	const pve = patch(drafts['pve-bench']!, 'host:pve-bench/node7', {isOnline: false});
	const gpus = patch(drafts['gpus-bench']!, 'gpu:gpus-bench/5', {temperature: {celsius: 97, slowdownCelsius: 90, shutdownCelsius: 98}});
	return {'pve-bench': pve, 'gpus-bench': gpus, 'power-bench': power};
}

export async function benchIncidents(): Promise<Record<string, number | string>> {
	const store = syntheticStore(counts);
	const topo = topology();
	const alerts = new AlertEngine([...kindRules, nodeOfflineRule], topo);
	const incidents = new IncidentEngine(topo);
	const planned = new PlannedChanges();
	planned.note({action: 'outlet.off', targets: ['outlet:power-bench/40'], result: 'ok', origin: 'console', time: new Date().toISOString(), user: 'bench'});
	const correlate: number[] = [];
	const total: number[] = [];
	let open = 0;
	const start = Date.now();
	for (let round = 0; round < 120; round++) {
		const now = start + round * 1000;
		for (const [source, entities] of Object.entries(outage(round))) store.apply(s => applyPoll(s, source, {entities}, now, 1));
		const snapshot = store.getSnapshot();
		const t0 = performance.now();
		const raised = alerts.evaluate(snapshot, now);
		const t1 = performance.now();
		const triage = incidents.correlate(snapshot, raised, now, id => planned.lookup(id, now));
		const t2 = performance.now();
		// The first rounds warm the JIT.
		if (round >= 20) {
			correlate.push(t2 - t1);
			total.push(t2 - t0);
		}
		open = triage.incidents.length;
	}
	const p = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;
	return {
		'open incidents in the outage': open,
		'correlation per evaluation, median ms (target ≤ 5)': p(correlate, 0.5),
		'correlation per evaluation, p95 ms': p(correlate, 0.95),
		'alert rules + correlation per evaluation, median ms': p(total, 0.5),
	};
}

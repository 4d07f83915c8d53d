// The synthetic lab for `npm run bench`: a store of (default) 2,000 guests, 128 GPUs and 96
// outlets over 3 sources, moved by synthetic poll rounds, drawn by the shared App rig (app-rig.tsx):
//   const rig = benchRender(); await rig.render();
//   const frame = rig.waitFrame(); const t = performance.now(); rig.pressKey('\u001B[B'); latency = (await frame) - t;
// Note: Ink draws nothing interactively when CI=true; run the bench with CI unset.
import type {EntityDraft} from '../src/entities.js';
import {sanitizeDeep} from '../src/sanitize.js';
import {applyPoll, emptySnapshot, setSources, Store} from '../src/store.js';
import {gpu, guest, host, outlet, pdu, ups} from '../views/test-fixtures/entities.js';
import {source} from '../views/test-fixtures/lab.js';
import {appRig, type AppRigOptions} from './app-rig.js';

export type BenchOptions = AppRigOptions & {
	readonly guests?: number;
	readonly gpus?: number;
	readonly outlets?: number;
	/** Sources the synthetic lab spreads over (default 3: one Proxmox, one GPU, one power). */
	readonly sources?: number;
};

/** Synthetic sizes: guests split over `sources - 2` Proxmox sources, plus one GPU and one power source. */
export type SyntheticCounts = {readonly guests: number; readonly gpus: number; readonly outlets: number; readonly sources?: number};

const pveSources = (counts: SyntheticCounts) => Math.max(1, (counts.sources ?? 3) - 2);
const pveId = (index: number, count: number) => (count === 1 ? 'pve-bench' : `pve-bench-${index + 1}`);

/** One poll's worth of synthetic drafts per source; `round` moves the values. */
export function syntheticDrafts(round: number, counts: SyntheticCounts): Record<string, EntityDraft[]> {
	const nodes = 20;
	const gpuHosts = Math.max(1, Math.ceil(counts.gpus / 8));
	const pdus = Math.max(1, Math.ceil(counts.outlets / 24));
	const wave = (i: number) => ((i * 37 + round * 13) % 100);
	const pves = pveSources(counts);
	const drafts: Record<string, EntityDraft[]> = {};
	for (let p = 0; p < pves; p++) {
		const id = pveId(p, pves);
		const share = Math.ceil(counts.guests / pves);
		const first = p * share;
		const guests = Math.max(0, Math.min(share, counts.guests - first));
		drafts[id] = [
			...Array.from({length: nodes}, (_, n) => host(id, `node${n + 1}`, {cpu: {usage: wave(n), cores: 64, perCore: [], model: null}})),
			...Array.from({length: guests}, (_, k) => {
				const i = first + k;
				return guest(id, 1000 + i, `guest-${i}`, {node: `node${(i % nodes) + 1}`, cpuPercent: wave(i), status: i % 7 === 0 ? 'stopped' : 'running', tags: i % 5 === 0 ? ['gpu'] : []});
			}),
		];
	}
	drafts['gpus-bench'] = Array.from({length: counts.gpus}, (_, i) => ({
		...gpu('gpus-bench', `gpu-host-${Math.floor(i / 8) % gpuHosts}`, i, i % 2 ? 'RTX 3090' : 'Tesla P40'),
		utilization: {gpu: wave(i), memory: wave(i + 1), encoder: 0, decoder: 0},
	}));
	drafts['power-bench'] = [
		ups('power-bench'),
		...Array.from({length: pdus}, (_, p) => ({...pdu('power-bench'), id: `pdu:power-bench/pdu${p}`, localId: `pdu${p}`, name: `pdu-${p}`})),
		...Array.from({length: counts.outlets}, (_, i) => ({...outlet('power-bench', i + 1, `outlet-${i + 1}`), pdu: `pdu:power-bench/pdu${i % pdus}`, loadAmps: wave(i) / 50})),
	];
	return drafts;
}

export function syntheticStore(counts: SyntheticCounts): Store {
	const store = new Store(emptySnapshot('bench'));
	const pves = pveSources(counts);
	const sources = Array.from({length: pves}, (_, p) => source(pveId(p, pves), 'proxmox'));
	store.apply(s => setSources(s, [...sources, source('gpus-bench', 'nvidia'), source('power-bench', 'ups')]));
	return store;
}

export function benchRender(options: BenchOptions = {}) {
	const counts = {guests: options.guests ?? 2000, gpus: options.gpus ?? 128, outlets: options.outlets ?? 96, sources: options.sources ?? 3};
	const store = syntheticStore(counts);
	let round = 0;
	/** CPU microseconds spent in ticks (making the drafts, sanitising them, updating the store). */
	let pollCpuUs = 0;
	const tick = () => {
		const cpuStart = process.cpuUsage();
		const drafts = syntheticDrafts(round++, counts);
		const now = Date.now();
		for (const [id, entities] of Object.entries(drafts)) {
			// What the poller does with a reply: sanitise every string, then update the store.
			const clean = sanitizeDeep({entities});
			store.apply(s => applyPoll(s, id, clean, now, 5));
		}
		const cpu = process.cpuUsage(cpuStart);
		pollCpuUs += cpu.user + cpu.system;
	};
	tick();
	return {
		...appRig(store, options),
		store,
		/** One synthetic poll round: every entity gets new values (as a 1 Hz poll would). */
		tick,
		/** CPU microseconds spent polling so far (the rest of the process's CPU is drawing). */
		pollCpuUs: () => pollCpuUs,
	};
}

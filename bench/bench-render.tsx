// A rig for `npm run bench`: the real App, rendered by Ink (not in debug mode, so with Ink's
// own frame throttling) into a fake TTY of a fixed size, over a synthetic store (default 2,000
// guests, 128 GPUs and 96 outlets over 3 sources). The bench measures keypress → frame latency with it:
//   const rig = benchRender(); await rig.render();
//   const frame = rig.waitFrame(); const t = performance.now(); rig.pressKey('\u001B[B'); latency = (await frame) - t;
// Note: Ink draws nothing interactively when CI=true; run the bench with CI unset.
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import {render, type Instance} from 'ink';
import type {EntityDraft} from '../src/entities.js';
import type {PaneId} from '../src/keys.js';
import {sanitizeDeep} from '../src/sanitize.js';
import {applyPoll, emptySnapshot, setSources, Store} from '../src/store.js';
import type {Topology} from '../src/topology.js';
import {App} from '../views/App.js';
import {inkRenderOptions} from '../views/ink-options.js';
import {frameStore} from '../src/frame-store.js';
import {keepYoungGenerationSmall} from '../app/cli/heap.js';
import {systemClock, type Clock} from '../views/clock.js';
import type {ActionRunner} from '../views/action-runner.js';
import {gpu, guest, host, outlet, pdu, ups} from '../views/test-fixtures/entities.js';
import {source} from '../views/test-fixtures/lab.js';

export type BenchOptions = {
	readonly width?: number;
	readonly height?: number;
	readonly pane?: PaneId;
	readonly guests?: number;
	readonly gpus?: number;
	readonly outlets?: number;
	/** Sources the synthetic lab spreads over (default 3: one Proxmox, one GPU, one power). */
	readonly sources?: number;
	/** The console's 1 Hz clock; a manual one lets a bench draw frames back to back. */
	readonly clock?: Clock;
};

class FakeTty extends EventEmitter {
	readonly isTTY = true;
	lastWriteAt = 0;
	writes = 0;
	constructor(readonly columns: number, readonly rows: number) {
		super();
	}
	write = (_chunk: string): boolean => {
		this.writes++;
		this.lastWriteAt = performance.now();
		this.emit('frame', this.lastWriteAt);
		return true;
	};
}

class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	#data: string | null = null;
	write(data: string): void {
		this.#data = data;
		this.emit('readable');
		this.emit('data', data);
	}
	read = (): string | null => {
		const data = this.#data;
		this.#data = null;
		return data;
	};
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

const noActions: ActionRunner = {
	available: () => [],
	plan: () => {
		throw new Error('bench: no actions');
	},
	execute: async () => ({ok: false, message: 'bench: no actions'}),
	isReadonly: true,
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
	// What the console sets when it starts (app/cli/heap.ts), so that RSS is measured as it ships.
	keepYoungGenerationSmall();
	const counts = {guests: options.guests ?? 2000, gpus: options.gpus ?? 128, outlets: options.outlets ?? 96, sources: options.sources ?? 3};
	const width = options.width ?? 200;
	const height = options.height ?? 60;
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
	const stdout = new FakeTty(width, height);
	const stdin = new FakeStdin();
	const topology: Topology = {racks: [], devices: []};
	let instance: Instance | undefined;
	const clock = options.clock ?? systemClock();
	const framed = frameStore(store, clock);
	const waitFrame = (timeoutMs = 2000): Promise<number> =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				stdout.off('frame', onFrame);
				reject(new Error(`no frame within ${timeoutMs} ms`));
			}, timeoutMs);
			const onFrame = (at: number) => {
				clearTimeout(timer);
				resolve(at);
			};
			stdout.once('frame', onFrame);
		});
	return {
		store,
		stdout,
		/** Mounts the App; resolves when the first frame was written. */
		async render(): Promise<void> {
			const first = waitFrame(5000);
			instance = render(<App store={framed} actions={noActions} clock={clock} topology={topology} width={width} height={height} initialPane={options.pane ?? 'vms'} onQuit={() => instance?.unmount()} />, {
				stdout: stdout as unknown as NodeJS.WriteStream,
				stdin: stdin as unknown as NodeJS.ReadStream,
				exitOnCtrlC: false,
				patchConsole: false,
				...inkRenderOptions,
			});
			await first;
		},
		/** Writes a raw key sequence (`\u001B[B` is Down). */
		pressKey(sequence: string): void {
			stdin.write(sequence);
		},
		/** Resolves with performance.now() when the next frame is written. */
		waitFrame,
		/** One synthetic poll round: every entity gets new values (as a 1 Hz poll would). */
		tick,
		/** CPU microseconds spent polling so far (the rest of the process's CPU is drawing). */
		pollCpuUs: () => pollCpuUs,
		unmount(): void {
			instance?.unmount();
		},
	};
}

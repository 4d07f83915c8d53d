// The render rig the benches share: the real App, rendered by Ink (not in debug mode, so with Ink's
// own frame throttling) through the frame store into a fake TTY of a fixed size, keys written to a
// fake stdin. Used over the synthetic store (bench-render.tsx) and over real plugins
// (automations-child.tsx):
//   const rig = appRig(store, {pane: 'vms'}); await rig.render();
//   const frame = rig.waitFrame(); const t = performance.now(); rig.pressKey('\u001B[B'); latency = (await frame) - t;
// Note: Ink draws nothing interactively when CI=true; run the bench with CI unset.
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import {render, type Instance} from 'ink';
import {frameStore} from '../src/frame-store.js';
import type {PaneId} from '../src/keys.js';
import type {Store} from '../src/store.js';
import type {Topology} from '../src/topology.js';
import type {ActionRunner} from '../views/action-runner.js';
import {App} from '../views/App.js';
import {systemClock, type Clock} from '../views/clock.js';
import {inkRenderOptions} from '../views/ink-options.js';
import {keepHeapSmall} from '../app/cli/heap.js';

export type AppRigOptions = {
	readonly width?: number;
	readonly height?: number;
	/** The pane the App opens on (default `vms`). */
	readonly pane?: PaneId;
	/** The console's 1 Hz clock; a manual one lets a bench draw frames back to back. */
	readonly clock?: Clock;
};

export class FakeTty extends EventEmitter {
	readonly isTTY = true;
	lastWriteAt = 0;
	writes = 0;
	/** Bursts of writes more than 20 ms apart: Ink may write one frame in several chunks. */
	frames = 0;
	constructor(readonly columns: number, readonly rows: number) {
		super();
	}
	write = (_chunk: string): boolean => {
		this.writes++;
		const at = performance.now();
		if (at - this.lastWriteAt > 20) this.frames++;
		this.lastWriteAt = at;
		this.emit('frame', at);
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

export function appRig(store: Store, options: AppRigOptions = {}) {
	// What the console sets when it starts (app/cli/heap.ts), so that RSS is measured as it ships.
	keepHeapSmall();
	const width = options.width ?? 200;
	const height = options.height ?? 60;
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
		unmount(): void {
			instance?.unmount();
		},
	};
}

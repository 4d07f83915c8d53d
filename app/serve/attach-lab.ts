// Where the console and the one-shots decide to attach: a running `labdeck serve` for the same
// config gives them its live snapshot and runs their actions; without one (or with `--no-serve`)
// they poll by themselves. A console whose service dies carries on with its own poller and says so.
import type {LoadedConfig} from '../../src/config.js';
import type {Lab, LabOptions} from '../../src/lab.js';
import {openLab} from '../../src/lab.js';
import {emptySnapshot, Store} from '../../src/store.js';
import type {Attached} from './client.js';
import {tryAttach, type TryAttachOptions} from './try-attach.js';

export {tryAttach} from './try-attach.js';

/** A one-shot's lab over the service's snapshot, or undefined when none serves this config. */
export async function attachLab(config: LoadedConfig, labOptions: Omit<LabOptions, 'config' | 'store' | 'attached'>, env: NodeJS.ProcessEnv, onNotice: (line: string) => void, target: Pick<TryAttachOptions, 'attach' | 'attachFingerprint'> = {}): Promise<Lab | undefined> {
	const store = new Store(emptySnapshot(config.lab));
	const {attached, notice} = await tryAttach({configPath: config.path, store, env, role: 'query', ...target});
	if (notice) onNotice(notice);
	if (!attached) return undefined;
	await firstRound(store, firstRoundBoundMs(config));
	const lab = openLab({...labOptions, config, store, shouldPersist: false, attached: {execute: attached.execute}});
	return {
		...lab,
		async close() {
			attached.close();
			await lab.close();
		},
	};
}

/**
 * A service that has just started may not have polled every source yet: a one-shot attached to it
 * waits, as one polling by itself would, until no source is pending (or the bound passes: then
 * the pending ones print as pending). A source's first poll ends within its timeout.
 */
export function firstRoundBoundMs(config: LoadedConfig): number {
	return Math.max(0, ...config.sources.map(source => source.timeout)) * 1000 + 1000;
}

export async function firstRound(store: Store, boundMs: number): Promise<void> {
	const isDone = () => !Object.values(store.getSnapshot().sources).some(source => source.status === 'pending');
	if (isDone()) return;
	await new Promise<void>(resolve => {
		const finish = () => {
			clearTimeout(timer);
			unsubscribe();
			resolve();
		};
		const timer = setTimeout(finish, boundMs);
		const unsubscribe = store.subscribe(() => {
			if (isDone()) finish();
		});
	});
}

/**
 * The console's lab while attached: a facade over the attached lab that swaps in a lab with its
 * own poller when the service goes away (with a notice in the header).
 */
export function consoleLab(attached: Attached, open: (options: Pick<LabOptions, 'attached'>) => Lab, onSwap: (lab: Lab) => void): Lab {
	let current = open({attached: {execute: attached.execute}});
	let isClosed = false;
	attached.onLost(reason => {
		if (isClosed) return;
		const previous = current;
		current = open({});
		void previous.close();
		current.store.apply(snapshot => ({...snapshot, notices: [...snapshot.notices, `${reason}: this console polls by itself now`]}));
		onSwap(current);
		current.poller.start();
	});
	return {
		get store() {
			return current.store;
		},
		get timeline() {
			return current.timeline;
		},
		get poller() {
			return current.poller;
		},
		get actions() {
			return current.actions;
		},
		get config() {
			return current.config;
		},
		evaluateAlerts: () => current.evaluateAlerts(),
		async close() {
			isClosed = true;
			attached.close();
			await current.close();
		},
	};
}

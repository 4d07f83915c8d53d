// The poller: per source an interval, a timeout (an AbortSignal handed to every I/O call),
// single flight (a tick is skipped while a poll is in flight), capped exponential backoff while
// failing, and a global concurrency cap. A failing or hanging source changes only its own health.
import {setMaxListeners} from 'node:events';
import {describeError, TimeoutError} from './errors.js';
import type {PluginInstance, PollResult} from './plugin-api.js';
import {sanitizeDeep, sanitizeText} from './sanitize.js';
import {applyFailure, applyPoll, type Store} from './store.js';

export type PolledSource = {
	readonly id: string;
	/** Seconds. */
	readonly interval: number;
	/** Seconds. */
	readonly timeout: number;
	readonly instance: PluginInstance;
};

export type PollerOptions = {
	/** Polls in flight at once, all sources together (default 32: polls wait on the network, not the CPU). */
	readonly concurrency?: number;
	/** Longest wait between retries of a failing source, seconds. */
	readonly maxBackoff?: number;
	/** Called after every finished poll (alerts are evaluated here). */
	readonly onPolled?: (sourceId: string) => void;
	readonly now?: () => number;
};

type SourceState = {
	readonly source: PolledSource;
	timer: NodeJS.Timeout | undefined;
	inFlight: Promise<void> | undefined;
	failures: number;
	/** A poll was asked for while one was in flight: run again when it ends. */
	isRepollWanted: boolean;
};

export class Poller {
	readonly #store: Store;
	readonly #states = new Map<string, SourceState>();
	readonly #concurrency: number;
	readonly #maxBackoffMs: number;
	readonly #onPolled: ((sourceId: string) => void) | undefined;
	readonly #now: () => number;
	#running = 0;
	readonly #queue: (() => void)[] = [];
	#isStarted = false;

	constructor(store: Store, sources: readonly PolledSource[], options: PollerOptions = {}) {
		this.#store = store;
		this.#concurrency = options.concurrency ?? 32;
		this.#maxBackoffMs = (options.maxBackoff ?? 60) * 1000;
		this.#onPolled = options.onPolled;
		this.#now = options.now ?? Date.now;
		for (const source of sources) this.#states.set(source.id, {source, timer: undefined, inFlight: undefined, failures: 0, isRepollWanted: false});
	}

	/** Polls every source now, then each on its own schedule. */
	start(): void {
		this.#isStarted = true;
		for (const state of this.#states.values()) void this.#run(state);
	}

	stop(): void {
		this.#isStarted = false;
		for (const state of this.#states.values()) {
			clearTimeout(state.timer);
			state.timer = undefined;
		}
	}

	/** One round over every source, each bounded by its timeout (the `--json` commands). */
	async pollOnce(): Promise<void> {
		await Promise.all([...this.#states.values()].map(async state => this.#run(state)));
	}

	/** Polls one source as soon as possible (after an action); coalesces with a poll in flight. */
	pollNow(sourceId: string): void {
		const state = this.#states.get(sourceId);
		if (!state) return;
		if (state.inFlight) {
			state.isRepollWanted = true;
			return;
		}
		clearTimeout(state.timer);
		void this.#run(state);
	}

	isInFlight(sourceId: string): boolean {
		return this.#states.get(sourceId)?.inFlight !== undefined;
	}

	async #run(state: SourceState): Promise<void> {
		if (state.inFlight) return state.inFlight; // single flight
		const done = this.#pollWithSlot(state).finally(() => {
			state.inFlight = undefined;
			if (state.isRepollWanted) {
				state.isRepollWanted = false;
				void this.#run(state);
			} else {
				this.#schedule(state);
			}
		});
		state.inFlight = done;
		return done;
	}

	#schedule(state: SourceState): void {
		if (!this.#isStarted) return;
		clearTimeout(state.timer);
		const base = state.source.interval * 1000;
		const delay = state.failures === 0 ? base : Math.min(base * 2 ** (state.failures - 1), Math.max(base, this.#maxBackoffMs));
		state.timer = setTimeout(() => void this.#run(state), delay);
		state.timer.unref?.();
	}

	async #pollWithSlot(state: SourceState): Promise<void> {
		await this.#acquire();
		try {
			await this.#pollOne(state);
		} finally {
			this.#release();
		}
	}

	async #pollOne(state: SourceState): Promise<void> {
		const {source} = state;
		const timeoutMs = source.timeout * 1000;
		const controller = new AbortController();
		// One poll's signal is handed to every I/O call of that poll (dozens for a cluster).
		setMaxListeners(256, controller.signal);
		const started = performance.now();
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				const error = new TimeoutError({source: source.id, operation: 'poll'}, timeoutMs);
				controller.abort(error);
				reject(error);
			}, timeoutMs);
		});
		try {
			// The race bounds the poll even when a plugin ignores its signal.
			const result = await Promise.race([source.instance.poll(controller.signal), timedOut]);
			state.failures = 0;
			// The edge where device text becomes entities: every string of every draft is sanitised here.
			const clean: PollResult = sanitizeDeep(result);
			this.#store.apply(snapshot => applyPoll(snapshot, source.id, clean, this.#now(), performance.now() - started));
		} catch (error) {
			state.failures++;
			const message = sanitizeText(describeError(error, {source: source.id, operation: 'poll'}));
			const name = error instanceof Error ? error.name : null;
			this.#store.apply(snapshot => applyFailure(snapshot, source.id, message, name, this.#now()));
		} finally {
			clearTimeout(timer);
			if (!controller.signal.aborted) controller.abort();
		}
		this.#onPolled?.(source.id);
	}

	async #acquire(): Promise<void> {
		if (this.#running < this.#concurrency) {
			this.#running++;
			return;
		}
		await new Promise<void>(resolve => this.#queue.push(resolve));
	}

	#release(): void {
		const next = this.#queue.shift();
		if (next) next();
		else this.#running--;
	}
}

// The poller: per source an interval, a timeout (an AbortSignal handed to every I/O call),
// single flight (a tick is skipped while a poll is in flight), capped exponential backoff while
// failing, and a global concurrency cap. A failing or hanging source changes only its own health.
import {setMaxListeners} from 'node:events';
import {describeError, TimeoutError} from './errors.js';
import type {PluginInstance} from './plugin-api.js';
import {checkEntityCaps, defaultCaps} from './caps.js';
import type {SourceCaps} from './caps.js';
import {sanitizeText} from './sanitize.js';
import {cleanPollResult} from './poll-clean.js';
import {kindModule} from './kinds/index.js';
import {applyFailure, isPreparedCurrent, pollUpdate, preparePoll, type RemovedEntity, type Store} from './store.js';
import type {TimelineEvent} from './timeline.js';
import {formatDuration} from './format.js';

/** Removals recorded one event each per poll; beyond this, one event counts the rest. */
export const removedEventsPerPoll = 20;

export type PolledSource = {
	readonly id: string;
	/** Seconds. */
	readonly interval: number;
	/** Seconds. */
	readonly timeout: number;
	readonly instance: PluginInstance;
	/** Seconds an entity may go unseen in partial polls before it is dropped (default: never). */
	readonly expireAfter?: number;
	/** Bounds on one poll's result (default: defaultCaps). */
	readonly caps?: SourceCaps;
};

export type PollerOptions = {
	/** Polls in flight at once, all sources together (default 32: polls wait on the network, not the CPU). */
	readonly concurrency?: number;
	/** Longest wait between retries of a failing source, seconds. */
	readonly maxBackoff?: number;
	/** Called after every finished poll (alerts are evaluated here). */
	readonly onPolled?: (sourceId: string) => void;
	/** Timeline events: a source going down or coming back, entities dropped. */
	readonly onEvent?: (event: TimelineEvent) => void;
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
	readonly #onEvent: ((event: TimelineEvent) => void) | undefined;
	readonly #now: () => number;
	#running = 0;
	readonly #queue: (() => void)[] = [];
	#isStarted = false;

	constructor(store: Store, sources: readonly PolledSource[], options: PollerOptions = {}) {
		this.#store = store;
		this.#concurrency = options.concurrency ?? 32;
		this.#maxBackoffMs = (options.maxBackoff ?? 60) * 1000;
		this.#onPolled = options.onPolled;
		this.#onEvent = options.onEvent;
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

	/** One more round over these sources only (a one-shot taking a second CPU sample). */
	async pollSources(sourceIds: readonly string[]): Promise<void> {
		await Promise.all(sourceIds.map(async id => {
			const state = this.#states.get(id);
			if (state) await this.#run(state);
		}));
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
		// The sources pane shows when each source is polled next, and its backoff while failing.
		const nextPollAt = this.#now() + delay;
		const backoffSec = state.failures === 0 ? 0 : delay / 1000;
		this.#store.apply(snapshot => {
			const health = snapshot.sources[state.source.id];
			return health ? {...snapshot, sources: {...snapshot.sources, [health.id]: {...health, nextPollAt, backoffSec}}} : snapshot;
		});
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
			await Promise.race([checkEntityCaps(source.id, source.caps ?? defaultCaps, result.entities, controller.signal), timedOut]);
			state.failures = 0;
			// The edge where device text becomes entities: every string of every draft is sanitised
			// here, then every number outside its kind's plausible range becomes null (one note per poll).
			const {clean, note} = await Promise.race([cleanPollResult(result, kind => kindModule(kind)?.ranges, controller.signal), timedOut]);
			const now = this.#now();
			const expireAfterMs = source.expireAfter === undefined ? undefined : source.expireAfter * 1000;
			// The update is made in slices first (src/poll-link.ts); the store update only links it.
			// Another writer may have changed this source's part meanwhile (a config reload): then once more.
			let prepared = await Promise.race([preparePoll(this.#store.getSnapshot(), source.id, clean, now, {expireAfterMs, signal: controller.signal}), timedOut]);
			if (prepared.link && !isPreparedCurrent(this.#store.getSnapshot(), prepared)) prepared = await Promise.race([preparePoll(this.#store.getSnapshot(), source.id, clean, now, {expireAfterMs, signal: controller.signal}), timedOut]);
			const before = this.#store.getSnapshot().sources[source.id];
			let removed: readonly RemovedEntity[] = [];
			this.#store.apply(snapshot => {
				const update = pollUpdate(snapshot, source.id, clean, now, performance.now() - started, {prepared, note, expireAfterMs});
				removed = update.removed;
				return update.snapshot;
			});
			if (before?.status === 'down') this.#recordUp(source.id, before.downSince, now);
			this.#recordRemoved(source.id, removed, now);
		} catch (error) {
			state.failures++;
			const message = sanitizeText(describeError(error, {source: source.id, operation: 'poll'}));
			const name = error instanceof Error ? error.name : null;
			const before = this.#store.getSnapshot().sources[source.id]?.status;
			const now = this.#now();
			this.#store.apply(snapshot => applyFailure(snapshot, source.id, message, name, now));
			if (before !== 'down' && before !== 'disabled' && before !== undefined) this.#onEvent?.({at: now, type: 'source.down', source: source.id, message, details: {errorName: name}});
		} finally {
			clearTimeout(timer);
			if (!controller.signal.aborted) controller.abort();
		}
		this.#onPolled?.(source.id);
	}

	#recordUp(sourceId: string, downSince: number | null, now: number): void {
		const health = this.#store.getSnapshot().sources[sourceId];
		const after = downSince === null ? '' : ` after ${formatDuration((now - downSince) / 1000)} down`;
		const partial = health?.status === 'degraded' ? ` (partial: ${health.lastError ?? ''})` : '';
		this.#onEvent?.({at: now, type: 'source.up', source: sourceId, message: `${sourceId}: answering again${after}${partial}`, details: {downSince}});
	}

	#recordRemoved(sourceId: string, removed: readonly RemovedEntity[], now: number): void {
		if (!this.#onEvent || removed.length === 0) return;
		const why = (entity: RemovedEntity) => (entity.reason === 'absent' ? 'no longer reported' : `unseen since ${new Date(entity.seenAt).toISOString()}`);
		for (const entity of removed.slice(0, removedEventsPerPoll)) {
			this.#onEvent({at: now, type: 'entity.removed', source: sourceId, entity: entity.id, message: `${entity.name ?? entity.id} removed: ${why(entity)}`, details: {reason: entity.reason}});
		}
		const rest = removed.length - removedEventsPerPoll;
		if (rest > 0) this.#onEvent({at: now, type: 'entity.removed', source: sourceId, message: `${sourceId}: ${rest} more entities removed (${removed.length} in all this poll)`, details: {count: rest, total: removed.length}});
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

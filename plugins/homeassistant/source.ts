// One Home Assistant source: the REST client, the live WebSocket and a cache of entities between
// them. While the socket is live a poll answers from the cache (events keep it current, a full
// `/api/states` read every `refreshEvery` polls corrects any missed event); while it is down a
// poll reads `/api/states` and reports the source degraded with the age of the drop. When REST
// fails too the poll throws, so the poller marks the source down and its entities stale: never blank.
import type {EntityDraft} from '../../src/entities.js';
import {formatAge} from '../../src/format.js';
import type {PluginDeps, PollResult} from '../../src/plugin-api.js';
import {HaClient, type HaConnection} from './client.js';
import {HaLive} from './live.js';
import {isShown, toEntity, type HaOptions, type HaState} from './parse.js';

export type HaSourceOptions = {
	readonly connection: HaConnection;
	readonly hub: string | undefined;
	readonly parse: Omit<HaOptions, 'hub'>;
	readonly isLive: boolean;
	/** Full REST read every this many polls while live. */
	readonly refreshEvery?: number;
	/** Least time between two poll requests caused by events, ms. */
	readonly eventPollGapMs?: number;
	readonly minBackoffMs?: number;
};

type Draft = Extract<EntityDraft, {kind: 'automation'}>;

export class HaSource {
	readonly client: HaClient;
	readonly #options: HaSourceOptions;
	readonly #deps: Pick<PluginDeps, 'requestPoll'>;
	readonly #cache = new Map<string, Draft>();
	#live: HaLive | undefined;
	#hub: string | undefined;
	#isLoaded = false;
	#pollsSinceRefresh = 0;
	#pollTimer: NodeJS.Timeout | undefined;

	constructor(options: HaSourceOptions, deps: Pick<PluginDeps, 'requestPoll'>) {
		this.#options = options;
		this.#deps = deps;
		this.client = new HaClient(options.connection);
		this.#hub = options.hub;
	}

	get parseOptions(): HaOptions {
		return {...this.#options.parse, hub: this.#hub ?? this.#options.connection.source};
	}

	get liveStatus() {
		return this.#live?.status;
	}

	#update(state: HaState): void {
		const options = this.parseOptions;
		if (!isShown(state, options)) return;
		const previous = this.#cache.get(state.entityId);
		this.#cache.set(state.entityId, toEntity(state, options, previous?.recentRuns ?? []));
	}

	#onEvent = (state: HaState): void => {
		if (!this.#isLoaded) return;
		this.#update(state);
		if (this.#pollTimer) return;
		this.#pollTimer = setTimeout(() => {
			this.#pollTimer = undefined;
			this.#deps.requestPoll();
		}, this.#options.eventPollGapMs ?? 1000);
		this.#pollTimer.unref();
	};

	async poll(signal: AbortSignal): Promise<PollResult> {
		if (this.#hub === undefined) {
			const config = await this.client.config(signal);
			this.#hub = config.locationName ?? this.#options.connection.source;
		}
		if (this.#options.isLive && !this.#live) {
			this.#live = new HaLive({connection: this.#options.connection, onState: this.#onEvent, onStatus: () => {}, minBackoffMs: this.#options.minBackoffMs});
		}
		const status = this.#live?.status;
		const isLive = status?.isLive === true;
		if (!isLive || !this.#isLoaded || ++this.#pollsSinceRefresh >= (this.#options.refreshEvery ?? 30)) {
			const states = await this.client.states(signal);
			const seen = new Set<string>();
			for (const state of states) {
				this.#update(state);
				seen.add(state.entityId);
			}
			for (const id of this.#cache.keys()) if (!seen.has(id)) this.#cache.delete(id);
			this.#isLoaded = true;
			this.#pollsSinceRefresh = 0;
		}
		const entities = [...this.#cache.values()];
		if (status && !isLive && (status.downSince !== null || status.lastError !== null)) {
			const since = status.downSince;
			const age = since ? `down for ${formatAge(since, Date.now())}` : 'not connected';
			return {entities, partial: `live updates ${age}${status.lastError ? ` (${status.lastError})` : ''}; polling /api/states`};
		}
		return {entities};
	}

	async close(): Promise<void> {
		clearTimeout(this.#pollTimer);
		this.#live?.close();
		await this.client.close();
	}
}

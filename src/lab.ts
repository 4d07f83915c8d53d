// Assembles a running lab from a loaded config: plugin instances (in `via` order), the store
// (restored from the last-known state), the poller, the alert engine and the action layer. The
// console and every CLI command use this one path.
import {AlertEngine} from './alerts.js';
import {kindRules} from './kind-rules.js';
import {ActionLayer, type RemoteExecute} from './actions.js';
import {openAuditLog} from './audit.js';
import type {LoadedConfig, ResolvedSource} from './config.js';
import {ConfigError, describeError} from './errors.js';
import {localTransport} from './local-transport.js';
import type {ActionDef, AlertRule, CommandTransport, PluginDefinition, PluginInstance, SourceConfig} from './plugin-api.js';
import {deferredInstance} from './deferred-instance.js';
import {Poller} from './poller.js';
import {PlannedChanges} from './planned-changes.js';
import {setTriage, TriageEngine, triageEvents} from './triage.js';
import {emptySnapshot, setSources, Store, withEntities, type Snapshot, type SourceHealth} from './store.js';
import {loadState, saveState, saveStateInSlices, stateFilePath} from './state-file.js';
import {Timeline, timelinePath, type TimelineEvent} from './timeline.js';
import {actionEvent, mirrorTimeline} from './timeline-events.js';
import {capTransitions, detectTransitions, transitionSteps, transitionWork} from './transitions.js';
import {runSteps} from './slices.js';
import type {AuditLog} from './audit.js';

/** Entities compared at once after a poll; a larger comparison runs in slices. */
const slicedTransitionsFrom = 20_000;
/** When the state file is written after a poll: a source's status changed, or only values moved. */
const saveSoonMs = 5000;
const saveLaterMs = 30_000;

export type LabOptions = {
	readonly config: LoadedConfig;
	readonly globalActions?: readonly ActionDef[];
	readonly isReadonly?: boolean;
	readonly stateDir: string;
	/** Load the last-known state (the console); the one-shot commands poll fresh instead. */
	readonly shouldRestore?: boolean;
	/** Persist the snapshot (throttled) while running and at close. */
	readonly shouldPersist?: boolean;
	readonly onWarning?: (message: string) => void;
	/**
	 * Every registered plugin: a plugin's own rules run over every entity of their kind, whichever
	 * plugin reported it. The kinds' default rules (a UPS on battery, over SNMP or through NUT)
	 * come from the kind modules (src/kinds/), not from a plugin. Defaults to the plugins of the
	 * configured sources.
	 */
	readonly plugins?: readonly PluginDefinition[];
	/** Plugin types reporting each kind (the registry's), for the panes' "nothing configured" lines. */
	readonly providers?: Snapshot['providers'];
	/** A store already on screen (the console's first frame); its snapshot is brought in line with the config. */
	readonly store?: Store;
	/**
	 * A one-shot query: transitions and alerts are worked out once, by `evaluateAlerts()` after the
	 * poll round, not after each source's poll (work the answer never sees).
	 */
	readonly isOneShot?: boolean;
	/** Attached to `labdeck serve`: no poller, no alert evaluation, no state file here; actions run there. */
	readonly attached?: {readonly execute: RemoteExecute};
};

export type Lab = {
	readonly store: Store;
	readonly poller: Poller;
	readonly actions: ActionLayer;
	readonly config: LoadedConfig;
	/** The lab's event log (source down/up, entities dropped; the triage work adds more). */
	readonly timeline: Timeline;
	/** Evaluates the alert rules now (also done after every poll). */
	evaluateAlerts(): void;
	close(): Promise<void>;
};

export function openLab(options: LabOptions): Lab {
	const {config} = options;
	const warnings: string[] = [...config.errors, ...config.warnings];
	const instances = new Map<string, PluginInstance>();
	const actionsBySource = new Map<string, readonly ActionDef[]>();
	const disabled = new Map<string, string>();
	for (const source of orderByVia(config.sources)) {
		if (!source.config || !source.plugin) {
			disabled.set(source.id, source.disabledReason ?? `source "${source.id}": disabled`);
			continue;
		}
		try {
			const {plugin} = source;
			const create = (config: SourceConfig) => {
				// A field read from a command is known only now: the plugin's cross-field rules run here.
				const reason = source.secretCommands ? plugin.check?.(config) : undefined;
				if (reason !== undefined) throw new ConfigError({source: source.id, operation: 'config'}, reason);
				return plugin.create(config, {
				transport: id => instances.get(id)?.transport,
				localTransport: localTransport as CommandTransport,
				warn: message => options.onWarning?.(`${source.id}: ${message}`),
				requestPoll: () => poller.pollNow(source.id),
				isOneShot: options.isOneShot ?? false,
				});
			};
			// A secret read from a command: created at the first poll, so the command never holds up the others.
			const instance = source.secretCommands
				? deferredInstance(source.config, source.secretCommands, create, ready => actionsBySource.set(source.id, ready.actions ?? []))
				: create(source.config);
			instances.set(source.id, instance);
		} catch (error) {
			disabled.set(source.id, describeError(error, {source: source.id, operation: 'start'}));
		}
	}
	const health: SourceHealth[] = config.sources.map(source => ({
		id: source.id,
		type: source.type,
		name: source.name,
		status: disabled.has(source.id) ? 'disabled' : 'pending',
		interval: source.interval,
		lastSuccess: null,
		downSince: null,
		lastError: disabled.get(source.id) ?? null,
		errorName: disabled.has(source.id) ? 'ConfigError' : null,
		latencyMs: null,
		consecutiveFailures: 0,
	}));
	let initial = setSources(emptySnapshot(config.lab), health);
	const stateFile = stateFilePath(options.stateDir, config.path);
	if (options.shouldRestore) {
		const restored = loadState(stateFile, initial);
		initial = restored.snapshot;
		if (restored.warning) warnings.push(restored.warning);
	}
	if (config.path === null && !options.attached) warnings.push('No config: this machine only. Write a starter config with: labdeck init (README › Config)');
	initial = {...initial, notices: warnings, providers: options.providers ?? {}};
	const store = options.store ?? new Store(initial);
	if (options.store) {
		const keep = new Set(config.sources.map(source => source.id));
		// Attached, the service's snapshot is the truth (a remote console's own config may differ).
		store.apply(current => {
			if (options.attached) return {...current, notices: [...current.notices, ...warnings], providers: options.providers ?? current.providers};
			const synced = setSources(current, health);
			const entities = [...synced.entities.values()].filter(entity => keep.has(entity.source));
			return {...withEntities(synced, entities), lab: config.lab, notices: [...current.notices, ...warnings], providers: options.providers ?? current.providers};
		});
	}

	const rules = new Map<string, AlertRule>(kindRules.map(rule => [rule.id, rule]));
	const rulePlugins = options.plugins ?? config.sources.map(source => source.plugin).filter(plugin => plugin !== undefined);
	for (const plugin of rulePlugins) for (const rule of plugin.alertRules ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
	const triage = new TriageEngine(new AlertEngine([...rules.values()], config.topology), config.topology);
	// Planned changes (operators' actions, plan steps) from the audit log, this run's and before.
	const auditLog = openAuditLog(options.stateDir);
	const planned = new PlannedChanges();
	planned.load(auditLog.path);
	const audit = {
		path: auditLog.path,
		append(record: Parameters<typeof auditLog.append>[0]) {
			auditLog.append(record);
			planned.note({...record, time: new Date().toISOString()});
		},
	};
	let lastEvaluated = 0;
	let evaluateTimer: NodeJS.Timeout | undefined;
	const evaluateAlerts = options.attached ? () => {} : () => {
		if (options.isOneShot) recordTransitions();
		const now = Date.now();
		lastEvaluated = now;
		clearTimeout(evaluateTimer);
		evaluateTimer = undefined;
		let events: TimelineEvent[] = [];
		store.apply(snapshot => {
			const result = triage.evaluate(snapshot, now, id => planned.lookup(id, now));
			events = triageEvents(snapshot, result, now);
			return setTriage(snapshot, result);
		});
		for (const event of events) record(event);
	};

	// Polls end a few times a second; triage runs at most once a second after them (the console
	// draws at 1 Hz), the latest poll always included, except after a change of a source's status.
	const evaluateSoon = () => {
		if (evaluateTimer) return;
		const wait = lastEvaluated + 1000 - Date.now();
		if (wait <= 0) return evaluateAlerts();
		evaluateTimer = setTimeout(evaluateAlerts, wait);
		evaluateTimer.unref();
	};

	const timeline = new Timeline(timelinePath(options.stateDir, config.path));
	// Only a running lab (console, service) records: a one-shot's first poll is not news.
	const record = (event: TimelineEvent) => {
		if (!options.shouldPersist) return;
		try {
			timeline.append(event);
		} catch (error) {
			options.onWarning?.(`cannot write the timeline ${timeline.path}: ${error instanceof Error ? error.message : String(error)}`);
		}
	};
	// The pane's slice: the newest events of the log, then each one this process appends.
	const stopMirror = mirrorTimeline(timeline, store, options.onWarning);
	// Transitions (UPS to battery, outlet off, guest stopped…) between what the last poll left and this one.
	let lastSeen = store.getSnapshot();
	let transitionsDone: Promise<void> = Promise.resolve();
	let pendingTransitions = 0;
	const recordTransitions = () => {
		const [from, current, now] = [lastSeen, store.getSnapshot(), Date.now()];
		lastSeen = current;
		const recordAll = (events: readonly TimelineEvent[]) => {
			for (const event of capTransitions(events)) record(event);
		};
		// A large lab's comparison (100,000 guests) runs in slices, one comparison after the other;
		// a small one at once, unless a sliced one is still running (events stay in poll order).
		if (pendingTransitions === 0 && transitionWork(from, current) < slicedTransitionsFrom) return recordAll(detectTransitions(from, current, now));
		pendingTransitions++;
		transitionsDone = transitionsDone
			.then(async () => recordAll(await runSteps(transitionSteps(from, current, now))))
			.catch((error: unknown) => options.onWarning?.(`transitions: ${error instanceof Error ? error.message : String(error)}`))
			.finally(() => pendingTransitions--);
	};
	let saveTimer: NodeJS.Timeout | undefined;
	let saveDueAt = Number.POSITIVE_INFINITY;
	/**
	 * The state file is written 30 s after polls that only moved values and 5 s after one that
	 * changed a source's status (the last-known state an outage leaves is on disk at once), and at
	 * close: writing (and fsyncing) the whole snapshot every 5 s cost the idle console CPU and a
	 * small jump host's SD card its writes, for values a restart shows as stale anyway.
	 */
	const saveWithin = (delayMs: number) => {
		const dueAt = Date.now() + delayMs;
		if (saveTimer && saveDueAt <= dueAt) return;
		clearTimeout(saveTimer);
		saveDueAt = dueAt;
		saveTimer = setTimeout(() => {
			saveTimer = undefined;
			saveDueAt = Number.POSITIVE_INFINITY;
			persistInSlices();
		}, delayMs);
		saveTimer.unref();
	};
	/** The periodic save in flight (made in slices, written without blocking), awaited before the last save at close. */
	let saving: Promise<void> | undefined;
	/** A save asked for while one was in flight: made once that one is done (it wrote an older snapshot). */
	let isSaveQueued = false;
	let isClosing = false;
	const persistInSlices = () => {
		if (saving) {
			isSaveQueued = true;
			return;
		}
		saving = saveStateInSlices(stateFile, store.getSnapshot())
			.then(saved => {
				if (saved.notice) options.onWarning?.(saved.notice);
			})
			.catch((error: unknown) => options.onWarning?.(`cannot save state to ${stateFile}: ${error instanceof Error ? error.message : String(error)}`))
			.finally(() => {
				saving = undefined;
				// At close the last save is made by close() itself.
				if (isSaveQueued && !isClosing) {
					isSaveQueued = false;
					persistInSlices();
				}
			});
	};
	const persist = () => {
		try {
			const saved = saveState(stateFile, store.getSnapshot());
			if (saved.notice) options.onWarning?.(saved.notice);
		} catch (error) {
			options.onWarning?.(`cannot save state to ${stateFile}: ${error instanceof Error ? error.message : String(error)}`);
		}
	};
	const poller = new Poller(
		store,
		config.sources.filter(source => instances.has(source.id) && !options.attached).map(source => ({id: source.id, interval: source.interval, timeout: source.timeout, expireAfter: source.expireAfter, caps: source.caps, instance: instances.get(source.id)!})),
		{
			onEvent: record,
			onPolled: sourceId => {
				if (options.isOneShot) return;
				const before = lastSeen.sources[sourceId]?.status;
				recordTransitions();
				// A source that went down or came back is triaged at once; a poll that only moved values waits.
				const isStatusChange = store.getSnapshot().sources[sourceId]?.status !== before;
				if (isStatusChange) evaluateAlerts();
				else evaluateSoon();
				if (options.shouldPersist && !options.attached) saveWithin(isStatusChange ? saveSoonMs : saveLaterMs);
			},
		},
	);
	for (const [id, instance] of instances) actionsBySource.set(id, instance.actions ?? []);
	const actions = new ActionLayer({
		store,
		actionsBySource,
		globalActions: options.globalActions ?? [],
		topology: config.topology,
		audit: auditInto(audit, event => {
			// Actions are news whoever ran them (a one-shot `labdeck act` too), so they are always recorded.
			try {
				timeline.append(actionEvent(event, Date.now(), store.getSnapshot()));
			} catch (error) {
				options.onWarning?.(`cannot write the timeline ${timeline.path}: ${error instanceof Error ? error.message : String(error)}`);
			}
		}),
		isReadonly: options.isReadonly ?? false,
		requestPoll: id => poller.pollNow(id),
		...(options.attached ? {executeRemotely: options.attached.execute} : {}),
	});
	return {
		store,
		poller,
		actions,
		config,
		timeline,
		evaluateAlerts,
		async close() {
			poller.stop();
			clearTimeout(evaluateTimer);
			stopMirror();
			clearTimeout(saveTimer);
			isClosing = true;
			await transitionsDone;
			await saving;
			if (options.shouldPersist && !options.attached) persist();
			await Promise.allSettled([...instances.values()].map(async instance => instance.close?.()));
		},
	};
}

/** The audit log, also telling `onRecord` of each record (the timeline's action events). */
function auditInto(audit: AuditLog, onRecord: (record: Parameters<AuditLog['append']>[0]) => void): AuditLog {
	return {
		path: audit.path,
		append(record) {
			audit.append(record);
			onRecord(record);
		},
	};
}

/** Sources that others name (the plugin's `sourceRefs`: `via`, `jump`) are created first. */
function orderByVia(sources: readonly ResolvedSource[]): ResolvedSource[] {
	const byId = new Map(sources.map(source => [source.id, source]));
	const ordered: ResolvedSource[] = [];
	const visiting = new Set<string>();
	const visit = (source: ResolvedSource) => {
		if (ordered.includes(source) || visiting.has(source.id)) return;
		visiting.add(source.id);
		for (const key of source.plugin?.sourceRefs ?? []) {
			const dependency = source.config?.[key];
			if (typeof dependency === 'string' && byId.has(dependency)) visit(byId.get(dependency)!);
		}
		ordered.push(source);
	};
	for (const source of sources) visit(source);
	return ordered;
}

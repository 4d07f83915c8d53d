// The full-screen console. Lean start: the first frame is drawn from the raw config file and the
// last-known state before any plugin is loaded; then the plugins, the config validation and the
// poller come up behind it and the frame fills in. The alternate screen is entered once and left
// exactly once (on quit, Ctrl-C, SIGTERM and on a crash, where the error is printed after
// leaving so that it is not lost). A hangup (SIGHUP, EIO/EPIPE on the terminal, stdin closed: an
// SSH drop, a killed tmux session) ends it quietly: nothing more is written to the dead terminal,
// the state is saved, sockets closed, exit status 129.
import {closeSync, existsSync, fstatSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {readConfig} from '../../src/config-text.js';
import {parseKeys, parseTopology} from '../../src/config-topology.js';
import type {Lab} from '../../src/lab.js';
import {defaultConfigPath, stateDir} from '../../src/paths.js';
import {loadState, stateFilePath} from '../../src/state-file.js';
import {emptySnapshot, providersOf, setSources, Store, type SourceHealth} from '../../src/store.js';
import {frameStore} from '../../src/frame-store.js';
import {Timeline, timelinePath} from '../../src/timeline.js';
import {recentEvents} from '../../src/timeline-events.js';
import {openSettings, paneViewSaver, readSettings, settingsFile, type SettingsStore} from '../../src/settings.js';
import type {Topology} from '../../src/topology.js';
import {tryAttach} from '../serve/try-attach.js';
import {DeferredActions} from './deferred-actions.js';
import {exitCodes, type Composition, type ExitCode, type GlobalOptions, type Io} from './io.js';
import {keepHeapSmall} from './heap.js';
import {withoutFetch} from './without-fetch.js';

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

/** What the first frame needs, read from the raw file without plugins: lab, sources, topology. */
type Sketch = {readonly file: string | null; readonly lab: string; readonly sources: readonly SourceHealth[]; readonly topology: Topology; readonly keys: Readonly<Record<string, readonly string[]>>};

async function sketchConfig(options: GlobalOptions, env: NodeJS.ProcessEnv): Promise<Sketch> {
	const file = options.config ? path.resolve(options.config) : defaultConfigPath(env);
	const fallback: Sketch = {file: existsSync(file) ? file : null, lab: hostname(), sources: [], topology: {racks: [], devices: []}, keys: {}};
	if (!fallback.file) return fallback;
	try {
		const raw = await readConfig(file);
		const blocks = Array.isArray(raw.sources) ? (raw.sources as Record<string, unknown>[]) : [];
		const sources = blocks.filter(block => typeof block?.id === 'string' && typeof block.type === 'string').map((block): SourceHealth => ({
			id: block.id as string,
			type: block.type as string,
			name: typeof block.name === 'string' ? block.name : (block.id as string),
			status: 'pending',
			interval: typeof block.interval === 'number' ? block.interval : 10,
			lastSuccess: null,
			downSince: null,
			lastError: null,
			errorName: null,
			latencyMs: null,
			consecutiveFailures: 0,
		}));
		return {file, lab: typeof raw.lab === 'string' && raw.lab ? raw.lab : fallback.lab, sources, topology: parseTopology(raw, file, []), keys: parseKeys(raw.keys, file, [])};
	} catch {
		return fallback; // The full load below reports what is wrong with the file.
	}
}

/** Runs the console until it is quit, a signal ends it, or it crashes; resolves with the exit status (bin/ exits with it). */
export async function runConsole(options: GlobalOptions, loadComposition: () => Promise<Composition>, io: Io): Promise<ExitCode> {
	keepHeapSmall();
	if (!process.stdout.isTTY) {
		io.err('labdeck: the console needs a terminal on stdout; for scripts use a query command with --json (e.g. "labdeck status --json")\n');
		return exitCodes.usage;
	}
	// Colour: NO_COLOR is ignored by Ink's colour stack; FORCE_COLOR=0 before chalk loads works.
	if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
	// With CI set, Ink draws nothing until exit. A terminal on stdout means a person is watching,
	// so the console draws anyway.
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
	const sketch = await sketchConfig(options, io.env);
	const base = setSources(emptySnapshot(sketch.lab), sketch.sources);
	const store = new Store(base);
	// A running `labdeck serve` for this config: its live snapshot is the first frame. Asked first
	// (the hello is written before the Ink stack starts loading, and its answer waits in the
	// socket), and the last-known state is read only when no service answers.
	const attaching: Promise<Serving & {readonly notice?: string}> = options.serve === false ? Promise.resolve({}) : tryAttach({configPath: sketch.file, store, env: io.env, role: 'console', attach: options.attach, attachFingerprint: options.attachFingerprint});
	const ui = withoutFetch(async () => Promise.all([import('ink'), import('react'), import('../../views/App.js'), import('../../views/clock.js'), import('../../src/keys.js'), import('../../views/ink-options.js'), import('../../plugins/registry.js'), import('../../views/panes.js')]));
	let serving: Serving & {readonly notice?: string};
	try {
		serving = await attaching;
	} catch (error) {
		// `--attach` to a service that cannot be used (unreachable, token or certificate refused).
		void ui.catch(() => {});
		io.err(`labdeck: ${error instanceof Error ? error.message : String(error)}\n`);
		return exitCodes.error;
	}
	const restored = serving.attached ? {snapshot: base, warning: undefined} : loadState(stateFilePath(stateDir(io.env), sketch.file), base);
	if (!serving.attached) store.apply(() => restored.snapshot);
	if (serving.notice) store.apply(snapshot => ({...snapshot, notices: [...snapshot.notices, serving.notice!]}));
	// The timeline is on the first frame too: what happened before this console started (an
	// attached console has the service's).
	if (store.getSnapshot().timeline === undefined) store.apply(snapshot => ({...snapshot, timeline: recentEvents(new Timeline(timelinePath(stateDir(io.env), sketch.file)))}));
	const actions = new DeferredActions(options.readonly ?? false);
	const [{render}, reactModule, {App}, {systemClock}, {keyProblems}, {inkRenderOptions}, {plugins}, {paneKeys}] = await ui;
	// Remembered settings: one plain read for the first frame; conf (≈ 100 ms+) loads behind it.
	const settingsPath = settingsFile(io.env);
	const remembered = readSettings(settingsPath);
	const rememberedPane = paneKeys.find(key => key === remembered.lastPane);
	const settings: Promise<SettingsStore> = new Promise(resolve => setImmediate(resolve)).then(async () => openSettings(settingsPath)).catch(() => ({get: () => ({}), setLastPane: () => {}, setPaneView: () => {}}));
	const paneViews = paneViewSaver(settings);
	store.apply(snapshot => ({...snapshot, providers: providersOf(plugins.kinds)}));
	const clock = systemClock();
	const framed = frameStore(store, clock);
	// React is CommonJS: its exports sit on `default` once bundled.
	const {createElement} = (reactModule as unknown as {default?: typeof reactModule}).default ?? reactModule;

	let hasLeft = false;
	const leave = () => {
		if (hasLeft) return;
		hasLeft = true;
		process.stdout.write(showCursor + leaveAltScreen);
	};
	let lab: Lab | undefined;
	let alertTimer: NodeJS.Timeout | undefined;
	let instance: ReturnType<typeof render> | undefined;
	let stopping: Promise<void> | undefined;
	const stop = async () => {
		stopping ??= (async () => {
			clearInterval(alertTimer);
			try {
				instance?.unmount();
			} catch {} // a dead terminal refuses raw mode and writes: nothing left to restore there
			leave();
			await paneViews.flush().catch(() => {});
			await lab?.close();
		})();
		return stopping;
	};
	let isHungUp = false;
	const onHangup = () => {
		if (isHungUp) return;
		isHungUp = true;
		hasLeft = true; // no screen to leave
		for (const stream of [process.stdout, process.stderr]) muteStream(stream);
		// The main flow unmounts, closes the lab, releases the dead terminal and resolves with
		// exitCodes.hangup; bin/ exits with it.
		endWith(exitCodes.hangup);
	};
	// A signal or a crash ends the console as quitting does: the promise below settles, the lab
	// closes, and runConsole resolves with the status that bin/ exits with.
	let endWith: (code: ExitCode) => void = () => {};
	const ended = new Promise<ExitCode>(resolve => {
		endWith = resolve;
	});
	const onSignal = (signal: NodeJS.Signals) => {
		if (signal === 'SIGHUP') return onHangup();
		endWith(exitCodes.terminated);
	};
	const onCrash = (error: unknown) => {
		if (isHangupError(error)) return onHangup();
		if (isHungUp) return; // late echoes of the hangup
		leave();
		io.err(`labdeck: crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		endWith(exitCodes.error);
	};
	const onStreamError = (error: unknown) => (isHangupError(error) ? onHangup() : onCrash(error));
	process.once('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	process.on('uncaughtException', onCrash);
	process.stdout.on('error', onStreamError);
	process.stdin.on('error', onStreamError);
	process.stdin.once('end', onHangup);
	process.stdout.write(enterAltScreen);
	try {
		instance = render(
			createElement(App, {
				store: framed,
				actions,
				topology: sketch.topology,
				keys: sketch.keys,
				clock,
				initialPane: rememberedPane ?? (sketch.topology.devices.length > 0 ? 'racks' : 'hosts'),
				onPaneChange: (pane: string) => void settings.then(store => store.setLastPane(pane)),
				paneViews: remembered.panes,
				onPaneView: paneViews.save,
				onQuit: () => instance?.unmount(),
				onRefresh: () => {
					for (const source of Object.keys(store.getSnapshot().sources)) lab?.poller.pollNow(source);
				},
			}),
			{...inkRenderOptions, exitOnCtrlC: false, patchConsole: true},
		);
		// Behind the first frame: plugins, full config validation, the poller.
		const booted = boot(options, loadComposition, io, store, actions, serving).then(started => {
			lab = started;
			const problems = [...keyProblems(started.config.keys), ...(restored.warning ? [restored.warning] : [])];
			if (problems.length > 0) store.apply(snapshot => ({...snapshot, notices: [...snapshot.notices, ...problems]}));
			alertTimer = setInterval(() => started.evaluateAlerts(), 5000);
			alertTimer.unref();
			started.poller.start();
		});
		const outcome = Promise.race([instance.waitUntilExit().then(() => exitCodes.ok), ended]);
		await Promise.race([outcome, booted]);
		const code = await outcome;
		await stop();
		if (isHungUp) releaseTerminal();
		return isHungUp ? exitCodes.hangup : code;
	} catch (error) {
		await stop();
		io.err(`labdeck: ${error instanceof Error && error.name === 'ConfigError' ? error.message : `the console failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`}\n`);
		return exitCodes.error;
	} finally {
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		process.off('uncaughtException', onCrash);
		process.stdout.off('error', onStreamError);
		process.stdin.off('error', onStreamError);
		process.stdin.off('end', onHangup);
	}
}

const hangupCodes = new Set(['EIO', 'EPIPE', 'ENXIO', 'EBADF', 'ECONNRESET', 'ERR_STREAM_DESTROYED']);

/** The terminal went away under a write or a read. */
function isHangupError(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return typeof code === 'string' && hangupCodes.has(code);
}

/**
 * Node restores the terminal's modes at exit (ResetStdio) and aborts on a native assertion when
 * the terminal is gone (tcsetattr fails with EIO): SIGABRT, status 134. It skips descriptors that
 * were closed, so after a hangup the terminal's descriptors are closed first.
 */
function releaseTerminal(): void {
	for (const fd of [0, 1, 2]) {
		try {
			if (fstatSync(fd).isCharacterDevice()) closeSync(fd);
		} catch {}
	}
}

/** After a hangup every write would fail again: writes are dropped (callbacks still called). */
function muteStream(stream: NodeJS.WriteStream): void {
	stream.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
		const done = typeof encoding === 'function' ? encoding : callback;
		if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
		return true;
	}) as typeof stream.write;
	stream.on('error', () => {});
}

type Serving = {readonly attached?: import('../serve/client.js').Attached};

async function boot(options: GlobalOptions, loadComposition: () => Promise<Composition>, io: Io, store: Store, actions: DeferredActions, serving: Serving): Promise<Lab> {
	const [composition, {loadFor}, {openLab}] = await Promise.all([loadComposition(), import('./context.js'), import('../../src/lab.js')]);
	const config = await loadFor(options, composition, io);
	const open = (extra: Pick<Parameters<typeof openLab>[0], 'attached'>) => openLab({config, store, providers: providersOf(composition.plugins.kinds), globalActions: composition.globalActions, isReadonly: options.readonly ?? false, stateDir: stateDir(io.env), shouldPersist: true, ...extra});
	const lab = serving.attached ? (await import('../../app/serve/attach-lab.js')).consoleLab(serving.attached, open, swapped => actions.attach(swapped.actions)) : open({});
	actions.attach(lab.actions);
	return lab;
}

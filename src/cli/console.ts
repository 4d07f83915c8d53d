// The full-screen console: alternate screen entered once and left exactly once (on quit, Ctrl-C,
// SIGTERM/SIGHUP and on a crash, where the error is printed after leaving so it is not lost),
// the last-known state shown at once, the poller started after the first frame.
import {openLab} from '../lab.js';
import {stateDir} from '../paths.js';
import {exitCodes, loadFor, type Composition, type ExitCode, type GlobalOptions, type Io} from './context.js';

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';

export async function runConsole(options: GlobalOptions, composition: Composition, io: Io): Promise<ExitCode> {
	if (!process.stdout.isTTY) {
		io.err('labdeck: the console needs a terminal on stdout; for scripts use a query command with --json (e.g. "labdeck status --json")\n');
		return exitCodes.usage;
	}
	// Colour: NO_COLOR is ignored by Ink's colour stack; FORCE_COLOR=0 before chalk loads works.
	if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') process.env.FORCE_COLOR = '0';
	// With CI set, Ink draws nothing until exit. A terminal on stdout means a person is watching,
	// so the console draws anyway (CI=true is what CI machines set, and tmux tests run under it).
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
	const ui = Promise.all([import('ink'), import('react'), import('../../views/App.js'), import('../../views/clock.js'), import('../keys.js')]);
	const config = await loadFor(options, composition, io);
	const lab = openLab({config, globalActions: composition.globalActions, isReadonly: options.readonly ?? false, stateDir: stateDir(io.env), shouldRestore: true, shouldPersist: true});
	const [{render}, reactModule, {App}, {systemClock}, {keyProblems}] = await ui;
	// React is CommonJS: its exports sit on `default` once bundled.
	const {createElement} = (reactModule as unknown as {default?: typeof reactModule}).default ?? reactModule;
	const problems = keyProblems(config.keys);
	if (problems.length > 0) lab.store.apply(snapshot => ({...snapshot, notices: [...snapshot.notices, ...problems]}));

	let hasLeft = false;
	const leave = () => {
		if (hasLeft) return;
		hasLeft = true;
		process.stdout.write(showCursor + leaveAltScreen);
	};
	process.stdout.write(enterAltScreen);
	const clock = systemClock();
	const alertTimer = setInterval(() => lab.evaluateAlerts(), 5000);
	alertTimer.unref();
	let instance: ReturnType<typeof render> | undefined;
	const stop = async (code: ExitCode) => {
		clearInterval(alertTimer);
		instance?.unmount();
		leave();
		await lab.close();
		return code;
	};
	const onSignal = (signal: NodeJS.Signals) => {
		void stop(exitCodes.ok).then(() => process.exit(signal === 'SIGTERM' ? 143 : 129));
	};
	process.once('SIGTERM', onSignal);
	process.once('SIGHUP', onSignal);
	const onCrash = (error: unknown) => {
		leave();
		io.err(`labdeck: crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(exitCodes.error);
	};
	process.once('uncaughtException', onCrash);
	try {
		instance = render(
			createElement(App, {
				store: lab.store,
				actions: lab.actions,
				topology: config.topology,
				keys: config.keys,
				clock,
				initialPane: config.topology.devices.length > 0 ? 'racks' : 'hosts',
				onQuit: () => instance?.unmount(),
				onRefresh: () => {
					for (const source of config.sources) lab.poller.pollNow(source.id);
				},
			}),
			{exitOnCtrlC: false, patchConsole: true},
		);
		setImmediate(() => lab.poller.start());
		await instance.waitUntilExit();
		return await stop(exitCodes.ok);
	} catch (error) {
		await stop(exitCodes.error);
		io.err(`labdeck: the console failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		return exitCodes.error;
	} finally {
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		process.off('uncaughtException', onCrash);
	}
}

// Renders the real App with ink-testing-library at a fixed size, with keys and a frame waiter.
import {Text} from 'ink';
import {afterEach, expect} from 'vitest';
import {render} from 'ink-testing-library';
import type {PaneView} from '../../src/settings.js';
import type {Store} from '../../src/store.js';
import type {Topology} from '../../src/topology.js';
import type {PaneKey} from '../panes.js';
import {App} from '../App.js';
import {manualClock} from '../clock.js';
import {FakeActionRunner} from './fake-actions.js';
import {labStore, t0, topology as labTopology} from './lab.js';

export const keys = {
	up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', enter: '\r', escape: '\u001B', tab: '\t', shiftTab: '\u001B[Z',
	pageUp: '\u001B[5~', pageDown: '\u001B[6~', home: '\u001B[H', end: '\u001B[F', backspace: '\u007F', space: ' ',
} as const;

export type HarnessOptions = {
	readonly width?: number;
	readonly height?: number;
	readonly store?: Store;
	readonly topology?: Topology;
	readonly pane?: PaneKey;
	readonly isReadonly?: boolean;
	readonly keyOverrides?: Record<string, readonly string[]>;
	readonly now?: number;
	/** Plan lines the fake action layer returns per action id (a string: refused with that reason). */
	readonly planLines?: FakeActionRunner['planLines'];
	/** Panes' remembered sort and filter, and the callback that receives changes (console settings). */
	readonly paneViews?: Readonly<Record<string, PaneView>>;
	readonly onPaneView?: (pane: PaneKey, view: PaneView) => void;
};

/** Polls `lastFrame()` until the predicate holds; throws with the last frame after `timeoutMs`. */
export async function waitForFrame(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 3000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = lastFrame() ?? '';
		if (predicate(frame)) return frame;
		if (Date.now() > deadline) throw new Error(`frame never matched within ${timeoutMs} ms; last frame:\n${frame}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/**
 * ink-testing-library's stdout is always 100 columns, and Ink squeezes what lies past it; a real
 * terminal is as wide as the app, so the harness's stdout reports the width of the app it renders.
 */
let harnessColumns = 100;
let isColumnsPatched = false;
function setTerminalWidth(columns: number): void {
	harnessColumns = columns;
	if (isColumnsPatched) return;
	const probe = render(<Text />);
	Object.defineProperty(Object.getPrototypeOf(probe.stdout), 'columns', {get: () => harnessColumns, configurable: true});
	probe.unmount();
	isColumnsPatched = true;
}

export function renderApp(options: HarnessOptions = {}) {
	setTerminalWidth(options.width ?? 80);
	const store = options.store ?? labStore();
	const actions = new FakeActionRunner(store, options.isReadonly ?? false);
	if (options.planLines) actions.planLines = options.planLines;
	const clock = manualClock(options.now ?? t0 + 1000);
	let quits = 0;
	let refreshes = 0;
	const instance = render(
		<App
			store={store}
			actions={actions}
			topology={options.topology ?? labTopology}
			width={options.width ?? 80}
			height={options.height ?? 24}
			clock={clock}
			initialPane={options.pane ?? 'hosts'}
			keys={options.keyOverrides}
			onQuit={() => quits++}
			onRefresh={() => refreshes++}
			paneViews={options.paneViews}
			onPaneView={options.onPaneView}
		/>,
	);
	const frame = () => instance.lastFrame() ?? '';
	return {
		...instance,
		store,
		actions,
		clock,
		frame,
		quits: () => quits,
		refreshes: () => refreshes,
		/** Writes keys one chunk at a time. */
		press(...sequence: string[]) {
			for (const key of sequence) instance.stdin.write(key);
		},
		waitFor: (predicate: (frame: string) => boolean | RegExp, timeoutMs?: number) =>
			waitForFrame(instance.lastFrame, current => {
				const result = predicate(current);
				return result instanceof RegExp ? result.test(current) : result;
			}, timeoutMs),
		waitForText: (text: string | RegExp, timeoutMs?: number) => waitForFrame(instance.lastFrame, current => (typeof text === 'string' ? current.includes(text) : text.test(current)), timeoutMs),
	};
}

/**
 * A test file's way to start the app: each app it starts is unmounted after its test. `defaults`
 * are the file's usual options (its pane, say).
 */
export function appStarter(defaults: HarnessOptions = {}): (options?: HarnessOptions) => ReturnType<typeof renderApp> {
	let cleanup: (() => void) | undefined;
	afterEach(() => {
		cleanup?.();
		cleanup = undefined;
	});
	return (options = {}) => {
		const app = renderApp({...defaults, ...options});
		cleanup = app.unmount;
		return app;
	};
}

/** Every line of a frame fits the terminal: at most width columns, and rows - 1 lines. */
export function expectFits(frame: string, width: number, height: number): void {
	const lines = frame.split('\n');
	expect(lines.length).toBeLessThanOrEqual(height - 1);
	for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
}

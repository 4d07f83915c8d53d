// What the console remembers between runs (the last pane; each pane's sort and filter), stored with `conf` in
// `<config dir>/console-settings.json`. conf costs ≈ 100–250 ms to import and construct
// unbundled (its ajv and atomic-write stack), so it stays off the first frame's path: the first
// frame reads the file with one readFileSync, and conf is loaded behind it to write changes.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {homedir} from 'node:os';

/** A pane's remembered view: its sort (a column id and direction) and its filter. */
export type PaneView = {
	readonly sort?: {readonly column: string; readonly isDescending: boolean};
	readonly filter?: string;
};

export type ConsoleSettings = {
	/** The pane shown when the console was last left. */
	readonly lastPane?: string;
	/** Pane key → its view. */
	readonly panes?: Readonly<Record<string, PaneView>>;
};

const paneKeyPattern = /^[a-z][a-z0-9.-]{0,63}$/;
// A filter is what a user typed: printable, bounded (no terminal control sequences come back).
const isFilter = (value: unknown): value is string => typeof value === 'string' && value.length <= 200 && !/[\u0000-\u001F\u007F-\u009F]/.test(value);

function sanitizeView(raw: unknown): PaneView | undefined {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
	const {sort, filter} = raw as Record<string, unknown>;
	const {column, isDescending} = (typeof sort === 'object' && sort !== null ? sort : {}) as Record<string, unknown>;
	const view: PaneView = {
		...(typeof column === 'string' && /^[A-Za-z0-9._-]{0,64}$/.test(column) && typeof isDescending === 'boolean' ? {sort: {column, isDescending}} : {}),
		...(isFilter(filter) && filter !== '' ? {filter} : {}),
	};
	return view.sort || view.filter ? view : undefined;
}

function sanitizePanes(raw: unknown): Record<string, PaneView> | undefined {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
	const panes: Record<string, PaneView> = {};
	for (const [key, value] of Object.entries(raw)) {
		const view = paneKeyPattern.test(key) ? sanitizeView(value) : undefined;
		if (view) panes[key] = view;
	}
	return Object.keys(panes).length > 0 ? panes : undefined;
}

/** `$XDG_CONFIG_HOME/labdeck/console-settings.json` (`~/.config/labdeck/`). */
export function settingsFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'labdeck', 'console-settings.json');
}

function sanitize(raw: unknown): ConsoleSettings {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
	const {lastPane, panes} = raw as Record<string, unknown>;
	const views = sanitizePanes(panes);
	return {...(typeof lastPane === 'string' && paneKeyPattern.test(lastPane) ? {lastPane} : {}), ...(views ? {panes: views} : {})};
}

/** The first frame's read: no conf, no schema; a missing or broken file is no settings. */
export function readSettings(file: string): ConsoleSettings {
	try {
		return sanitize(JSON.parse(readFileSync(file, 'utf8')));
	} catch {
		return {};
	}
}

export type SettingsStore = {
	readonly get: () => ConsoleSettings;
	readonly setLastPane: (pane: string) => void;
	/** Remembers a pane's view; an empty view forgets it. */
	readonly setPaneView: (pane: string, view: PaneView) => void;
};

const noSettings: SettingsStore = {get: () => ({}), setLastPane: () => {}, setPaneView: () => {}};

/** Opens the settings with conf (loaded here, lazily). */
export async function openSettings(file: string): Promise<SettingsStore> {
	const {default: Conf} = await import('conf');
	const options = {projectName: 'labdeck', projectSuffix: '', cwd: path.dirname(file), configName: path.basename(file, '.json'), configFileMode: 0o600, clearInvalidConfig: true};
	let conf: InstanceType<typeof Conf<Record<string, unknown>>>;
	try {
		// clearInvalidConfig: a file that is not JSON is replaced by defaults.
		conf = new Conf<Record<string, unknown>>(options);
	} catch {
		// Unreadable (permissions): settings are not worth a failed console; nothing is remembered.
		return noSettings;
	}
	return {
		get: () => sanitize(conf.store),
		setLastPane(pane) {
			if (conf.get('lastPane') !== pane) conf.set('lastPane', pane);
		},
		setPaneView(pane, view) {
			if (!paneKeyPattern.test(pane)) return;
			const panes = {...sanitizePanes(conf.get('panes'))};
			const clean = sanitizeView(view);
			if (JSON.stringify(panes[pane]) === JSON.stringify(clean)) return;
			if (clean) panes[pane] = clean;
			else delete panes[pane];
			conf.set('panes', panes);
		},
	};
}

/** Writes pane views behind a debounce (one write per burst of key presses); `flush` writes what is pending. */
export function paneViewSaver(settings: Promise<SettingsStore>, delayMs = 1000): {readonly save: (pane: string, view: PaneView) => void; readonly flush: () => Promise<void>} {
	const pending = new Map<string, PaneView>();
	let timer: NodeJS.Timeout | undefined;
	const flush = async () => {
		clearTimeout(timer);
		timer = undefined;
		if (pending.size === 0) return;
		const views = [...pending];
		pending.clear();
		const store = await settings;
		for (const [pane, view] of views) {
			try {
				store.setPaneView(pane, view);
			} catch {} // a settings file that cannot be written is not worth a failed console
		}
	};
	return {
		save(pane, view) {
			pending.set(pane, view);
			clearTimeout(timer);
			timer = setTimeout(() => void flush().catch(() => {}), delayMs);
			timer.unref();
		},
		flush,
	};
}

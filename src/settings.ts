// What the console remembers between runs (today: the last pane), stored with `conf` in
// `<config dir>/console-settings.json`. conf costs ≈ 100–250 ms to import and construct
// unbundled (its ajv and atomic-write stack), so it stays off the first frame's path: the first
// frame reads the file with one readFileSync, and conf is loaded behind it to write changes.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {homedir} from 'node:os';

export type ConsoleSettings = {
	/** The pane shown when the console was last left. */
	readonly lastPane?: string;
};

/** `$XDG_CONFIG_HOME/labdeck/console-settings.json` (`~/.config/labdeck/`). */
export function settingsFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'labdeck', 'console-settings.json');
}

function sanitize(raw: unknown): ConsoleSettings {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
	const {lastPane} = raw as Record<string, unknown>;
	return typeof lastPane === 'string' && /^[a-z][a-z0-9.-]{0,63}$/.test(lastPane) ? {lastPane} : {};
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
};

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
		return {get: () => ({}), setLastPane: () => {}};
	}
	return {
		get: () => sanitize(conf.store),
		setLastPane(pane) {
			if (conf.get('lastPane') !== pane) conf.set('lastPane', pane);
		},
	};
}

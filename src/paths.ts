// Where labdeck keeps its files. Config: `--config`, then $LABDECK_CONFIG, then
// $XDG_CONFIG_HOME/labdeck/config.yaml (config.json when only that exists). State (last-known snapshot, audit log):
// $LABDECK_STATE_DIR, then $XDG_STATE_HOME/labdeck, then ~/.local/state/labdeck.
import {homedir} from 'node:os';
import path from 'node:path';
import {configFileIn} from './config-text.js';

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
	if (env.LABDECK_CONFIG) return path.resolve(env.LABDECK_CONFIG);
	const base = env.XDG_CONFIG_HOME || path.join(homedir(), '.config');
	return configFileIn(path.join(base, 'labdeck'));
}

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.LABDECK_STATE_DIR) return path.resolve(env.LABDECK_STATE_DIR);
	const base = env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state');
	return path.join(base, 'labdeck');
}

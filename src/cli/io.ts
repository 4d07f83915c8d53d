// Exit codes, streams and the options every command shares: a module with no heavy imports, so
// the console's first frame does not wait for the config validator or the plugins.
import type {ActionDef, PluginCatalog} from '../plugin-api.js';

export const exitCodes = {ok: 0, error: 1, usage: 2, partial: 3, alerts: 4, confirmationRequired: 5} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export type GlobalOptions = {
	readonly config?: string | undefined;
	readonly readonly?: boolean | undefined;
	/** false (`--no-serve`): never attach to `labdeck serve`, poll by ourselves. */
	readonly serve?: boolean | undefined;
};

export type Composition = {
	readonly plugins: PluginCatalog;
	readonly globalActions: readonly ActionDef[];
};

/** Output streams, injectable for tests. */
export type Io = {
	readonly out: (text: string) => void;
	readonly err: (text: string) => void;
	readonly env: NodeJS.ProcessEnv;
	readonly isTty: boolean;
};

export const processIo: Io = {
	out: text => process.stdout.write(text),
	err: text => process.stderr.write(text),
	env: process.env,
	isTty: process.stdin.isTTY === true && process.stdout.isTTY === true,
};


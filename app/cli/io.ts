// Exit codes, streams and the options every command shares: a module with no heavy imports, so
// the console's first frame does not wait for the config validator or the plugins.
import type {ActionDef, PluginCatalog} from '../../src/plugin-api.js';
import {sanitizeOutput} from '../../src/sanitize.js';

/** `hangup`: the console's terminal went away (SIGHUP, EIO), 128 + SIGHUP as a shell reports it; `terminated`: SIGTERM. */
export const exitCodes = {ok: 0, error: 1, usage: 2, partial: 3, alerts: 4, confirmationRequired: 5, hangup: 129, terminated: 143} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export type GlobalOptions = {
	readonly config?: string | undefined;
	readonly readonly?: boolean | undefined;
	/** false (`--no-serve`): never attach to `labdeck serve`, poll by ourselves. */
	readonly serve?: boolean | undefined;
	/** `--attach HOST:PORT`: a `labdeck serve --listen` over TLS instead of the local socket ($LABDECK_ATTACH). */
	readonly attach?: string | undefined;
	/** `--attach-fingerprint`: the SHA-256 pin of that service's certificate ($LABDECK_ATTACH_FINGERPRINT). */
	readonly attachFingerprint?: string | undefined;
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

/** The process's streams; device text was sanitised where it entered, sanitizeOutput is the last net. */
export const processIo: Io = {
	out: text => process.stdout.write(sanitizeOutput(text)),
	err: text => process.stderr.write(sanitizeOutput(text)),
	env: process.env,
	isTty: process.stdin.isTTY === true && process.stdout.isTTY === true,
};


// Runs nvidia-smi on the machine a source names: through another source's transport (`via`) or
// the local one (execFile, no shell). Errors come back as this source's, whatever carried them.
import {DeviceReplyError, TimeoutError, UnreachableError, isLabdeckError} from '../../src/errors.js';
import type {CommandTransport, ExecResult, PluginDeps} from '../../src/plugin-api.js';
import type {SourceCaps} from '../../src/caps.js';
import {capExceeded, capsOf} from '../../src/caps.js';

export type NvidiaRunner = {
	/** The host name GPUs are reported under. */
	readonly host: string;
	/** Runs nvidia-smi with these arguments. */
	run(args: readonly string[], options: RunOptions): Promise<ExecResult>;
	/** Runs any command on the same machine (`kill`); `isAction` adds `sudo -n` when configured. */
	exec(argv: readonly string[], options: RunOptions): Promise<ExecResult>;
};

export type RunOptions = {signal: AbortSignal; timeoutMs: number; operation: string; isAction?: boolean};

/** First meaningful line of nvidia-smi's own complaint (it writes errors to stdout). */
export function firstLine(result: ExecResult): string {
	return `${result.stdout}\n${result.stderr}`.split('\n').map(line => line.trim()).find(line => line !== '') ?? `exit ${result.code}`;
}

/** The fields of an nvidia source the runner needs. */
export type RunnerConfig = {readonly id: string; readonly via?: string; readonly command?: string; readonly sudo?: boolean; readonly caps?: Partial<SourceCaps>};

export function nvidiaRunner(config: RunnerConfig, deps: PluginDeps): NvidiaRunner {
	const {via} = config;
	const command = config.command ?? 'nvidia-smi';
	const isSudo = config.sudo === true;
	const maxBuffer = capsOf(config).replyBytes;
	const transport = (): CommandTransport => {
		if (!via) return deps.localTransport;
		const found = deps.transport(via);
		if (!found) throw new UnreachableError({source: config.id, operation: 'nvidia-smi'}, `via "${via}": no such source with a transport`);
		return found;
	};
	return {
		get host() {
			try {
				return transport().host;
			} catch {
				return via ?? 'localhost';
			}
		},
		run(args, options) {
			return this.exec([command, ...args], options);
		},
		async exec(argv, {signal, timeoutMs, operation, isAction = false}) {
			const context = {source: config.id, operation};
			try {
				return await transport().exec([...(isAction && isSudo ? ['sudo', '-n'] : []), ...argv], {signal, timeoutMs, maxBuffer});
			} catch (error) {
				if (signal.aborted) throw error;
				throw rewrap(error, context, via, timeoutMs, maxBuffer);
			}
		},
	};
}

/** The transport's error as this source's, keeping its class (a down jump host stays "unreachable"). */
function rewrap(error: unknown, context: {source: string; operation: string}, via: string | undefined, timeoutMs: number, maxBuffer: number): Error {
	const detail = error instanceof Error ? error.message : String(error);
	const prefix = via ? `via ${via}: ` : '';
	if (isLabdeckError(error)) {
		switch (error.name) {
			case 'TimeoutError':
				return new TimeoutError(context, timeoutMs, {cause: error});
			case 'UnreachableError':
				return new UnreachableError(context, prefix + detail, {cause: error});
			case 'DeviceReplyError':
				return new DeviceReplyError(context, prefix + detail, {cause: error});
			default:
				return error;
		}
	}
	const errno = error as NodeJS.ErrnoException & {killed?: boolean};
	if (errno.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return capExceeded(context, 'replyBytes', maxBuffer, `${prefix}more output than that`);
	if (errno.code === 'ENOENT') return new UnreachableError(context, `${prefix}nvidia-smi not found (no NVIDIA driver installed?)`, {cause: error});
	if (errno.killed || errno.code === 'ETIMEDOUT') return new TimeoutError(context, timeoutMs, {cause: error});
	return new DeviceReplyError(context, prefix + detail, {cause: error});
}

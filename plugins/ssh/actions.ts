// Host actions over SSH: shut down and reboot the machine's OS with a configurable command per
// source (default `sudo -n systemctl poweroff` / `sudo -n systemctl reboot`: `-n` makes sudo fail
// at once instead of waiting for a password nobody will type). The connection usually drops
// before the command's exit status arrives: that is success. A shutdown then waits, within the
// action's budget, until the host stops answering, so that a plan's next stage (switching its
// outlet off) never cuts a machine that is still writing its disks.
import {setTimeout as sleep} from 'node:timers/promises';
import type {Entity, HostEntity} from '../../src/entities.js';
import {ActionRefusedError, TimeoutError, isLabdeckError} from '../../src/errors.js';
import type {ActionDef, ActionOutcome, ActionRunContext, ExecResult} from '../../src/plugin-api.js';

export const defaultShutdownCommand = 'sudo -n systemctl poweroff';
export const defaultRebootCommand = 'sudo -n systemctl reboot';

export type SshActionDeps = {
	readonly source: string;
	exec(command: string, options: {signal: AbortSignal; timeoutMs: number}): Promise<ExecResult>;
	readonly shutdownCommand?: string;
	readonly rebootCommand?: string;
	/** Budget of one command (and of one "still up?" probe), ms. */
	readonly commandTimeoutMs: number;
	requestPoll(): void;
	/** Pause between "still up?" probes, ms (default 1000). */
	readonly probeMs?: number;
};

type Verb = 'shutdown' | 'reboot';

function hosts(targets: readonly Entity[], source: string): HostEntity[] {
	return targets.filter((target): target is HostEntity => target.kind === 'host' && target.source === source);
}

export function sshHostActions(deps: SshActionDeps): ActionDef[] {
	const commandOf = (verb: Verb) => (verb === 'shutdown' ? deps.shutdownCommand ?? defaultShutdownCommand : deps.rebootCommand ?? defaultRebootCommand);
	return (['shutdown', 'reboot'] as const).map((verb): ActionDef => ({
		id: `host.${verb}`,
		kind: 'host',
		label: verb === 'shutdown' ? 'Shut down (OS, over SSH)' : 'Reboot (OS, over SSH)',
		risk: 'high',
		timeoutMs: verb === 'shutdown' ? 180_000 : 60_000,
		appliesTo: entity => entity.kind === 'host' && entity.source === deps.source && entity.isOnline !== false,
		describe: targets => hosts(targets, deps.source).map(host => `${verb === 'shutdown' ? 'shuts down' : 'reboots'} ${host.name}: runs "${commandOf(verb)}" over SSH${verb === 'shutdown' ? ', then waits until it stops answering' : ''}`),
		validate: targets => (hosts(targets, deps.source).length !== targets.length ? `targets must be the host of ssh source ${deps.source}` : undefined),
		run: async (targets, context) => run(deps, verb, commandOf(verb), hosts(targets, deps.source), context),
	}));
}

async function run(deps: SshActionDeps, verb: Verb, command: string, targets: readonly HostEntity[], context: ActionRunContext): Promise<ActionOutcome> {
	const operation = `host.${verb}`;
	try {
		for (const host of targets) {
			const result = await sendCommand(deps, command, operation, context.signal);
			if (result && result.code !== 0 && result.code !== null) {
				const why = (result.stderr.trim() || result.stdout.trim() || `exit ${result.code}`).split('\n')[0];
				throw new ActionRefusedError({source: deps.source, operation}, 'device', `"${command}" on ${host.name} failed: ${why}${/password is required|a terminal is required/.test(why ?? '') ? ' (allow it in sudoers with NOPASSWD, or set shutdownCommand/rebootCommand)' : ''}`);
			}
			context.progress(`${host.name}: ${verb === 'shutdown' ? 'shutting down' : 'rebooting'}`);
			if (verb === 'shutdown' && !context.noWait) {
				await waitDown(deps, host, operation, context);
				context.progress(`${host.name}: down`);
			}
		}
		const names = targets.map(host => host.name).join(', ');
		return {ok: true, message: verb === 'shutdown' ? (context.noWait ? `shutdown sent to ${names}` : `${names} shut down (no longer answering)`) : `reboot sent to ${names}`, details: {command}};
	} finally {
		deps.requestPoll();
	}
}

/** Runs the command; a connection cut while it runs (the host going down) is success, reported as undefined. */
async function sendCommand(deps: SshActionDeps, command: string, operation: string, signal: AbortSignal): Promise<ExecResult | undefined> {
	try {
		return await deps.exec(command, {signal, timeoutMs: deps.commandTimeoutMs});
	} catch (error) {
		if (signal.aborted) throw error;
		// Cut after the command was sent: the host went down under it. Refused before (auth, unreachable): a real failure.
		if (isLabdeckError(error) && (error.name === 'AuthError' || (error.name === 'UnreachableError' && !/closed|reset|ended/i.test(error.message)))) throw error;
		if (error instanceof TimeoutError) throw new ActionRefusedError({source: deps.source, operation}, 'device', `"${command}" gave no answer within ${Math.round(deps.commandTimeoutMs / 1000)} s`);
		return undefined;
	}
}

async function waitDown(deps: SshActionDeps, host: HostEntity, operation: string, context: ActionRunContext): Promise<void> {
	const started = Date.now();
	for (;;) {
		try {
			await deps.exec('true', {signal: context.signal, timeoutMs: Math.min(deps.commandTimeoutMs, 3000)});
		} catch (error) {
			if (!context.signal.aborted) return;
			throw new TimeoutError({source: deps.source, operation: `${operation}: ${host.name} still answering`}, Date.now() - started, {cause: error});
		}
		try {
			await sleep(deps.probeMs ?? 1000, undefined, {signal: context.signal});
		} catch (error) {
			throw new TimeoutError({source: deps.source, operation: `${operation}: ${host.name} still answering`}, Date.now() - started, {cause: error});
		}
	}
}

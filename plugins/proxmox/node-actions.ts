// Node actions: shut down or reboot a Proxmox node through the API (`POST /nodes/{node}/status`,
// which PVE answers with null, not a task: the node's going down is watched in /cluster/status),
// and the bulk guest actions of a node: shut down every guest (`POST /nodes/{node}/stopall`) and
// migrate every guest to another node (`POST /nodes/{node}/migrateall`), each one PVE task.
import {setTimeout as sleep} from 'node:timers/promises';
import type {Entity, GuestEntity, HostEntity} from '../../src/entities.js';
import {ActionRefusedError, TimeoutError} from '../../src/errors.js';
import type {ActionDef, ActionOutcome, ActionRunContext, ActionView, Risk} from '../../src/plugin-api.js';
import {waitForTask, type ActionDeps} from './actions.js';
import {parseUpid} from './parse.js';

/** Seconds PVE's stopall gives each guest to shut down before it is stopped hard. */
const stopAllTimeoutSec = 180;

function nodes(targets: readonly Entity[], source: string): HostEntity[] {
	return targets.filter((target): target is HostEntity => target.kind === 'host' && target.source === source && target.role === 'node');
}

function guestsOn(view: ActionView, source: string, node: string): GuestEntity[] {
	return (view.entities('guest') as GuestEntity[]).filter(guest => guest.source === source && guest.node === node);
}

const running = (guests: readonly GuestEntity[]) => guests.filter(guest => guest.status === 'running' || guest.status === 'paused');
const names = (guests: readonly GuestEntity[]) => guests.map(guest => `${guest.vmid} (${guest.name})`).join(', ');

/** Online nodes of this source other than the targets. */
function otherNodes(source: string, targets: readonly Entity[], view: ActionView): string[] {
	const own = new Set(targets.map(target => target.localId));
	return view.entities('host')
		.filter(host => host.kind === 'host' && host.source === source && host.role === 'node' && host.isOnline === true && !own.has(host.localId))
		.map(host => host.localId)
		.sort();
}

export function nodeActions(deps: ActionDeps): ActionDef[] {
	const {source} = deps;
	const isOurNode = (entity: Entity) => entity.kind === 'host' && entity.source === source && entity.role === 'node';
	const power = (command: 'shutdown' | 'reboot'): ActionDef => ({
		id: `host.${command}`,
		kind: 'host',
		label: command === 'shutdown' ? 'Shut down node (PVE API)' : 'Reboot node (PVE API)',
		// Running guests go down with the node: type the name.
		risk: (targets, view) => (nodes(targets, source).some(node => running(guestsOn(view, source, node.localId)).length > 0) ? 'destructive' : 'high'),
		timeoutMs: command === 'shutdown' ? 600_000 : 900_000,
		appliesTo: entity => isOurNode(entity) && entity.kind === 'host' && entity.isOnline === true,
		describe: (targets, _params, view) => nodes(targets, source).flatMap(node => {
			const up = running(guestsOn(view, source, node.localId));
			return [
				`${command === 'shutdown' ? 'shuts down' : 'reboots'} Proxmox node ${node.name} (POST /nodes/${node.localId}/status command=${command})`,
				up.length > 0 ? `  PVE shuts down its ${up.length} running guests first: ${names(up)}` : '  no running guests on it',
			];
		}),
		validate: targets => (nodes(targets, source).length !== targets.length ? 'targets must be Proxmox nodes of this source' : undefined),
		run: async (targets, context) => runPower(deps, command, nodes(targets, source), context),
	});
	const bulk = (verb: 'shutdown-guests' | 'migrate-guests'): ActionDef => ({
		id: `host.${verb}`,
		kind: 'host',
		label: verb === 'shutdown-guests' ? 'Shut down all guests' : 'Migrate all guests',
		risk: 'high' as Risk,
		timeoutMs: verb === 'shutdown-guests' ? (stopAllTimeoutSec + 60) * 1000 : 3_600_000,
		appliesTo: entity => isOurNode(entity) && entity.kind === 'host' && entity.isOnline === true,
		params: verb === 'migrate-guests' ? [{name: 'target', label: 'Target node', isRequired: true, choices: (targets, view) => otherNodes(source, targets, view)}] : undefined,
		describe: (targets, params, view) => nodes(targets, source).map(node => {
			const list = verb === 'shutdown-guests' ? running(guestsOn(view, source, node.localId)) : guestsOn(view, source, node.localId);
			if (list.length === 0) return `${node.name}: no ${verb === 'shutdown-guests' ? 'running ' : ''}guests`;
			return verb === 'shutdown-guests'
				? `${node.name}: shuts down ${names(list)} (each gets ${stopAllTimeoutSec} s, then is stopped)`
				: `${node.name}: moves ${names(list)} to ${params.target ?? '?'} (running VMs live, containers restart)`;
		}),
		validate(targets, params, view) {
			const list = nodes(targets, source);
			if (list.length !== targets.length) return 'targets must be Proxmox nodes of this source';
			if (verb === 'migrate-guests') {
				if (!params.target) return 'choose a target node';
				if (!otherNodes(source, targets, view).includes(params.target)) return `${params.target} is not another online node of this cluster`;
			}
			return undefined;
		},
		run: async (targets, context) => runBulk(deps, verb, nodes(targets, source), context),
	});
	return [power('shutdown'), power('reboot'), bulk('shutdown-guests'), bulk('migrate-guests')];
}

async function runPower(deps: ActionDeps, command: 'shutdown' | 'reboot', targets: readonly HostEntity[], context: ActionRunContext): Promise<ActionOutcome> {
	const operation = `host.${command}`;
	try {
		for (const node of targets) await deps.client.nodeCommand(node.localId, command, context.signal);
		if (context.noWait) return {ok: true, message: `${command} requested for ${targets.map(node => node.name).join(', ')}`};
		const done: string[] = [];
		for (const node of targets) {
			context.progress(`${node.name}: ${command === 'shutdown' ? 'shutting down' : 'rebooting'}`);
			await waitOnline(deps, node.localId, false, context, operation);
			context.progress(`${node.name}: offline`);
			if (command === 'reboot') {
				await waitOnline(deps, node.localId, true, context, operation);
				context.progress(`${node.name}: back online`);
			}
			done.push(node.name);
		}
		return {ok: true, message: `${done.join(', ')} ${command === 'shutdown' ? 'shut down (offline)' : 'rebooted (back online)'}`};
	} finally {
		deps.requestPoll();
	}
}

/** Waits until the cluster lists the node with the wanted online state; an API that stops answering counts as offline. */
async function waitOnline(deps: ActionDeps, node: string, isOnline: boolean, context: ActionRunContext, operation: string): Promise<void> {
	const started = Date.now();
	const [first, longest] = deps.taskPollMs ?? [100, 1000];
	let pause = first;
	for (;;) {
		let online: boolean | undefined;
		try {
			const rows = await deps.client.clusterStatus(context.signal);
			const row = Array.isArray(rows) ? rows.find(item => (item as {type?: unknown; name?: unknown}).type === 'node' && (item as {name?: unknown}).name === node) as {online?: unknown} | undefined : undefined;
			online = row ? row.online === 1 : undefined;
		} catch (error) {
			if (context.signal.aborted) throw new TimeoutError({source: deps.source, operation: `${operation}: ${node} still ${isOnline ? 'offline' : 'online'}`}, Date.now() - started, {cause: error});
			online = false;
		}
		if (online === isOnline) return;
		try {
			await sleep(pause, undefined, {signal: context.signal});
		} catch (error) {
			throw new TimeoutError({source: deps.source, operation: `${operation}: ${node} still ${isOnline ? 'offline' : 'online'}`}, Date.now() - started, {cause: error});
		}
		pause = Math.min(longest, pause * 2);
	}
}

async function runBulk(deps: ActionDeps, verb: 'shutdown-guests' | 'migrate-guests', targets: readonly HostEntity[], context: ActionRunContext): Promise<ActionOutcome> {
	const operation = `host.${verb}`;
	try {
		const results = await Promise.all(targets.map(async node => {
			const upid = verb === 'shutdown-guests'
				? await deps.client.stopAll(node.localId, stopAllTimeoutSec, context.signal)
				: await deps.client.migrateAll(node.localId, context.params.target ?? '', context.signal);
			if (typeof upid !== 'string' || !parseUpid(upid)) throw new ActionRefusedError({source: deps.source, operation}, 'device', `no task id in the reply (${JSON.stringify(upid)?.slice(0, 60)})`);
			if (context.noWait) return {node: node.name, upid, exitstatus: null};
			context.progress(`${operation}: ${node.name} task running`);
			const exitstatus = await waitForTask(deps, upid, context, operation, () => undefined);
			context.progress(`${operation}: ${node.name} ${exitstatus}`);
			return {node: node.name, upid, exitstatus};
		}));
		const failed = results.filter(result => result.exitstatus !== null && result.exitstatus !== 'OK' && !result.exitstatus.startsWith('WARNINGS'));
		const label = verb === 'shutdown-guests' ? 'guests shut down' : 'guests migrated';
		const details = {tasks: results};
		if (context.noWait) return {ok: true, message: `${operation} started on ${results.map(result => result.node).join(', ')}`, details};
		if (failed.length > 0) return {ok: false, message: `${operation} failed on ${failed.map(result => `${result.node}: ${result.exitstatus}`).join('; ')}`, details};
		const warnings = results.filter(result => result.exitstatus?.startsWith('WARNINGS'));
		return {ok: true, message: `${results.map(result => result.node).join(', ')}: ${label}${warnings.length > 0 ? ` (${warnings.map(result => result.exitstatus).join('; ')})` : ''}`, details};
	} finally {
		deps.requestPoll();
	}
}

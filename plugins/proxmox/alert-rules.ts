// The proxmox plugin's alert rules: a node gone offline, and a guest whose most recent finished
// task failed a short while ago (cleared by a newer task that ends well, or by time).
import type {Entity, GuestEntity, GuestTask} from '../../src/entities.js';
import type {AlertRule} from '../../src/plugin-api.js';

export const nodeOfflineRule: AlertRule = {
	id: 'proxmox.node-offline',
	kind: 'host',
	severity: 'critical',
	metric: entity => (entity.kind !== 'host' || entity.role !== 'node' || entity.isOnline === null ? null : entity.isOnline ? 0 : 1),
	trigger: 1,
	clear: 0.5,
	isBelow: false,
	forSec: 60,
	message: entity => `Proxmox node ${entity.name} (${entity.source}) is offline: its guests are down or unknown`,
};

/** How long a failed task keeps its guest's alert up, seconds. */
export const failedTaskWindowSec = 15 * 60;

/** Console sessions: a closed (or refused) console says nothing about the guest's own operations. */
const consoleTaskTypes: ReadonlySet<string> = new Set(['vncproxy', 'vncshell', 'spiceproxy', 'spiceshell', 'termproxy']);

/**
 * The guest's most recently finished task (by end time; consoles aside) when it failed within
 * `windowSec` of `nowMs`; undefined otherwise.
 */
export function recentFailedTask(guest: GuestEntity, nowMs: number, windowSec = failedTaskWindowSec): GuestTask | undefined {
	let last: GuestTask | undefined;
	for (const task of guest.recentTasks) {
		if (task.status === 'running' || consoleTaskTypes.has(task.type)) continue;
		// recentTasks is newest first, so on equal end times the later-started task wins.
		if (!last || finishedAt(task) > finishedAt(last)) last = task;
	}
	if (!last?.isFailed) return undefined;
	return nowMs / 1000 - finishedAt(last) <= windowSec ? last : undefined;
}

function finishedAt(task: GuestTask): number {
	return task.endTime ?? task.startTime;
}

/** `42s`, `2m`, `1h05m`. */
export function formatAgo(seconds: number): string {
	const value = Math.max(0, Math.floor(seconds));
	if (value < 60) return `${value}s`;
	if (value < 3600) return `${Math.floor(value / 60)}m`;
	return `${Math.floor(value / 3600)}h${String(Math.floor((value % 3600) / 60)).padStart(2, '0')}m`;
}

function asGuest(entity: Entity): GuestEntity | undefined {
	return entity.kind === 'guest' ? entity : undefined;
}

/** `proxmox.guest-task-failed`: 1 while the guest's latest finished task failed in the last 15 minutes. */
export const failedTaskRule: AlertRule = {
	id: 'proxmox.guest-task-failed',
	kind: 'guest',
	severity: 'warning',
	metric: (entity, now) => {
		const guest = asGuest(entity);
		if (!guest) return null;
		return recentFailedTask(guest, now) ? 1 : 0;
	},
	trigger: 1,
	clear: 0.5,
	forSec: 0,
	message: (entity, _value, now) => {
		const guest = asGuest(entity);
		const prefix = guest ? `${guest.vmid} ${guest.name}` : entity.name;
		const task = guest ? recentFailedTask(guest, now) : undefined;
		if (!task) return `${prefix}: a recent task failed`;
		return `${prefix}: task ${task.type} failed: ${task.status} (${formatAgo(now / 1000 - finishedAt(task))} ago)`;
	},
};

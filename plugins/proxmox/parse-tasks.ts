// Pure: PVE task rows (/cluster/tasks, or a node's /tasks list) → each guest's recent tasks as
// GuestTask, newest first. A task belongs to a guest when its id is a vmid; a row whose UPID is
// not one PVE would write is skipped. Exit statuses are read the way the PVE web UI reads them:
// `OK` is ok, `WARNINGS: n` and `unknown` are not failures, any other text is the failure.
import type {GuestTask} from '../../src/entities.js';
import {parseUpid} from './parse-ids.js';
import type {PveTask} from './parse.js';

/** Tasks kept per guest. */
export const tasksPerGuest = 8;

const maxStatusLength = 160;

/** A task's status as GuestTask puts it: `running`, `ok`, `unknown`, `WARNINGS: n` or the failure. */
export function taskState(status: string | null, endTime: number | null): {status: string; isFailed: boolean} {
	// One line, printable, bounded: it ends up in the status line and in alert messages.
	const text = (status ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, maxStatusLength);
	if (text === '' || text.toLowerCase() === 'running') return {status: endTime === null ? 'running' : 'unknown', isFailed: false};
	if (text.toUpperCase() === 'OK') return {status: 'ok', isFailed: false};
	if (/^WARNINGS?:/i.test(text)) return {status: text, isFailed: false};
	if (text.toLowerCase() === 'unknown') return {status: 'unknown', isFailed: false};
	return {status: text, isFailed: true};
}

/** The guest a task is about and the task as a GuestTask; undefined for other tasks and garbage. */
export function toGuestTask(task: PveTask): {vmid: number; task: GuestTask} | undefined {
	const upid = parseUpid(task.upid);
	if (!upid) return undefined;
	const id = task.id ?? upid.id;
	if (!/^[1-9]\d{0,8}$/.test(id)) return undefined;
	const startTime = task.startTime ?? upid.startTime;
	if (startTime === null) return undefined;
	const endTime = task.endTime !== null && task.endTime >= startTime ? task.endTime : null;
	return {
		vmid: Number(id),
		task: {
			id: task.upid,
			type: task.type ?? upid.type,
			user: task.user || upid.user || null,
			startTime,
			endTime,
			...taskState(task.status, task.endTime),
		},
	};
}

/** vmid → its tasks, newest first (start time, then running before finished, then later end), at most `limit`. */
export function guestTasks(tasks: readonly PveTask[], limit = tasksPerGuest): Map<number, GuestTask[]> {
	// The same UPID may be listed twice (active and archived): keep the finished copy.
	const byUpid = new Map<string, {vmid: number; task: GuestTask}>();
	for (const row of tasks) {
		const item = toGuestTask(row);
		if (!item) continue;
		const seen = byUpid.get(item.task.id);
		if (!seen || (seen.task.status === 'running' && item.task.status !== 'running')) byUpid.set(item.task.id, item);
	}
	const byGuest = new Map<number, GuestTask[]>();
	for (const {vmid, task} of byUpid.values()) {
		const list = byGuest.get(vmid);
		if (list) list.push(task);
		else byGuest.set(vmid, [task]);
	}
	for (const [vmid, list] of byGuest) byGuest.set(vmid, list.sort(newestFirst).slice(0, limit));
	return byGuest;
}

function newestFirst(a: GuestTask, b: GuestTask): number {
	if (a.startTime !== b.startTime) return b.startTime - a.startTime;
	if ((a.endTime === null) !== (b.endTime === null)) return a.endTime === null ? -1 : 1;
	return (b.endTime ?? 0) - (a.endTime ?? 0);
}

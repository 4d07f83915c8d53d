// The failed-task rule on a controlled clock: which task counts, the 15-minute window, the
// message, and the rule run by the core's AlertEngine (fire, clear on a newer good task).
import {describe, expect, it} from 'vitest';
import type {GuestEntity, GuestTask} from '../../src/entities.js';
import {AlertEngine} from '../../src/alerts.js';
import {applyPoll, emptySnapshot, setSources, type Snapshot} from '../../src/store.js';
import {guestDraft} from '../../test/support/entities.js';
import {failedTaskRule, formatAgo, recentFailedTask} from './alert-rules.js';
import {plugin} from './index.js';

const t0 = 1_750_000_000;

function task(type: string, start: number, end: number | null, status: string): GuestTask {
	const isRunning = status === 'running';
	return {id: `UPID:pve1:00000001:00000001:${start.toString(16).toUpperCase()}:${type}:101:root@pam:`, type, user: 'root@pam', startTime: start, endTime: isRunning ? null : end, status, isFailed: !isRunning && status !== 'ok' && !status.startsWith('WARNINGS')};
}

const draft = (tasks: GuestTask[]) => guestDraft('pve', 101, 'pve1', {name: 'web', recentTasks: tasks});
const web = (tasks: GuestTask[]): GuestEntity => ({...draft(tasks), seenAt: 0});

describe('proxmox failed-task rule', () => {
	it('is one of the plugin rules: a warning at 1, clear 0.5, no hold time', () => {
		const rule = plugin.alertRules?.find(item => item.id === 'proxmox.guest-task-failed');
		expect(rule).toMatchObject({kind: 'guest', severity: 'warning', trigger: 1, clear: 0.5, forSec: 0});
		expect(plugin.alertRules?.[0]?.id).toBe('proxmox.node-offline');
	});

	it('takes the latest finished task, consoles and running tasks aside, within 15 minutes', () => {
		const now = (t0 + 120) * 1000;
		const failed = task('qmstart', t0 - 5, t0, 'start failed: QEMU exited with code 1');
		expect(recentFailedTask(web([failed]), now)).toBe(failed);
		expect(recentFailedTask(web([task('vncproxy', t0 + 10, t0 + 60, 'ok'), task('qmstart', t0 + 5, null, 'running'), failed]), now)).toBe(failed);
		expect(recentFailedTask(web([task('qmstart', t0 + 10, t0 + 12, 'ok'), failed]), now)).toBeUndefined();
		expect(recentFailedTask(web([task('vzdump', t0 + 10, t0 + 12, 'WARNINGS: 1'), failed]), now)).toBeUndefined();
		// A long backup that started first but ended last is the latest finished task.
		expect(recentFailedTask(web([task('qmstart', t0 + 10, t0 + 12, 'ok'), task('vzdump', t0 - 600, t0 + 30, 'job errors')]), now)?.type).toBe('vzdump');
		expect(recentFailedTask(web([failed]), (t0 + 15 * 60) * 1000)).toBe(failed);
		expect(recentFailedTask(web([failed]), (t0 + 15 * 60 + 1) * 1000)).toBeUndefined();
		expect(recentFailedTask(web([]), now)).toBeUndefined();
	});

	it('reads 1 or 0 and says which task failed, how, and how long ago', () => {
		let now = (t0 + 125) * 1000;
		const rule = failedTaskRule;
		const guest = web([task('qmstart', t0 - 3, t0, 'start failed: QEMU exited with code 1')]);
		expect(rule.metric(guest, now)).toBe(1);
		expect(rule.message(guest, 1, now)).toBe('101 web: task qmstart failed: start failed: QEMU exited with code 1 (2m ago)');
		now = (t0 + 3600) * 1000;
		expect(rule.metric(guest, now)).toBe(0);
		expect(rule.message(guest, 1, now)).toBe('101 web: a recent task failed');
		expect(formatAgo(-3)).toBe('0s');
		expect(formatAgo(59.9)).toBe('59s');
		expect(formatAgo(3900)).toBe('1h05m');
	});

	it('fires through the AlertEngine and clears on a newer good task, or after 15 minutes', () => {
		let now = t0 * 1000;
		const engine = new AlertEngine([failedTaskRule], {racks: [], devices: []});
		const source = {id: 'pve', type: 'proxmox', name: 'pve', status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
		let snapshot: Snapshot = setSources(emptySnapshot('lab'), [source]);
		const step = (seconds: number, tasks: GuestTask[]) => {
			now = (t0 + seconds) * 1000;
			snapshot = applyPoll(snapshot, 'pve', {entities: [draft(tasks)]}, now, 1);
			return engine.evaluate(snapshot, now).filter(alert => alert.ruleId === 'proxmox.guest-task-failed');
		};
		const failed = task('qmstart', t0 + 10, t0 + 12, 'start failed: QEMU exited with code 1');
		expect(step(5, [task('qmstart', t0 + 5, null, 'running')])).toEqual([]);
		const [alert] = step(20, [failed]);
		expect(alert).toMatchObject({severity: 'warning', entityId: 'guest:pve/101', source: 'pve', message: '101 web: task qmstart failed: start failed: QEMU exited with code 1 (8s ago)'});
		expect(step(200, [failed])[0]?.message).toMatch(/\(3m ago\)$/);
		expect(step(300, [task('qmstart', t0 + 290, t0 + 295, 'ok'), failed])).toEqual([]);
		expect(step(310, [task('qmstop', t0 + 305, t0 + 306, "can't lock file - got timeout"), failed])).toHaveLength(1);
		expect(step(306 + 15 * 60, [task('qmstop', t0 + 305, t0 + 306, "can't lock file - got timeout"), failed])).toHaveLength(1);
		expect(step(307 + 15 * 60, [task('qmstop', t0 + 305, t0 + 306, "can't lock file - got timeout"), failed])).toEqual([]);
	});
});

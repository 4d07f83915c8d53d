// Guest tasks from task lists: status normalisation, ordering, the per-guest cap, garbage UPIDs,
// and the real PVE 8.4 task list of the shared corpus.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseTasks, type PveTask} from './parse.js';
import {guestTasks, taskState, toGuestTask} from './parse-tasks.js';

const upid = (vmid: number | string, type: string, start: number, node = 'pve1') =>
	`UPID:${node}:0002A3C8:15A3093B:${start.toString(16).toUpperCase().padStart(8, '0')}:${type}:${vmid}:root@pam:`;

function task(vmid: number | string, type: string, start: number, end: number | null, status: string | null): PveTask {
	return {upid: upid(vmid, type, start), node: 'pve1', type, id: String(vmid), user: 'root@pam', startTime: start, endTime: end, status};
}

describe('proxmox task status', () => {
	it('normalises OK, running, warnings, unknown and failures the way the PVE UI reads them', () => {
		expect(taskState('OK', 10)).toEqual({status: 'ok', isFailed: false});
		expect(taskState(null, null)).toEqual({status: 'running', isFailed: false});
		expect(taskState('running', null)).toEqual({status: 'running', isFailed: false});
		expect(taskState('', 10)).toEqual({status: 'unknown', isFailed: false});
		expect(taskState('WARNINGS: 3', 10)).toEqual({status: 'WARNINGS: 3', isFailed: false});
		expect(taskState('unknown', 10)).toEqual({status: 'unknown', isFailed: false});
		expect(taskState('job errors', 10)).toEqual({status: 'job errors', isFailed: true});
		// A status without an end time is still a finished task.
		expect(taskState('start failed: QEMU exited with code 1', null)).toEqual({status: 'start failed: QEMU exited with code 1', isFailed: true});
		expect(taskState('line one\nline\ttwo\u0007', 10).status).toBe('line one line two');
		expect(taskState('x'.repeat(500), 10).status).toHaveLength(160);
	});
});

describe('proxmox guest tasks', () => {
	it('keeps guest tasks only (id is a vmid) and skips garbage UPIDs without throwing', () => {
		expect(toGuestTask(task('', 'aptupdate', 100, 110, 'OK'))).toBeUndefined();
		expect(toGuestTask(task('local', 'imgdel', 100, 110, 'OK'))).toBeUndefined();
		expect(toGuestTask({...task(101, 'qmstart', 100, 110, 'OK'), upid: 'UPID:pve1:nothex:qmstart:101:root@pam:'})).toBeUndefined();
		expect(toGuestTask({...task(101, 'qmstart', 100, 110, 'OK'), upid: 'UPID:pve1:0002A3C8:15A3093B:00000064:qmstart:101:root@pam'})).toBeUndefined();
		expect(toGuestTask({...task(101, 'qmstart', 100, 110, 'OK'), id: null})).toMatchObject({vmid: 101});
		expect(toGuestTask({...task(101, 'qmstart', 100, 110, 'OK'), startTime: null, type: null, user: null})).toEqual({
			vmid: 101,
			task: {id: upid(101, 'qmstart', 100), type: 'qmstart', user: 'root@pam', startTime: 100, endTime: 110, status: 'ok', isFailed: false},
		});
		// An end before the start is not believed.
		expect(toGuestTask(task(101, 'qmstop', 100, 50, 'OK'))?.task.endTime).toBeNull();
		const rows: unknown[] = [null, 3, 'UPID', [], {upid: 'UPID:::::::::'}, {upid: 'UPID:a:b:c:d:e:f:g:'}, {upid: upid(101, 'qmstart', 1), id: {}, starttime: 'soon', endtime: [], status: 7}];
		expect(() => guestTasks(parseTasks(rows, 'pve'))).not.toThrow();
		expect(guestTasks(parseTasks(rows, 'pve')).get(101)?.map(item => item.status)).toEqual(['7']);
	});

	it('orders each guest newest first, keeps 8, and keeps the finished copy of a task listed twice', () => {
		const rows = Array.from({length: 12}, (_, index) => task(101, index % 2 ? 'qmstart' : 'qmshutdown', 1000 + index * 10, 1005 + index * 10, 'OK'));
		rows.push(task(101, 'qmreboot', 2000, null, null), task(101, 'qmreboot', 2000, 2004, 'OK'), task(102, 'vzstart', 1500, 1501, 'boom'));
		rows.push(task(103, 'vncproxy', 3000, 3100, 'OK'), task(103, 'qmstop', 3000, 3002, 'OK'), task(103, 'qmstart', 3000, null, null));
		const byGuest = guestTasks(rows);
		const guest101 = byGuest.get(101)!;
		expect(guest101).toHaveLength(8);
		expect(guest101[0]).toMatchObject({type: 'qmreboot', status: 'ok', endTime: 2004});
		expect(guest101.map(item => item.startTime)).toEqual([2000, 1110, 1100, 1090, 1080, 1070, 1060, 1050]);
		expect(byGuest.get(102)).toMatchObject([{type: 'vzstart', status: 'boom', isFailed: true}]);
		// Same start second: running first, then the later end.
		expect(byGuest.get(103)?.map(item => item.type)).toEqual(['qmstart', 'vncproxy', 'qmstop']);
		expect(guestTasks(rows, 2).get(101)).toHaveLength(2);
	});
});

const corpus = new URL('../../../shared/corpus/proxmox/', import.meta.url);
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.warn(`proxmox corpus not found at ${fileURLToPath(corpus)}: task corpus tests skipped`);

describe.skipIf(!hasCorpus)('proxmox guest tasks over the shared corpus', () => {
	const files = hasCorpus ? readdirSync(corpus).filter(name => /tasks/.test(name) && name.endsWith('.json')) : [];

	it('finds a task list in the corpus', () => {
		expect(files.length).toBeGreaterThan(0);
	});

	it.each(files)('reads the guest tasks of %s', name => {
		const raw = (JSON.parse(readFileSync(new URL(name, corpus), 'utf8')) as {data: unknown}).data;
		const tasks = parseTasks(raw, 'dd');
		const byGuest = guestTasks(tasks);
		const guestRows = (raw as {id?: unknown}[]).filter(row => /^\d+$/.test(String(row.id ?? '')));
		for (const vmid of new Set(guestRows.map(row => Number(row.id)))) {
			expect(byGuest.get(vmid)).toHaveLength(Math.min(8, guestRows.filter(row => Number(row.id) === vmid).length));
		}
		for (const [vmid, list] of byGuest) {
			expect(list.length).toBeLessThanOrEqual(8);
			for (const [index, item] of list.entries()) {
				expect(item.id).toContain(`:${vmid}:`);
				if (index > 0) expect(item.startTime).toBeLessThanOrEqual(list[index - 1]!.startTime);
				expect(item.status === 'running' || item.endTime !== null).toBe(true);
			}
		}
	});

	it('reads the PVE 8.4 node task list: containers 111 and 100, all OK, newest first', () => {
		const name = files.find(file => file.includes('nodes_ip-122-82-3-112_tasks'));
		if (!name) return;
		const byGuest = guestTasks(parseTasks((JSON.parse(readFileSync(new URL(name, corpus), 'utf8')) as {data: unknown}).data, 'dd'));
		expect([...byGuest.keys()].sort()).toEqual([100, 111]);
		const ct111 = byGuest.get(111)!;
		expect(ct111).toHaveLength(8);
		expect(ct111[0]).toMatchObject({type: 'vzshutdown', startTime: 1752690538, endTime: 1752690541, status: 'ok', isFailed: false, user: 'root@pam'});
		expect(ct111.every(item => item.status === 'ok' && !item.isFailed)).toBe(true);
		// Listed last in the reply but newest: the list is sorted, not taken in reply order.
		expect(byGuest.get(100)?.map(item => item.type)).toEqual(['qmshutdown', 'vncproxy']);
	});
});

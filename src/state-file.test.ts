import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadState, maxStateBytes, saveState, saveStateInSlices, stateFilePath} from './state-file.js';
import {seriesValues} from './series.js';
import {applyPoll, emptySnapshot, setSources} from './store.js';
import {guestDraft, hostDraft} from '../test/support/entities.js';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-state-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const source = (id: string) => ({id, type: 't', name: id, status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});

describe('state file', () => {
	it('round-trips the last-known lab, restored as pending (stale) with its age', () => {
		const file = stateFilePath(dir, '/etc/labdeck.json');
		const polled = applyPoll(setSources(emptySnapshot('lab'), [source('a')]), 'a', {entities: [hostDraft('a', 'n1')]}, 1000, 3);
		saveState(file, polled, 5000);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const {snapshot, warning} = loadState(file, setSources(emptySnapshot('lab'), [source('a')]));
		expect(warning).toBeUndefined();
		expect(snapshot.restoredFrom).toBe(5000);
		expect(snapshot.entities.get('host:a/n1')?.seenAt).toBe(1000);
		expect(snapshot.sources.a).toMatchObject({status: 'pending', lastSuccess: 1000});
		expect(seriesValues(snapshot.history.get('host:a/n1')?.cpu)).toEqual([12]);
	});

	it('drops entities of sources no longer configured', () => {
		const file = stateFilePath(dir, null);
		saveState(file, applyPoll(setSources(emptySnapshot('lab'), [source('old')]), 'old', {entities: [hostDraft('old', 'x')]}, 1, 1));
		expect(loadState(file, setSources(emptySnapshot('lab'), [source('a')])).snapshot.entities.size).toBe(0);
	});

	it('ignores a corrupt or truncated file with a warning, never throws', () => {
		const file = stateFilePath(dir, null);
		saveState(file, applyPoll(setSources(emptySnapshot('lab'), [source('a')]), 'a', {entities: [hostDraft('a', 'n1')]}, 1, 1));
		writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
		const base = setSources(emptySnapshot('lab'), [source('a')]);
		const restored = loadState(file, base);
		expect(restored.snapshot).toBe(base);
		expect(restored.warning).toMatch(/state file .* ignored: /);
		writeFileSync(file, JSON.stringify({schema: 'something-else'}));
		expect(loadState(file, base).warning).toContain('not a labdeck state file');
	});

	it('does not restore entities written in another version\'s shape', () => {
		const file = stateFilePath(dir, null);
		saveState(file, applyPoll(setSources(emptySnapshot('lab'), [source('a')]), 'a', {entities: [hostDraft('a', 'n1')]}, 1, 1));
		writeFileSync(file, readFileSync(file, 'utf8').replace(/"entityFormat":"[^"]+"/, '"entityFormat":"1999-01-01"'));
		const base = setSources(emptySnapshot('lab'), [source('a')]);
		const restored = loadState(file, base);
		expect(restored.snapshot.entities.size).toBe(0);
		expect(restored.warning).toContain('another labdeck version');
	});

	it('writes atomically: no temp file is left behind', () => {
		const file = stateFilePath(dir, null);
		saveState(file, setSources(emptySnapshot('lab'), [source('a')]));
		expect(readFileSync(file, 'utf8')).toContain('labdeck-state/1');
		expect(rmSync(`${file}.${process.pid}.tmp`, {force: true})).toBeUndefined();
	});

	it('stays under its size bound: history goes first, then the entities seen longest ago, with a notice', () => {
		const file = stateFilePath(dir, null);
		let snapshot = setSources(emptySnapshot('lab'), [source('a')]);
		const guests = (at: number, from: number) => Array.from({length: 500}, (_, index) => guestDraft('a', from + index, 'n1'));
		// 500 guests seen at t=1000 (then kept stale by partial polls), 500 seen at t=9000.
		snapshot = applyPoll(snapshot, 'a', {entities: guests(1000, 1)}, 1000, 1);
		for (let at = 2000; at < 9000; at += 1000) snapshot = applyPoll(snapshot, 'a', {entities: guests(at, 1)}, at, 1);
		snapshot = applyPoll(snapshot, 'a', {entities: guests(9000, 1001), partial: 'n2 offline'}, 9000, 1);
		const unbounded = saveState(file, snapshot, 10_000);
		expect(unbounded.notice).toBeUndefined();

		const withoutHistory = saveState(file, snapshot, 10_000, {maxBytes: unbounded.bytes - 1});
		expect(withoutHistory.notice).toMatch(/over its \d+-byte bound; saved without history$/);
		expect(loadState(file, setSources(emptySnapshot('lab'), [source('a')])).snapshot.entities.size).toBe(1000);

		const maxBytes = Math.floor(withoutHistory.bytes * 0.6);
		const cut = saveState(file, snapshot, 10_000, {maxBytes});
		expect(statSync(file).size).toBeLessThanOrEqual(maxBytes);
		expect(cut.notice).toMatch(/saved without history and with the \d+ most recently seen of 1000 entities/);
		const restored = loadState(file, setSources(emptySnapshot('lab'), [source('a')]));
		expect(restored.warning).toBeUndefined();
		const kept = [...restored.snapshot.entities.values()];
		expect(kept.length).toBeGreaterThan(300);
		expect(kept.length).toBeLessThan(1000);
		// The freshest are kept: all 500 seen at 9000 stay before any older one.
		expect(kept.filter(entity => entity.seenAt === 9000)).toHaveLength(500);
		expect(maxStateBytes).toBe(16 * 1024 * 1024);
	});

	it('removes the temp file a writer killed mid-write left behind, not a live writer\'s', () => {
		const file = stateFilePath(dir, null);
		const dead = `${file}.2147483646.tmp`;
		const live = `${file}.${process.ppid}.tmp`;
		writeFileSync(dead, '');
		writeFileSync(live, '');
		saveState(file, setSources(emptySnapshot('lab'), [source('a')]));
		expect(existsSync(dead)).toBe(false);
		expect(existsSync(live)).toBe(true);
	});

	it('removes temp files a killed writer left, keeps those of a live one', async () => {
		const {spawn} = await import('node:child_process');
		const file = stateFilePath(dir, '/etc/labdeck.json');
		// A process that has exited: its pid is free (a kill -9 mid-write leaves such a file).
		const child = spawn(process.execPath, ['-e', '']);
		const deadPid = await new Promise<number>(resolve => child.on('exit', () => resolve(child.pid!)));
		writeFileSync(`${file}.${deadPid}.tmp`, '');
		writeFileSync(`${file}.${process.pid}.tmp`, '');
		loadState(file, setSources(emptySnapshot('lab'), [source('a')]));
		const {readdirSync} = await import('node:fs');
		expect(readdirSync(dir).sort()).toEqual([path.basename(`${file}.${process.pid}.tmp`)]);
	});
});

describe('state file written in slices', () => {
	it('writes what saveState writes, bound included, handing the event loop back while it serialises', async () => {
		{
			let snapshot = setSources(emptySnapshot('lab'), [source('a')]);
			snapshot = applyPoll(snapshot, 'a', {entities: Array.from({length: 20_000}, (_, index) => guestDraft('a', index, 'n1'))}, 1000, 1);
			snapshot = applyPoll(snapshot, 'a', {entities: Array.from({length: 10_000}, (_, index) => guestDraft('a', index, 'n1', {cpuPercent: 9})), partial: 'n2 offline'}, 2000, 1);
			const [one, two] = [path.join(dir, 'one.json'), path.join(dir, 'two.json')];
			for (const maxBytes of [undefined, 12_000_000, 4_000_000]) {
				const whole = saveState(one, snapshot, 3000, maxBytes === undefined ? {} : {maxBytes});
				let ticks = 0;
				const timer = setInterval(() => ticks++, 0);
				const sliced = await saveStateInSlices(two, snapshot, 3000, maxBytes === undefined ? {} : {maxBytes});
				clearInterval(timer);
				expect(sliced.bytes).toBe(whole.bytes);
				expect(sliced.notice?.replace(two, one)).toBe(whole.notice);
				expect(readFileSync(two, 'utf8')).toBe(readFileSync(one, 'utf8'));
				expect(ticks).toBeGreaterThan(0);
				if (maxBytes === 4_000_000) expect(whole.notice).toMatch(/saved without history and with the \d+ most recently seen of 20000 entities$/);
			}
			expect(loadState(two, setSources(emptySnapshot('lab'), [source('a')])).snapshot.entities.size).toBeGreaterThan(0);
		}
	});
});

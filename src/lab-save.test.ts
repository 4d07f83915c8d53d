// When a running lab writes its state file: 5 s after a poll that changed a source's status,
// 30 s after polls that only moved values (timers faked; the writes themselves are real).
import {Type} from '@sinclair/typebox';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {resolveConfig} from './config.js';
import {openLab} from './lab.js';
import type {PluginDefinition, PollResult} from './plugin-api.js';
import {stateFilePath} from './state-file.js';
import {guestDraft} from '../test/support/entities.js';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-lab-save-'));
	writeFileSync(path.join(dir, 'config.json'), '{}', {mode: 0o600});
	vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'Date']});
});
afterEach(() => {
	vi.useRealTimers();
	rmSync(dir, {recursive: true, force: true});
});

let reply: () => PollResult = () => ({entities: []});
const scripted: PluginDefinition = {
	type: 'scripted',
	description: 'test plugin answering what the test says',
	schema: Type.Object({}),
	defaults: {interval: 3600, timeout: 5},
	create: () => ({poll: async () => reply()}),
};

/** The file's savedAt once a write started by a fired timer has landed (real I/O: event-loop turns, not time). */
async function savedAt(file: string, other?: number): Promise<number | undefined> {
	for (let turn = 0; turn < 2000; turn++) {
		if (existsSync(file)) {
			const value = (JSON.parse(readFileSync(file, 'utf8')) as {savedAt: number}).savedAt;
			if (value !== other) return value;
		}
		await new Promise(resolve => setImmediate(resolve));
	}
	return other;
}

describe('state file cadence', () => {
	it('is written 5 s after a status change and 30 s after value-only polls', async () => {
		const configPath = path.join(dir, 'config.json');
		const config = await resolveConfig({lab: 't', sources: [{id: 'pve', type: 'scripted'}]}, configPath, [scripted], {});
		const lab = openLab({config, stateDir: dir, shouldPersist: true});
		const file = stateFilePath(dir, configPath);
		reply = () => ({entities: [guestDraft('pve', 100, 'n1')]});
		await lab.poller.pollOnce(); // pending → ok: a status change
		vi.advanceTimersByTime(4999);
		expect(existsSync(file)).toBe(false);
		vi.advanceTimersByTime(1);
		const first = await savedAt(file);
		expect(first).toBeDefined();

		reply = () => ({entities: [{...guestDraft('pve', 100, 'n1'), cpu: 0.5} as ReturnType<typeof guestDraft>]});
		await lab.poller.pollOnce(); // ok → ok: values only
		vi.advanceTimersByTime(5000);
		expect(await savedAt(file, first)).toBe(first);
		vi.advanceTimersByTime(25_000);
		const second = await savedAt(file, first);
		expect(second).toBeGreaterThan(first!);

		await lab.poller.pollOnce(); // values only: a save due in 30 s …
		reply = () => {
			throw new Error('connect ECONNREFUSED 127.0.0.1:8006');
		};
		await lab.poller.pollOnce(); // … brought forward by ok → down
		vi.advanceTimersByTime(5000);
		expect(await savedAt(file, second)).toBeGreaterThan(second!);
		await lab.close();
	});
});

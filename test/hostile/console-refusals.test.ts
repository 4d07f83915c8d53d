// Console refusals in the audit log, in a real terminal (tmux) on the demo lab: a cancel in the
// confirm dialog, and `a` under --readonly, are one refused record each.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {labdeckBin} from '../support/cli.js';
import {hasTmux, tmuxRig} from '../support/tmux.js';

const rig = tmuxRig('refusals', 'cancel');
const {tmux, waitFor, stateDir: dir} = rig;
afterAll(() => rig.cleanup());

type Record = {result: string; action: string; origin: string; message: string};
const auditOf = (stateDir: string): Record[] => {
	const file = path.join(stateDir, 'audit.jsonl');
	return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(line => line.endsWith('}')).map(line => JSON.parse(line) as Record) : [];
};

async function until<T>(read: () => T, isDone: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let value = read();
	while (!isDone(value)) {
		if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 2000)}`);
		await new Promise(resolve => setTimeout(resolve, 100));
		value = read();
	}
	return value;
}

describe.skipIf(!hasTmux)('console refusals are audited', () => {
	it('a cancel in the confirm dialog is one refused record', {timeout: 60_000}, async () => {
		const stateDir = path.join(dir, 'cancel');
		tmux('new-session', '-d', '-s', 'cancel', '-x', '120', '-y', '30', `env -u CI LABDECK_STATE_DIR=${stateDir} XDG_CONFIG_HOME=${stateDir}/config ${process.execPath} ${labdeckBin} demo`);
		await waitFor(text => text.includes('? help'), 'the first frame', 30_000);
		tmux('send-keys', '-t', 'cancel', '3');
		await waitFor(text => /VMs \d+/.test(text) && text.includes('ml-train'), 'the VMs pane', 30_000);
		tmux('send-keys', '-t', 'cancel', 'a');
		await waitFor(text => text.includes('Esc cancel'), 'the action menu', 30_000);
		tmux('send-keys', '-t', 'cancel', 'Enter');
		await waitFor(text => text.includes('Cancel'), 'the confirm dialog', 30_000);
		tmux('send-keys', '-t', 'cancel', 'Escape');
		const records = await until(() => auditOf(stateDir), list => list.length > 0, 'the audit record');
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({result: 'refused', origin: 'console', message: expect.stringContaining('cancelled in the confirm dialog')});
		tmux('send-keys', '-t', 'cancel', 'q');
		// The demo lab stops its simulators and saves its state before the session ends.
		await rig.waitForExit(30_000, 'cancel');
	});

	it('`a` under --readonly is one refused record', {timeout: 60_000}, async () => {
		const stateDir = path.join(dir, 'readonly');
		tmux('new-session', '-d', '-s', 'ro', '-x', '120', '-y', '30', `env -u CI LABDECK_STATE_DIR=${stateDir} XDG_CONFIG_HOME=${stateDir}/config ${process.execPath} ${labdeckBin} demo --readonly`);
		await waitFor(text => text.includes('? help') && text.includes('pve1'), 'the first frame with data', 30_000, 'ro');
		tmux('send-keys', '-t', 'ro', 'a');
		const records = await until(() => auditOf(stateDir), list => list.length > 0, 'the audit record');
		expect(records[0]).toMatchObject({result: 'refused', origin: 'console', message: expect.stringContaining('read-only mode')});
		await waitFor(text => text.includes('actions are disabled (--readonly)'), 'the menu saying so', 30_000, 'ro');
		// An Esc followed at once by q reads as Alt-q: close the menu, see it closed, then quit.
		tmux('send-keys', '-t', 'ro', 'Escape');
		await waitFor(text => !text.includes('Esc cancel'), 'the menu closed', 30_000, 'ro');
		tmux('send-keys', '-t', 'ro', 'q');
		await rig.waitForExit(30_000, 'ro');
	});
});

// A machine action through the console in a real terminal: the demo lab in tmux (env -u CI), the
// hosts pane filtered to an SSH host, `a` offers its machine actions, the first (shut down over
// SSH) is confirmed with `y`, and the status line reports the host down; the simulated host then
// refuses connections and the audit log holds the run.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {labdeckBin} from './support/cli.js';
import {hasTmux, tmuxRig} from './support/tmux.js';

const rig = tmuxRig('machine-action-tmux', 'act');
const {tmux, waitFor, stateDir: stateDir} = rig;

afterAll(() => rig.cleanup());

describe.skipIf(!hasTmux)('a machine action through the console', () => {
	it('shuts an SSH host down from the hosts pane: a, the action, y', {timeout: 90_000}, async () => {
		tmux('new-session', '-d', '-s', 'act', '-x', '200', '-y', '50', `env -u CI LABDECK_STATE_DIR=${stateDir} XDG_CONFIG_HOME=${stateDir}/config ${process.execPath} ${labdeckBin} demo`);
		await waitFor(text => text.includes('labdeck · demo') && text.includes('? help'), 'the first frame');
		tmux('send-keys', '-t', 'act', '7');
		await waitFor(text => text.includes('gpu-box-2') && /Hosts \d/.test(text), 'the hosts pane with the SSH hosts');
		tmux('send-keys', '-t', 'act', '/');
		tmux('send-keys', '-t', 'act', '-l', 'gpu-box-2');
		tmux('send-keys', '-t', 'act', 'Enter');
		await waitFor(text => /Hosts 1\/\d+ · filter gpu-box-2/.test(text) && /● up .*gpu-box-2,gpus-box-2/.test(text), 'the filtered hosts pane, its machine polled');
		tmux('send-keys', '-t', 'act', 'a');
		const menu = await waitFor(text => text.includes('Shut down (OS, over SSH)'), 'the action menu with the machine actions');
		expect(menu).toContain('Reboot (OS, over SSH)');
		expect(menu).toContain('Power off hard (BMC or outlet)');
		tmux('send-keys', '-t', 'act', 'Enter');
		const gate = await waitFor(text => text.includes('sudo -n systemctl poweroff'), 'the confirm gate with the impact');
		expect(gate).toMatch(/Cancel/);
		tmux('send-keys', '-t', 'act', 'y');
		await waitFor(text => text.includes('gpu-box-2 shut down (no longer answering)'), 'the outcome on the status line', 30_000);
		tmux('send-keys', '-t', 'act', 'q');
		// The demo lab stops its simulators and saves its state before the session ends.
		await rig.waitForExit();
		const auditFile = path.join(stateDir, 'audit.jsonl');
		expect(existsSync(auditFile)).toBe(true);
		const records = readFileSync(auditFile, 'utf8').trim().split('\n').map(line => JSON.parse(line) as {action: string; result: string; origin: string; targets: string[]});
		expect(records.at(-1)).toMatchObject({action: 'host.shutdown', result: 'ok', origin: 'console', targets: ['host:gpu-box-2/gpu-box-2']});
	});
});

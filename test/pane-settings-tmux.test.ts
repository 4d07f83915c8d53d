// The console remembers each pane's sort and filter between runs: set in one run of the demo lab
// (in tmux), written when the console quits, and shown by the next run's Hosts pane at once.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {labdeckBin} from './support/cli.js';
import {hasTmux, tmuxRig} from './support/tmux.js';

const rig = tmuxRig('pane-settings-tmux', 'panes');
const {tmux, waitFor, stateDir: dir} = rig;

afterAll(() => rig.cleanup());

describe.skipIf(!hasTmux)('remembered pane views', () => {
	it('a sort and a filter set in one run are there in the next', {timeout: 90_000}, async () => {
		const run = `env -u CI XDG_CONFIG_HOME=${dir}/config LABDECK_STATE_DIR=${dir}/state ${process.execPath} ${labdeckBin} demo; echo "labdeck-exit=$?"`;
		tmux('new-session', '-d', '-s', 'panes', '-x', '100', '-y', '30', 'env PS1="$ " bash --norc --noprofile');
		tmux('send-keys', '-t', 'panes', `clear; ${run}`, 'Enter');
		await waitFor(text => text.includes('Hosts'), 'the first frame');
		tmux('send-keys', '-t', 'panes', '7');
		await waitFor(text => /^Hosts \d/m.test(text), 'the Hosts pane');
		for (const [key, shown] of [['s', 'sort STATE↑'], ['s', 'sort STATE↓'], ['s', 'sort NAME↑'], ['R', 'sort NAME↓']] as const) {
			tmux('send-keys', '-t', 'panes', key);
			await waitFor(text => text.includes(shown), shown);
		}
		tmux('send-keys', '-t', 'panes', '/', 'p', 'v', 'e', 'Enter');
		await waitFor(text => text.includes('filter pve'), 'the filter');
		tmux('send-keys', '-t', 'panes', 'q');
		await waitFor(text => text.includes('labdeck-exit=0'), 'the exit');
		const saved = JSON.parse(readFileSync(path.join(dir, 'config', 'labdeck', 'console-settings.json'), 'utf8')) as {panes?: Record<string, unknown>};
		expect(saved.panes?.hosts).toEqual({sort: {column: 'name', isDescending: true}, filter: 'pve'});
		tmux('send-keys', '-t', 'panes', `clear; ${run}`, 'Enter');
		const again = await waitFor(text => /^Hosts \d/m.test(text), 'the Hosts pane, remembered as the last pane');
		expect(again).toMatch(/sort NAME↓ · filter pve/);
		tmux('send-keys', '-t', 'panes', 'q');
		await waitFor(text => (text.match(/labdeck-exit=0/g) ?? []).length === 1 && !text.includes('Hosts'), 'the second exit');
	});
});

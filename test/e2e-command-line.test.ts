// The `:` command line in a real terminal: the console on the demo lab inside tmux (80×24,
// launched with CI unset), Tab completion of commands and entity names, a jump to a VM, history,
// an error that fits the line, F1 and F3 as tmux sends them, and `:q`. Needs `npm run build` first (it runs the bundle).
import {afterAll, describe, expect, it} from 'vitest';
import {labdeckBin} from './support/cli.js';
import {hasTmux, tmuxRig} from './support/tmux.js';

const rig = tmuxRig('e2e-command-line', 'cmd');
const {tmux, waitFor, stateDir: stateDir} = rig;
const keys = (...names: string[]) => tmux('send-keys', '-t', 'cmd', ...names);
const lines = (text: string) => text.split('\n');
/** The status line: the last non-empty line on screen (the console draws rows - 1 lines). */
const statusLine = (text: string) => lines(text.trimEnd()).at(-1)!.trimEnd();

afterAll(() => rig.cleanup());

describe.skipIf(!hasTmux)('command line in tmux on the demo lab', () => {
	it('completes, jumps, recalls history, reports errors within the line and quits with :q', {timeout: 60_000}, async () => {
		tmux('new-session', '-d', '-s', 'cmd', '-x', '80', '-y', '24', 'env PS1="$ " bash --norc --noprofile');
		keys(`clear; env -u CI LABDECK_STATE_DIR=${stateDir} XDG_CONFIG_HOME=${stateDir}/config ${process.execPath} ${labdeckBin} demo; echo "labdeck-exit=$?"`, 'Enter');
		await waitFor(text => text.includes('labdeck · demo') && text.includes('? help'), 'the first frame');
		keys('3');
		await waitFor(text => /VMs \d+/.test(text) && text.includes('ml-train'), 'the VMs pane with the demo guests');

		keys(':', 'h', 'o', 'Tab');
		const both = await waitFor(text => statusLine(text) === ':host▏', 'the common prefix of host and hosts');
		expect(lines(both.trimEnd()).at(-2)).toMatch(/^host  hosts\s*$/);
		keys('Escape');
		await waitFor(text => !statusLine(text).startsWith(':'), 'the command line closed');

		keys(':', 'v', 'm', ' ', 'm', 'l', 'Tab');
		await waitFor(text => statusLine(text) === ':vm ml-train▏', 'the VM name completed');
		keys('Enter');
		await waitFor(text => lines(text).some(line => line.startsWith('›') && line.includes('ml-train')), 'the cursor on ml-train');

		keys(':', 'Up');
		await waitFor(text => statusLine(text) === ':vm ml-train▏', 'the last line recalled with Up');
		keys('C-u', ...'nosuch-command-with-a-long-name argument'.split(''), 'Enter');
		const error = await waitFor(text => statusLine(text).startsWith('unknown command'), 'the error');
		expect(statusLine(error).length).toBeLessThanOrEqual(80);
		expect(statusLine(error)).toContain('Tab completes');

		keys(':', 'v', 'm', 's', ' ', 'r', 'u', 'n', 'n', 'i', 'n', 'g', 'Enter');
		await waitFor(text => text.includes('filter running'), 'the VMs pane filtered by the argument');

		// htop habits through the terminal's own sequences: F1 help, F3 filter.
		keys('F1');
		await waitFor(text => text.includes('next pane'), 'help on F1');
		keys('F1');
		await waitFor(text => !text.includes('next pane'), 'help closed by F1');
		keys('F3', 'C-u', 'm', 'l');
		await waitFor(text => lines(text).some(line => line.startsWith('/ml▏')), 'the filter line on F3');
		keys('Enter');
		await waitFor(text => text.includes('filter ml'), 'the filter kept');

		keys(':', 'q', 'Enter');
		const after = await waitFor(text => /^labdeck-exit=\d+$/m.test(text), 'the exit status');
		expect(after).toContain('labdeck-exit=0');
	});
});

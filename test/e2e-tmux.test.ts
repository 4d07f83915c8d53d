// End to end in a real terminal: the console on the demo lab inside tmux (80×24), switched
// between panes with keys, quit with q, and the terminal checked to be restored (alternate
// screen left, cursor visible, the shell's line intact). CI=true stays set on purpose: labdeck
// must draw in a terminal even then.
import {afterAll, describe, expect, it} from 'vitest';
import {labdeckBin} from './support/cli.js';
import {hasTmux, tmuxRig} from './support/tmux.js';

const rig = tmuxRig('e2e-tmux', 'e2e');
const {tmux, waitFor, stateDir: stateDir} = rig;

afterAll(() => rig.cleanup());

describe.skipIf(!hasTmux)('console in tmux on the demo lab', () => {
	it('draws, switches panes by key, quits with q and restores the terminal', {timeout: 60_000}, async () => {
		// An interactive shell, as a person would have: type the command line, run labdeck from it.
		tmux('new-session', '-d', '-s', 'e2e', '-x', '80', '-y', '24', 'env PS1="$ " bash --norc --noprofile');
		tmux('send-keys', '-t', 'e2e', `clear; echo before-labdeck; CI=true LABDECK_STATE_DIR=${stateDir} XDG_CONFIG_HOME=${stateDir}/config ${process.execPath} ${labdeckBin} demo; echo "labdeck-exit=$?"`, 'Enter');
		const first = await waitFor(text => text.includes('labdeck · demo') && text.includes('? help'), 'the first frame');
		expect(first.split('\n').every(line => line.length <= 80)).toBe(true);
		expect(tmux('display-message', '-p', '-t', 'e2e', '#{alternate_on}').trim()).toBe('1');
		tmux('send-keys', '-t', 'e2e', '3');
		await waitFor(text => /VMs \d+/.test(text) && text.includes('ml-train'), 'the VMs pane with the demo guests');
		tmux('send-keys', '-t', 'e2e', '2');
		await waitFor(text => /GPUs \d+/.test(text) && text.includes('gpu-box-1'), 'the GPUs pane');
		tmux('send-keys', '-t', 'e2e', 'Tab');
		await waitFor(text => /VMs \d+/.test(text), 'Tab to the next pane');
		tmux('send-keys', '-t', 'e2e', '?');
		await waitFor(text => text.includes('app.quit') || text.includes('quit labdeck'), 'the help');
		tmux('send-keys', '-t', 'e2e', 'Escape');
		tmux('send-keys', '-t', 'e2e', 'q');
		const after = await waitFor(text => /^labdeck-exit=\d+$/m.test(text), 'the exit status');
		expect(after).toContain('labdeck-exit=0');
		const lines = after.split('\n');
		expect(lines.indexOf('before-labdeck')).toBeGreaterThanOrEqual(0);
		expect(lines.indexOf('labdeck-exit=0')).toBe(lines.indexOf('before-labdeck') + 1);
		expect(after).not.toContain('labdeck · demo');
		expect(tmux('display-message', '-p', '-t', 'e2e', '#{alternate_on}').trim()).toBe('0');
		expect(tmux('display-message', '-p', '-t', 'e2e', '#{cursor_flag}').trim()).toBe('1');
	});

	it('honours NO_COLOR: no colour codes on screen, the selection still marked', {timeout: 60_000}, async () => {
		tmux('new-session', '-d', '-s', 'mono', '-x', '100', '-y', '24', `env NO_COLOR=1 LABDECK_STATE_DIR=${stateDir}/mono XDG_CONFIG_HOME=${stateDir}/mono/config ${process.execPath} ${labdeckBin} demo`);
		await waitFor(text => text.includes('? help') && text.includes('pve1'), 'the first frame with data', 20_000, 'mono');
		const styled = rig.screen('mono', {isStyled: true});
		expect(styled).toContain('? help');
		expect(styled).not.toMatch(/\u001B\[(?:3[0-9]|9[0-7]|4[0-9]|38;|48;)[0-9;]*m/);
		expect(styled).toContain('›');
		tmux('send-keys', '-t', 'mono', 'q');
		await rig.waitForExit(20_000, 'mono');
	});
});


// A console opened in the middle of an outage shows what happened before it started: the
// timeline a previous run recorded is on the Timeline tab (`:events`) of the real console in
// tmux, from its first frame on. CI=true stays set: labdeck draws in a terminal anyway.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Timeline, timelinePath} from '../src/timeline.js';
import {labdeckBin} from './support/cli.js';
import {hasTmux, tmuxRig} from './support/tmux.js';

const rig = tmuxRig('timeline-console', 'tl');
const {tmux, waitFor, stateDir: dir} = rig;

afterAll(() => rig.cleanup());

describe.skipIf(!hasTmux)('console timeline', () => {
	it('shows the events recorded before it started', {timeout: 60_000}, async () => {
		const config = path.join(dir, 'labdeck.json');
		// Port 1 on loopback refuses: the lab is "down" while the console starts.
		writeFileSync(config, JSON.stringify({lab: 'outage', sources: [{id: 'pdu-a', type: 'apc-pdu', host: '127.0.0.1', port: 1, community: 'public'}]}), {mode: 0o600});
		const stateDir = path.join(dir, 'state');
		const timeline = new Timeline(timelinePath(stateDir, config));
		const now = Date.now();
		timeline.append({at: now - 120_000, type: 'transition', source: 'ups-a', entity: 'ups:ups-a/ups', message: 'UPS A: on battery, 12m runtime left', details: {change: 'ups.on-battery'}});
		timeline.append({at: now - 60_000, type: 'action', source: 'pdu-a', entity: 'outlet:pdu-a/7', message: 'outlet.off dev-ws: ok [console]', details: {action: 'outlet.off', result: 'ok'}});
		tmux('new-session', '-d', '-s', 'tl', '-x', '80', '-y', '24', `env CI=true LABDECK_STATE_DIR=${stateDir} XDG_CONFIG_HOME=${stateDir}/config ${process.execPath} ${labdeckBin} --config ${config}`);
		await waitFor(text => text.includes('labdeck · outage') && text.includes('? help'), 'the first frame');
		tmux('send-keys', '-t', 'tl', ':events', 'Enter');
		const shown = await waitFor(text => /Timeline \d+ events, newest first/.test(text), 'the timeline tab');
		const lines = shown.split('\n');
		const action = lines.findIndex(line => line.includes('outlet.off dev-ws: ok'));
		const battery = lines.findIndex(line => line.includes('UPS A: on battery'));
		expect(action).toBeGreaterThan(0);
		expect(battery).toBeGreaterThan(action);
		expect(lines.every(line => line.length <= 80)).toBe(true);
		tmux('send-keys', '-t', 'tl', 'q');
		// The console saves its state as it quits: wait for it before the folder is removed.
		await rig.waitForExit();
	});
});

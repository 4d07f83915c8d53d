// Two real consoles in tmux attached to one `labdeck serve` on the demo lab: console A starts a
// stopped guest through the service (its confirm gate), console B sees the guest running, and the
// service's audit log (not the consoles' own state dirs) names A's operator with origin console.
import {existsSync, readFileSync} from 'node:fs';
import {userInfo} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {labdeckBin, runCli} from './support/cli.js';
import {startServeRig, type ServeRig} from './support/serve.js';
import {hasTmux, tmuxRig} from './support/tmux.js';

const terminal = tmuxRig('serve-consoles', 'a');
const {tmux} = terminal;
const waitScreen = (session: string, predicate: (text: string) => boolean, what: string, timeoutMs = 20_000) =>
	terminal.waitFor(predicate, what, timeoutMs, session);
let rig: ServeRig;

beforeAll(async () => {
	if (hasTmux) rig = await startServeRig();
}, 60_000);

afterAll(async () => {
	// The consoles have exited by now (the test waits for them); the service and the demo lab stop next.
	terminal.cleanup();
	await rig?.stop();
});

describe.skipIf(!hasTmux)('two consoles attached to one service', () => {
	it('one runs an action, the other sees its result, the audit names the first', {timeout: 90_000}, async () => {
		const vms = JSON.parse((await runCli(['vms', '--json'], {env: rig.env})).stdout) as {items: {id: string; name: string; status: string; isTemplate?: boolean}[]};
		const guest = vms.items.find(item => item.status === 'stopped' && item.isTemplate !== true)!;
		expect(guest).toBeDefined();
		const consoleEnv = (name: string) => `env -u CI XDG_RUNTIME_DIR=${rig.env.XDG_RUNTIME_DIR} LABDECK_CONFIG=${rig.config} LABDECK_STATE_DIR=${path.join(rig.home.dir, name)} XDG_CONFIG_HOME=${path.join(rig.home.dir, name, "config")} NO_COLOR=1`;
		for (const name of ['a', 'b']) tmux('new-session', '-d', '-s', name, '-x', '120', '-y', '30', `${consoleEnv(name)} ${process.execPath} ${labdeckBin}`);
		for (const name of ['a', 'b']) {
			await waitScreen(name, text => text.includes('? help') && text.includes('pve1'), 'the first frame with live data');
			tmux('send-keys', '-t', name, '3');
			await waitScreen(name, text => text.includes(guest.name), 'the VMs pane');
			// One key per chunk (keys arriving together can act on stale state), each step seen on screen.
			const before = terminal.screen(name);
			tmux('send-keys', '-t', name, '/');
			await waitScreen(name, text => text !== before, 'the filter prompt');
			tmux('send-keys', '-t', name, '-l', guest.name);
			await waitScreen(name, text => text.split(guest.name).length > 2 || /filter/.test(text), 'the filter text');
			tmux('send-keys', '-t', name, 'Enter');
			await waitScreen(name, text => text.includes(`filter ${guest.name}`), 'the filtered VMs pane');
		}
		const rowOf = (text: string) => text.split('\n').find(line => line.includes(guest.name) && !line.includes('filter')) ?? '';
		await waitScreen('b', text => rowOf(text).includes('■'), 'the stopped guest (■) in console B');
		// The plugins load behind the (already live) first frame: until then the menu offers nothing.
		for (let attempt = 0; ; attempt++) {
			expect(attempt).toBeLessThan(30);
			tmux('send-keys', '-t', 'a', 'a');
			const menu = await waitScreen('a', text => text.includes(`Actions for ${guest.name}`), 'the action menu', 3000).catch(() => '');
			if (menu.includes('Start')) break;
			if (menu !== '') tmux('send-keys', '-t', 'a', 'Escape');
			await new Promise(resolve => setTimeout(resolve, 300));
		}
		tmux('send-keys', '-t', 'a', 'Enter');
		await waitScreen('a', text => text.includes('y/N'), 'the confirm gate');
		tmux('send-keys', '-t', 'a', 'y');
		await waitScreen('b', text => rowOf(text).includes('►'), 'the guest running (►) in console B', 30_000);
		const audit = readFileSync(path.join(rig.home.dir, 'state', 'audit.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(audit.at(-1)).toMatchObject({action: 'guest.start', targets: [guest.id], origin: 'console', result: 'ok', user: userInfo().username});
		// Written by the service: the consoles' own state dirs hold no audit log.
		expect(existsSync(path.join(rig.home.dir, 'a', 'audit.jsonl'))).toBe(false);
		expect(rig.serveLog()).toContain(`console attached: ${userInfo().username}`);
		// The service stops: console B carries on with its own poller and says so.
		await rig.stopServe();
		await waitScreen('b', text => text.includes('labdeck serve stopped'), 'the notice in console B');
		tmux('send-keys', '-t', 'b', 'q');
		tmux('send-keys', '-t', 'a', 'q');
		// Each console saves its state as it quits: wait for both before their folders are removed.
		await terminal.waitForExit(20_000, 'b');
		await terminal.waitForExit(20_000, 'a');
	});
});

// The console drives the core's real ActionLayer through the ActionRunner interface: the menu
// lists what the layer offers, the gate confirms, the plugin's action runs once, the run is
// audited, and read-only mode refuses.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {ActionLayer} from '../src/actions.js';
import {openAuditLog} from '../src/audit.js';
import type {ActionDef} from '../src/plugin-api.js';
import {App} from './App.js';
import type {ActionRunner} from './action-runner.js';
import {manualClock} from './clock.js';
import {keys, waitForFrame} from './test-fixtures/harness.js';
import {labStore, t0, topology} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
let cleanup: (() => void) | undefined;
afterEach(() => {
	cleanup?.();
	cleanup = undefined;
});

function start(isReadonly: boolean) {
	const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-runner-'));
	const store = labStore();
	const ran: string[] = [];
	const stop: ActionDef = {id: 'guest.stop', kind: 'guest', label: 'Stop', risk: 'low', run: async targets => {
		ran.push(targets.map(target => target.id).join(','));
		return {ok: true, message: `stopped ${targets.map(target => target.name).join(', ')}`};
	}};
	const runner: ActionRunner = new ActionLayer({store, actionsBySource: new Map([['pve-demo', [stop]]]), topology, audit: openAuditLog(dir), isReadonly, requestPoll: () => {}});
	const app = render(<App store={store} actions={runner} topology={topology} width={100} height={30} clock={manualClock(t0 + 1000)} initialPane="vms" onQuit={() => {}} />);
	cleanup = () => {
		app.unmount();
		rmSync(dir, {recursive: true, force: true});
	};
	const waitFor = (text: string) => waitForFrame(app.lastFrame, frame => frame.includes(text));
	const audit = () => readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as {action: string; result: string});
	return {app, ran, waitFor, audit};
}

describe('ActionRunner over the real ActionLayer', () => {
	it('menu, gate, one run, audited', async () => {
		const {app, ran, waitFor, audit} = start(false);
		await waitFor('VMs 12');
		app.stdin.write('a');
		await waitFor('Actions for nginx');
		app.stdin.write(keys.enter);
		await waitFor('Stop? (low)');
		app.stdin.write('y');
		await waitFor('✓ stopped nginx');
		expect(ran).toEqual(['guest:pve-demo/100']);
		expect(audit().map(record => [record.action, record.result])).toEqual([['guest.stop', 'ok']]);
	});
	it('read-only: the menu says actions are disabled and nothing runs', async () => {
		const {app, ran, waitFor} = start(true);
		await waitFor('VMs 12');
		app.stdin.write('a');
		await waitFor('actions are disabled (--readonly)');
		expect(ran).toEqual([]);
	});
});

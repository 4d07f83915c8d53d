import {describe, expect, it} from 'vitest';
import {ups} from './test-fixtures/entities.js';
import {appStarter, keys} from './test-fixtures/harness.js';
import {labStore} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter({pane: 'vms'});
const executions = (app: ReturnType<typeof start>) => app.actions.calls.filter(call => call.method === 'execute');

describe.each([
	[80, 24],
	[200, 60],
])('confirm gate at %i×%i', (width, height) => {
	it('low: Cancel is focused, Enter on the default cancels, y confirms', async () => {
		const app = start({width, height});
		await app.waitForText('VMs 12');
		app.press('a');
		await app.waitForText('Actions for nginx');
		app.press(keys.enter);
		const dialog = await app.waitForText('Start? (low)');
		expect(dialog).toMatch(/Cancel\]? .*Start/);
		app.press(keys.enter);
		await app.waitForText('cancelled');
		expect(executions(app)).toHaveLength(0);
		app.press('a', keys.enter);
		await app.waitForText('Start? (low)');
		app.press('y');
		await app.waitForText('✓ Start nginx: OK');
		expect(executions(app)).toHaveLength(1);
	});

	it('high: lists every marked target with its impact; Esc cancels; → then Enter confirms', async () => {
		const app = start({width, height});
		await app.waitForText('VMs 12');
		app.press(keys.space, keys.space, 'a');
		await app.waitForText('Actions for nginx, web');
		app.press(keys.down, keys.enter);
		const dialog = await app.waitForText('Shut down? (high, 2 targets)');
		expect(dialog).toContain('• nginx');
		expect(dialog).toContain('• web');
		app.press(keys.escape);
		await app.waitForText('cancelled');
		expect(executions(app)).toHaveLength(0);
		app.press('a', keys.down, keys.enter);
		await app.waitForText('Shut down? (high');
		app.press(keys.right, keys.enter);
		await app.waitForText('✓ Shut down nginx, web: OK');
		expect(app.actions.executed[0]!.plan.targets.map(target => target.name)).toEqual(['nginx', 'web']);
	});

	it('destructive: requires typing the name; Enter with nothing typed cancels', async () => {
		const app = start({width, height});
		await app.waitForText('VMs 12');
		app.press('a', keys.down, keys.down, keys.enter);
		await app.waitForText('Type nginx to confirm');
		app.press(keys.enter);
		await app.waitForText('cancelled');
		app.press('a', keys.down, keys.down, keys.enter);
		await app.waitForText('Type nginx to confirm');
		app.press(...'ngin', 'y', keys.enter);
		await app.waitForText('"nginy" does not match');
		expect(executions(app)).toHaveLength(0);
		app.press(keys.backspace, 'x', keys.enter);
		await app.waitForText('✓ Stop (hard) nginx: OK');
		expect(app.actions.executed[0]!.typed).toBe('nginx');
	});
});

describe('action flow', () => {
	it('a param step offers the choices, then confirms with the chosen value', async () => {
		const app = start();
		await app.waitForText('VMs 12');
		app.press('a', keys.down, keys.down, keys.down, keys.enter);
		await app.waitForText('Migrate: target node');
		app.press(keys.down, keys.enter);
		expect(await app.waitForText('Migrate? (high)')).toContain('to pve2');
		app.press('y');
		await app.waitForText('✓ Migrate nginx: OK');
		expect(app.actions.executed[0]!.plan.params).toEqual({target: 'pve2'});
	});

	it('Esc closes the action menu', async () => {
		const app = start();
		await app.waitForText('VMs 12');
		app.press('a');
		await app.waitForText('Actions for nginx');
		app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('Actions for'));
		expect(app.actions.calls.some(call => call.method === 'plan')).toBe(false);
	});

	it('--readonly: the action menu says actions are disabled', async () => {
		const app = start({isReadonly: true});
		await app.waitForText('VMs 12');
		app.press('a');
		await app.waitForText('actions are disabled (--readonly)');
		expect(app.actions.calls).toHaveLength(0);
	});

	it('power pane: S requests the shed-load plan for the UPS on battery', async () => {
		const store = labStore({drafts: {'ups-a': [ups('ups-a', {flags: ['on-battery'], statusText: 'on battery', runtimeSec: 720})]}});
		const app = start({store, pane: 'power'});
		await app.waitForText('ON BATTERY: ups-a · 12m runtime left');
		app.press('S');
		await app.waitForText('Enter (empty: the default)');
		app.press(keys.enter);
		await app.waitForText('Shed load? (destructive)');
		expect(app.actions.calls.filter(call => call.method === 'plan').at(-1)!.args[2]).toEqual({});
		app.press(...'ups-a', keys.enter);
		await app.waitForText('✓ Shed load ups-a: OK');
		expect(app.actions.executed[0]!.plan.actionId).toBe('power.shed-load');
	});
});

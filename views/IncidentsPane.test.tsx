// The first screen during an incident, on a crafted lab (UPS A → PDU A → pve1 and gpu-box-2):
// the console opens on the incidents pane with no key pressed, every pane carries the banner, the
// blast radius is whole at 80 columns, Enter goes to the cause's pane, and the confirm dialog
// takes the terminal's width with the blast radius wrapped.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {AlertEngine} from '../src/alerts.js';
import {kindRules} from '../src/kind-rules.js';
import {Store} from '../src/store.js';
import {setTriage, TriageEngine} from '../src/triage.js';
import {nodeOfflineRule} from '../plugins/proxmox/alert-rules.js';
import {emptyLab, pollLab, triageTopology, type LabState} from '../test/support/triage-lab.js';
import type {ActionPlan} from './action-runner.js';
import {ConfirmDialog} from './ConfirmDialog.js';
import {appStarter, expectFits, keys} from './test-fixtures/harness.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter({pane: 'racks', topology: triageTopology});
const t0 = 1_000_000;

function storeIn(state: LabState, seconds: number): Store {
	const triage = new TriageEngine(new AlertEngine([...kindRules, nodeOfflineRule], triageTopology), triageTopology);
	let snapshot = emptyLab();
	for (let at = 0; at <= seconds; at += 5) {
		snapshot = pollLab(snapshot, at < 10 ? {} : state, t0 + at * 1000);
		snapshot = setTriage(snapshot, triage.evaluate(snapshot, t0 + at * 1000));
	}
	return new Store(snapshot);
}

describe('incidents on the first screen at 80×24', () => {
	it('outlet 5 off: opens on the incidents pane naming the outlet, its machine and its GPUs; the banner stays on every pane', async () => {
		const app = start({store: storeIn({outlet5: 'off'}, 90), now: t0 + 91_000});
		const frame = await app.waitForText('Incidents (1)');
		expect(frame).toContain('CRIT PDU A outlet 5 off: gpu-box-2 without power');
		expect(frame).toMatch(/affects 1 device · 2 GPUs: gpu-box-2, gpu-box-2 GPU0/);
		expect(frame).toContain('folded: gpu-box-2 unreachable');
		expectFits(frame, 80, 24);
		app.press('6');
		const alerts = await app.waitForText('Alerts 1');
		expect(alerts).toContain('▲ PDU A outlet 5 off');
		expect(alerts).not.toContain('gpus-box-2 unreachable');
	});

	it('on battery: the banner names the UPS, its runtime and S; Enter goes to the power pane', async () => {
		const app = start({store: storeIn({onBattery: true}, 20), now: t0 + 21_000});
		const frame = await app.waitForText('Incidents (1)');
		expect(frame).toContain('▲ UPS A on battery · 23 min left · 7 affected · S shed');
		expect(frame).toContain('affects 3 devices · 2 guests · 2 GPUs: PDU A, pve1, gpu-box-2');
		app.press(keys.enter);
		const power = await app.waitFor(current => !current.includes('Incidents (1)'));
		expect(power).toContain('▲ UPS A on battery');
		expect(power).toMatch(/UPS A/);
	});

	it('a key pressed before the incident keeps the console where the user went', async () => {
		const app = start({store: storeIn({}, 20), now: t0 + 21_000});
		await app.waitForText('Racks');
		app.press('3');
		await app.waitForText('VMs');
		app.store.apply(snapshot => {
			const triage = new TriageEngine(new AlertEngine(kindRules, triageTopology), triageTopology);
			const next = pollLab(snapshot, {gpu0Celsius: 99}, t0 + 25_000);
			return setTriage(next, triage.evaluate(next, t0 + 25_000));
		});
		const frame = await app.waitForText('▲');
		expect(frame).not.toContain('Incidents (1)');
	});
});

describe('alerts pane', () => {
	it('Enter opens the alert with its blast radius whole; Enter again goes to its entity\'s pane', async () => {
		const app = start({store: storeIn({gpu0Celsius: 99}, 40), now: t0 + 41_000, pane: 'alerts'});
		await app.waitForText('Incidents (1)');
		app.press('6');
		await app.waitForText('Alerts 1');
		app.press(keys.enter);
		const detail = await app.waitForText('Alerts › detail');
		expect(detail).toContain('Enter: go to it');
		expect(detail).toMatch(/impact \(\d+\): /);
		app.press(keys.enter);
		await app.waitForText('GPUs');
		await app.waitFor(current => !current.includes('Alerts › detail') && /GPUs \d/.test(current));
	});
});

describe('confirm dialog', () => {
	it('takes the terminal width and wraps the blast radius whole', () => {
		const names = Array.from({length: 30}, (_, index) => `guest-${index}`);
		const plan: ActionPlan = {
			actionId: 'outlet.off', label: 'Switch off', risk: 'high', targets: [{id: 'outlet:p/1', kind: 'outlet', source: 'p', localId: '1', name: 'outlet 1', seenAt: 0, pdu: 'pdu:p/pdu', number: 1, state: 'on', loadAmps: 1, powerWatts: 100}],
			lines: ['switch outlet 1 off'], impact: [{target: 'outlet 1', dependents: names}], confirmName: undefined, params: {}, paramSpecs: [],
		};
		const frame = render(<ConfirmDialog plan={plan} focus="cancel" typed="" note={undefined} width={160} height={40} />).lastFrame() ?? '';
		expect(frame.split('\n')[0]!.length).toBe(160);
		const flat = frame.replace(/[│╭╮╰╯─]/g, '').replace(/\s+/g, ' ');
		for (const name of names) expect(flat).toContain(name);
	});
});

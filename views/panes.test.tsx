// Column sizing in the real panes, the power pane's shed plan, the VMs detail, at both sizes.
import {describe, expect, it} from 'vitest';
import {gpu, guest, outlet, pdu, ups} from './test-fixtures/entities.js';
import {appStarter, expectFits, keys} from './test-fixtures/harness.js';
import {labStore, proxmoxDrafts, t0} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter();
const fitsIn = expectFits;

const planLines = [
	'UPS A: runtime 12 min at 900 W; target 30 min',
	'  1. switch off dev-ws (dev-ws): saves 220 W → runtime ≈ 16 min',
	'  2. switch off gpu-box-1 (gpu-box-1): saves 650 W → runtime ≈ 41 min',
	'  projected runtime ≈ 41 min: reaches the target',
];

/** Two UPSes on battery: "UPS A" with 12 minutes left, "desk" with 40. */
function outageStore() {
	return labStore({
		drafts: {
			'ups-a': [
				ups('ups-a', {name: 'UPS A (Smart-UPS 3000)', flags: ['on-battery'], statusText: 'On battery', runtimeSec: 720, chargePercent: 80}),
				{...ups('ups-a', {name: 'desk', flags: ['on-battery'], statusText: 'on battery, discharging', runtimeSec: 2400}), id: 'ups:ups-a/desk', localId: 'desk'},
			],
			'pdu-a': [pdu('pdu-a', {name: 'PDU A (AP8941)'}), ...['pve1', 'pve2', 'gpu-box-1', 'a long outlet name for the NAS shelf'].map((name, index) => outlet('pdu-a', index + 1, name))],
		},
	});
}

describe.each([
	[80, 24],
	[200, 60],
])('panes at %i×%i', (width, height) => {
	it('power: banner per UPS on battery, the shed plan below it, S acts on the least runtime', async () => {
		const app = start({width, height, pane: 'power', store: outageStore(), planLines: {'power.shed-load': planLines}});
		const frame = await app.waitForText('shed-load plan');
		fitsIn(frame, width, height);
		const lines = frame.split('\n');
		const banner = lines.findIndex(line => line.includes('ON BATTERY: UPS A (Smart-UPS 3000) · 12m runtime left'));
		const plan = lines.findIndex(line => line.includes('shed-load plan (S to review and run it):'));
		expect(banner).toBeGreaterThan(0);
		expect(lines[banner + 1]).toContain('ON BATTERY: desk · 40m runtime left');
		expect(plan).toBe(banner + 2);
		expect(lines[plan + 1]).toContain('UPS A: runtime 12 min at 900 W; target 30 min');
		expect(frame).toContain('1. switch off dev-ws');
		// The plan was asked for the UPS with the least runtime, and so is S.
		const planned = app.actions.calls.filter(call => call.method === 'plan').map(call => call.args[1]);
		expect(planned).toContainEqual(['ups:ups-a/ups']);
		app.press('S');
		await app.waitForText('runtime to reach, minutes');
		app.press(keys.enter);
		await app.waitForText('Shed load? (destructive)');
		expect(app.actions.calls.filter(call => call.method === 'plan').at(-1)!.args.slice(0, 2)).toEqual(['power.shed-load', ['ups:ups-a/ups']]);
		app.press(keys.escape);
		await app.waitForText('cancelled');
	});

	it('power: S with a target runtime typed in plans with it', async () => {
		const app = start({width, height, pane: 'power', store: outageStore(), planLines: {'power.shed-load': planLines}});
		await app.waitForText('shed-load plan');
		app.press('S');
		await app.waitForText('runtime to reach, minutes');
		app.press('4', '5', keys.enter);
		await app.waitForText('Shed load? (destructive)');
		expect(app.actions.calls.filter(call => call.method === 'plan').at(-1)!.args).toEqual(['power.shed-load', ['ups:ups-a/ups'], {targetMinutes: '45'}]);
	});

	it('power: S acts on the selected UPS row, and the plan shown follows it', async () => {
		const app = start({width, height, pane: 'power', store: outageStore(), planLines: {'power.shed-load': planLines}});
		await app.waitForText('shed-load plan');
		app.press('j');
		await app.waitFor(frame => /›\s+desk/.test(frame));
		await app.waitFor(() => app.actions.calls.some(call => call.method === 'plan' && (call.args[1] as string[])[0] === 'ups:ups-a/desk'));
		app.press('S');
		await app.waitForText('runtime to reach, minutes');
		app.press(keys.enter);
		await app.waitForText('Shed load? (destructive)');
		expect(app.actions.calls.filter(call => call.method === 'plan').at(-1)!.args[1]).toEqual(['ups:ups-a/desk']);
	});

	it('power: a refused plan shows its one-line reason', async () => {
		const app = start({width, height, pane: 'power', store: outageStore(), planLines: {'power.shed-load': 'UPS A (Smart-UPS 3000): runtime already at or above the target'}});
		const frame = await app.waitForText('shed-load plan for UPS A');
		expect(frame).toMatch(/shed-load plan for UPS A \(Smart-UPS 3000\): runtime already at or above the target|shed-load plan for UPS A \(Smart-UPS 3000\): runtime already at or/);
		expect(frame).not.toContain('power.shed-load:');
		fitsIn(frame, width, height);
	});

	it('power: UPS rows whole at 200 columns, outlet columns at their content width', async () => {
		const app = start({width, height, pane: 'power', store: outageStore()});
		const frame = await app.waitForText('Power · 2 UPS · 4 outlets');
		fitsIn(frame, width, height);
		expect(frame).toContain('runtime    12m');
		if (width >= 200) {
			expect(frame).toContain('UPS A (Smart-UPS 3000) On battery');
			expect(frame).toContain('PDU A (AP8941)');
			expect(frame).toContain('a long outlet name for the NAS shelf');
			expect(frame).toContain('charge ████████');
		} else {
			expect(frame).toMatch(/UPS A \(Smart-UP… On battery +charge {2}80%/);
		}
	});

	it('GPUs: names lose "NVIDIA "/"GeForce " when narrow, are whole when wide', async () => {
		const store = labStore({drafts: {'gpus-box-1': [gpu('gpus-box-1', 'gpu-box-1', 0, 'NVIDIA GeForce RTX 3090'), gpu('gpus-box-1', 'gpu-box-1', 1, 'Tesla P40')]}});
		const app = start({width, height, pane: 'gpus', store});
		const frame = await app.waitForText('GPUs 3');
		fitsIn(frame, width, height);
		expect(frame).not.toContain('…');
		if (width >= 200) expect(frame).toContain('NVIDIA GeForce RTX 3090');
		else expect(frame).toMatch(/ 0 (GeForce )?RTX 3090 /);
		expect(frame).toContain('Tesla P40');
	});

	it('alerts: subject and impact shown whole at 200 columns before the message column fills', async () => {
		const store = labStore();
		store.apply(s => ({
			...s,
			alerts: [{id: 'a1', ruleId: 'ups.on-battery', severity: 'critical', source: 'ups-a', entityId: 'ups:ups-a/ups', message: 'ups-a: on battery, 12 min left', since: t0, impact: ['outlet:pdu-a/1', 'outlet:pdu-a/2', 'outlet:pdu-a/3', 'outlet:pdu-a/4']}],
		}));
		const app = start({width, height, pane: 'alerts', store});
		const frame = await app.waitForText('Alerts 1');
		fitsIn(frame, width, height);
		if (width >= 200) expect(frame).toContain('pve1, pve2, pve3, gpu-box-1');
		expect(frame).toContain('ups-a: on battery, 12 min left');
	});

	it('VMs detail: recent tasks (failed ones with their error) and passed-through devices with mappings', async () => {
		const drafts = proxmoxDrafts().map(draft =>
			draft.kind === 'guest' && draft.vmid === 120
				? {
						...draft,
						pciMappings: ['gpu0'],
						recentTasks: [
							{id: 'UPID:pve2:1', type: 'qmstart', user: 'root@pam', startTime: (t0 - 300_000) / 1000, endTime: (t0 - 296_000) / 1000, status: 'ok', isFailed: false},
							{id: 'UPID:pve2:2', type: 'vzdump', user: 'root@pam', startTime: (t0 - 7_200_000) / 1000, endTime: (t0 - 7_000_000) / 1000, status: 'job errors', isFailed: true},
						],
					}
				: draft,
		);
		const app = start({width, height, pane: 'vms', store: labStore({drafts: {'pve-demo': drafts}})});
		await app.waitForText('VMs 12');
		app.press(keys.down, keys.down, keys.enter);
		const frame = await app.waitForText('recent tasks (2)');
		fitsIn(frame, width, height);
		expect(frame).toContain('passed-through devices (2)');
		expect(frame).toMatch(/0000:41:00\.0 → pve2 GPU0 RTX 4080/);
		expect(frame).toContain('mapping gpu0');
		expect(frame).toMatch(/qmstart .*5m\d\ds ago +4s {2}ok/);
		expect(frame).toMatch(/vzdump .*2h0\dm ago +3m20s {2}job errors/);
	});

	it('VMs detail without tasks or devices says so', async () => {
		const app = start({width, height, pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press(keys.enter);
		const frame = await app.waitForText('recent tasks (0)');
		expect(frame).toContain('none reported');
		expect(frame).toContain('passed-through devices (0)');
	});
});

describe('keys in one input chunk', () => {
	it('a run of plain keys is split into key presses (tmux send-keys, fast typing over SSH)', async () => {
		const app = start({pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press('jj\r');
		expect(await app.waitForText('› detail')).toContain('120 ml-train');
	});

	it('a pasted filter arrives whole', async () => {
		const app = start({pane: 'vms'});
		await app.waitForText('VMs 12');
		app.press('/', 'node:pve2\r');
		await app.waitForText('VMs 5/12');
	});
});

describe('guest fixture', () => {
	it('has the new contract fields', () => {
		expect(guest('x', 1, 'a')).toMatchObject({pciMappings: [], recentTasks: []});
	});
});

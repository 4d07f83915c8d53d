// Outage triage on the demo lab's drills: the real simulators on loopback, the real lab (poller,
// alert and incident engines, action layer) and the real console at 80×24 through
// ink-testing-library. The first screen, with no key pressed, names the root cause and what it
// takes down; the shed plan is one key away on battery; a node going down and a GPU past its
// slowdown threshold surface within one poll interval plus the rule's duration; an operator's
// outlet-off raises no critical.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {startDemo, type DemoLab, type Scenario} from '../app/demo/demo.js';
import {demoLab} from '../app/demo/lab.js';
import type {DemoLabData} from '../app/demo/types.js';
import {plugins} from '../plugins/registry.js';
import {loadConfig} from '../src/config.js';
import {openLab, type Lab} from '../src/lab.js';
import {globalActions} from '../src/plans/global-actions.js';
import {providersOf} from '../src/store.js';
import {App} from '../views/App.js';
import {systemClock} from '../views/clock.js';
import {waitForFrame} from '../views/test-fixtures/harness.js';
import {formatQuery, runQuery} from '../app/cli/query.js';
import {schemaErrors} from './support/schema.js';

type Rig = {demo: DemoLab; lab: Lab; dir: string; frame: () => string; press: (keys: string) => void; unmount: () => void};
const rigs: Rig[] = [];

afterEach(async () => {
	for (const rig of rigs.splice(0)) {
		rig.unmount();
		await rig.lab.close();
		await rig.demo.stop();
		rmSync(rig.dir, {recursive: true, force: true});
	}
});

/** The demo lab without the local machine (this test is about the simulated lab). */
const simulated = (lab: DemoLabData = demoLab): DemoLabData => ({...lab, sources: []});

async function console80x24(scenario: Scenario | undefined, lab?: DemoLabData): Promise<Rig> {
	const demo = await startDemo(scenario, simulated(lab));
	const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-triage-'));
	const config = await loadConfig({path: demo.configPath, plugins, env: {}, defaultPath: demo.configPath});
	const labInstance = openLab({config, stateDir: dir, globalActions, providers: providersOf(plugins.kinds), shouldPersist: false});
	labInstance.poller.start();
	const app = render(<App store={labInstance.store} actions={labInstance.actions} topology={config.topology} width={80} height={24} clock={systemClock()} initialPane="racks" onQuit={() => {}} />);
	const rig: Rig = {demo, lab: labInstance, dir, frame: () => app.lastFrame() ?? '', press: keys => app.stdin.write(keys), unmount: () => app.unmount()};
	rigs.push(rig);
	return rig;
}

describe('outage triage on the demo drills, first screen at 80×24', () => {
	it('power-outage: the UPS on battery and what it feeds, with no key pressed; S opens the shed plan', async () => {
		const rig = await console80x24('power-outage');
		const frame = await waitForFrame(rig.frame, text => text.includes('UPS A (Smart-UPS 3000) on battery') && text.includes('affects') && text.includes('gpu-box-2'), 20_000);
		expect(frame).toMatch(/Incidents \(\d+\)/);
		expect(frame).toMatch(/min left/);
		expect(frame).toContain('S: shed plan');
		for (const device of ['PDU A', 'pve1', 'pve2', 'gpu-box-1']) expect(frame).toContain(device);
		await waitForFrame(rig.frame, () => rig.lab.store.getSnapshot().byKind.outlet.length >= 8, 10_000);
		let why = '';
		try {
			rig.lab.actions.plan('power.shed-load', ['ups:ups-a/ups']);
		} catch (error) {
			why = String(error);
		}
		expect(why).toBe('');
		rig.press('S');
		await waitForFrame(rig.frame, text => text.includes('Shed load'), 10_000);
		// The target runtime prompt (Enter: the default), then the plan with its blast radius.
		rig.press('\r');
		const plan = await waitForFrame(rig.frame, text => text.includes('switch off'), 10_000);
		expect(plan).toContain('blast radius');
		rig.press('\u001B');
		// `labdeck alerts` at 80 columns: the incident first, every affected device named, nothing cut.
		const result = await runQuery('alerts', rig.lab, undefined);
		expect(schemaErrors(result.document)).toBe('');
		const ups = result.document.incidents?.find(incident => incident.cause === 'ups-on-battery' && incident.subject === 'ups:ups-a/ups');
		expect(ups?.affected.map(entry => entry.name)).toEqual(expect.arrayContaining(['PDU A', 'pve1', 'pve2', 'pve3', 'gpu-box-1', 'gpu-box-2', 'switch']));
		const text = formatQuery(result, false, 80);
		expect(text.split('\n').every(line => line.length <= 80)).toBe(true);
		const flat = text.replace(/\n\s+/g, ' ');
		for (const entry of ups!.affected) expect(flat).toContain(entry.name);
	}, 40_000);

	it('gpu-overheat: the hot GPU and its incident banner are on the first screen, then it escalates to critical', async () => {
		const rig = await console80x24('gpu-overheat');
		const started = Date.now();
		// The drill starts at 86 °C (past the 80 °C warning) and climbs 0.5 °C/s to its 95 °C slowdown threshold.
		const first = await waitForFrame(rig.frame, text => /WARN gpu-box-1 GPU0 .* hot, heading for its slowdown/.test(text), 15_000);
		// Within one poll interval (5 s) of the console's start, with no key pressed: the banner too.
		expect((Date.now() - started) / 1000).toBeLessThan(5 + 2);
		expect(first).toMatch(/Incidents \(1\)/);
		expect(first).toMatch(/△ gpu-box-1 GPU0 .* · \d+ °C for \d+s/);
		const warned = rig.lab.store.getSnapshot().alerts.filter(alert => alert.entityId?.startsWith('gpu:gpus-box-1/'));
		expect(warned.map(alert => `${alert.severity} ${alert.ruleId}`)).toEqual(['warning gpu.temp-high']);
		// Past the threshold about 18 s in: the same incident escalates to critical.
		const frame = await waitForFrame(rig.frame, text => /CRIT gpu-box-1 GPU0 .* past its slowdown threshold/.test(text), 35_000);
		expect((Date.now() - started) / 1000).toBeLessThan(18 + 5 + 2);
		expect(frame).toMatch(/▲ gpu-box-1 GPU0 /);
		expect(frame).toMatch(/Incidents \(\d+\)/);
		// One alert per condition: the GPU's warning escalated, it does not stand beside the critical.
		const hot = rig.lab.store.getSnapshot().alerts.filter(alert => alert.entityId?.startsWith('gpu:gpus-box-1/'));
		expect(hot.map(alert => alert.severity)).toEqual(['critical']);
		const incidents = rig.lab.store.getSnapshot().incidents.filter(incident => incident.subject === 'gpu:gpus-box-1/0');
		expect(incidents.map(incident => incident.severity)).toEqual(['critical']);
	}, 90_000);

	it('node-down: surfaces within one poll interval of the node going down (the escalation after the rule duration: src/alerts.test.ts)', async () => {
		const quick: DemoLabData = {...demoLab, scenarios: {...demoLab.scenarios, 'node-down': {description: 'pve3 drops out after 2 s', nodeDown: {device: 'pve3', afterSec: 2}}}};
		const started = Date.now();
		const rig = await console80x24('node-down', quick);
		await waitForFrame(rig.frame, text => text.includes('Proxmox node pve3 offline'), 20_000);
		const elapsedSec = (Date.now() - started) / 1000;
		// Down after 2 s, seen at the next poll (interval 5 s), shown as a warning at once.
		expect(elapsedSec).toBeLessThan(2 + 5 + 3);
		const frame = await waitForFrame(rig.frame, text => text.includes('WARN Proxmox node pve3 offline'), 2000);
		expect(frame).toMatch(/affects \d+ guests?: /);
		expect(frame).toMatch(/offline for \d+s/);
	}, 40_000);

	it('Home Assistant on guest 102 (its runsOn): stopping the guest reads as one hub incident, the hub source folded under it', async () => {
		const rig = await console80x24(undefined);
		const isUp = () => rig.lab.store.getSnapshot().sources['ha-demo']?.status === 'ok' && rig.lab.store.getSnapshot().entities.get('guest:pve-demo/102') !== undefined;
		await waitForFrame(rig.frame, isUp, 20_000);
		const automations = rig.lab.store.getSnapshot().byKind.automation.filter(entity => entity.source === 'ha-demo').length;
		const plan = rig.lab.actions.plan('guest.stop', ['guest:pve-demo/102']);
		// The confirm gate's blast radius names the hub's automations, from the source's runsOn.
		const haNames = rig.lab.store.getSnapshot().byKind.automation.filter(entity => entity.source === 'ha-demo').map(entity => entity.name);
		const impact = plan.impact.flatMap(entry => entry.dependents);
		expect(impact.filter(name => haNames.includes(name))).toHaveLength(haNames.length);
		const outcome = await rig.lab.actions.execute(plan, {isConfirmed: true, typed: plan.confirmName}, {origin: 'console'});
		expect(outcome.ok).toBe(true);
		await waitForFrame(rig.frame, () => rig.lab.store.getSnapshot().sources['ha-demo']?.status === 'down' && rig.lab.store.getSnapshot().incidents.some(incident => incident.cause === 'hub-stopped'), 30_000);
		rig.lab.evaluateAlerts();
		const snapshot = rig.lab.store.getSnapshot();
		const hub = snapshot.incidents.filter(incident => incident.subject === 'guest:pve-demo/102');
		expect(hub.map(incident => incident.cause)).toEqual(['hub-stopped']);
		expect(hub[0]!.title).toMatch(new RegExp(`^Home Assistant hub VM 102 \\S+ stopped: ${automations} automations stale$`));
		expect(hub[0]!.planned).toMatchObject({action: 'guest.stop', origin: 'console'});
		// Its source going down is a symptom folded under it: no incident or paging alert of its own.
		expect(hub[0]!.alerts.map(alert => `${alert.ruleId} ${alert.source}`)).toContain('source.down ha-demo');
		expect(snapshot.incidents.filter(incident => incident.subject === 'source:ha-demo')).toEqual([]);
		expect(snapshot.alerts.filter(alert => alert.source === 'ha-demo')).toEqual([]);
	}, 60_000);

	it("an operator's outlet-off is planned: the outlet named, its machine's sources folded, no critical", async () => {
		const rig = await console80x24(undefined);
		await waitForFrame(rig.frame, () => rig.lab.store.getSnapshot().entities.get('outlet:pdu-a/5') !== undefined && rig.lab.store.getSnapshot().sources['gpu-box-2']?.status === 'ok', 20_000);
		const plan = rig.lab.actions.plan('outlet.off', ['outlet:pdu-a/5']);
		const outcome = await rig.lab.actions.execute(plan, {isConfirmed: true, typed: plan.confirmName}, {origin: 'console'});
		expect(outcome.ok).toBe(true);
		// Planned: it does not page, so the console stays where it was; 0 shows it.
		rig.press('0');
		const frame = await waitForFrame(rig.frame, text => text.includes('PLAN') && text.includes('outlet 5 off'), 20_000);
		expect(frame).toContain('gpu-box-2');
		// Its machine's sources go down, and stay folded under the planned outlet.
		await waitForFrame(rig.frame, () => rig.lab.store.getSnapshot().sources['gpus-box-2']?.status === 'down', 20_000);
		rig.lab.evaluateAlerts();
		const snapshot = rig.lab.store.getSnapshot();
		expect(snapshot.alerts.filter(alert => alert.severity === 'critical')).toEqual([]);
		expect(snapshot.alerts.filter(alert => alert.source === 'gpu-box-2' || alert.source === 'gpus-box-2')).toEqual([]);
		const incident = snapshot.incidents.find(item => item.subject === 'outlet:pdu-a/5');
		expect(incident).toMatchObject({severity: 'info', planned: {action: 'outlet.off', origin: 'console'}});
		expect(incident?.alerts.map(alert => alert.source)).toEqual(expect.arrayContaining(['gpus-box-2']));
		const result = await runQuery('alerts', rig.lab, 'critical');
		expect(schemaErrors(result.document)).toBe('');
		expect(result.document.alerts.filter(alert => alert.severity === 'critical')).toEqual([]);
		expect(result.document.incidents?.find(item => item.subject === 'outlet:pdu-a/5')?.planned).toMatchObject({action: 'outlet.off', origin: 'console'});
		expect(formatQuery(result, false, 100)).toContain('PLANNED  PDU A (AP8941) outlet 5 off: gpu-box-2 without power');
	}, 60_000);
});

// The hosts pane over a real store: one row per machine (a node seen over the API and over SSH
// is one row, with both sources named), and dead looks dead at 80×24 and 200×60 — the state
// cell says powered off and since when, the last-known values are not shown as live, the
// columns survive, the detail carries the stale marker and its sparklines stop. Same for the
// machine's GPUs in the GPUs pane.
import {describe, expect, it} from 'vitest';
import {applyFailure, applyPoll} from '../src/store.js';
import {gpu, host, outlet, pdu} from './test-fixtures/entities.js';
import {appStarter, expectFits, keys} from './test-fixtures/harness.js';
import {labDrafts, labStore, t0} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter({pane: 'hosts'});

/** The lab with pve2 also seen over SSH, and gpu-box-1's OS over SSH. */
function store() {
	return labStore({drafts: {
		'pve2-ssh': [host('pve2-ssh', 'pve2', {role: 'remote', cpu: {usage: 33, cores: 32, perCore: [], model: null}})],
		'box1-ssh': [host('box1-ssh', 'gpu-box-1', {role: 'remote', cpu: {usage: 21, cores: 16, perCore: [], model: null}, temperatures: [{label: 'cpu', celsius: 57}], uptimeSec: 86_400})],
	}});
}

/** gpu-box-1's outlet switched off 30 s after t0; its SSH and GPU sources stop answering. */
function powerOff(lab: ReturnType<typeof store>) {
	const at = t0 + 30_000;
	const outlets = labDrafts()['pdu-a']!.map(draft => (draft.kind === 'outlet' && draft.number === 4 ? outlet('pdu-a', 4, 'gpu-box-1', {state: 'off'}) : draft));
	lab.apply(s => applyPoll(s, 'pdu-a', {entities: [pdu('pdu-a'), ...outlets.filter(draft => draft.kind === 'outlet')]}, at, 12));
	for (const id of ['box1-ssh', 'gpus-box-1']) lab.apply(s => applyFailure(s, id, 'connect ECONNREFUSED 127.0.0.1:22', 'UnreachableError', at));
	// Everything else answered at the same poll.
	for (const [id, drafts] of Object.entries({...labDrafts(), 'pve2-ssh': [host('pve2-ssh', 'pve2', {role: 'remote'})]})) if (!['pdu-a', 'gpus-box-1'].includes(id)) lab.apply(s => applyPoll(s, id, {entities: drafts}, at, 12));
	return at;
}

describe.each([[80, 24], [200, 60]] as const)('hosts pane at %i×%i', (width, height) => {
	it('one row per machine: pve2 once, with the sources that see it', async () => {
		const app = start({width, height, store: store()});
		const frame = await app.waitForText('Hosts 5');
		expectFits(frame, width, height);
		expect(frame.match(/ pve2 /g)).toHaveLength(1);
		expect(frame.match(/ gpu-box-1 /g)).toHaveLength(1);
		if (width >= 200) expect(frame).toMatch(/● up +pve2 .*pve-demo,pve2-ssh,gpus-pve2/);
	});

	it('dead looks dead: powered off with its age, no live CPU or uptime, TEMP kept, no extra stale column; the detail says so and its sparklines stop', async () => {
		const lab = store();
		const at = powerOff(lab);
		const app = start({width, height, store: lab, now: at + 5_000});
		const frame = await app.waitForText('gpu-box-1');
		expectFits(frame, width, height);
		const row = frame.split('\n').find(line => line.includes(' gpu-box-1 '))!;
		expect(row).toMatch(/■ off 35s +gpu-box-1 +– /);
		expect(row).not.toContain('21%');
		expect(row).not.toContain('1d0h');
		expect(row).toContain('57°C');
		expect(row).not.toContain('stale');
		expect(frame.split('\n').find(line => /STATE/.test(line))).toMatch(/TEMP/);
		// Its row selected: the bottom line says why.
		const lines = frame.split('\n');
		const index = lines.filter(line => /^ {3}\S|^› /.test(line)).findIndex(line => line.includes(' gpu-box-1 '));
		app.press(...Array.from({length: Math.max(0, index - 1)}, () => keys.down));
		await app.waitForText(/gpu-box-1: POWERED OFF \(outlet pdu-a:4 off\)/);
		app.press(keys.enter);
		const detail = await app.waitForText('› detail');
		expectFits(detail, width, height);
		expect(detail).toContain('POWERED OFF (outlet pdu-a:4 off)');
		expect(detail).toContain('stopped 35s ago');
		expect(detail).toMatch(/box1-ssh \(remote\) · stale/);
	});

	it('GPUs of a dead machine say so instead of 40 % and 200 W; TEMP and OWNER stay on the row', async () => {
		const lab = store();
		const at = powerOff(lab);
		const app = start({width, height, store: lab, now: at + 5_000, pane: 'gpus'});
		const frame = await app.waitForText('GPUs 3');
		expectFits(frame, width, height);
		const header = frame.split('\n').find(line => /HOST/.test(line))!;
		expect(header).toMatch(/TEMP/);
		expect(header).toMatch(/OWNER/);
		const rows = frame.split('\n').filter(line => /gpu-box-1 +\d /.test(line));
		expect(rows).toHaveLength(2);
		for (const row of rows) {
			expect(row).toMatch(/■ off/);
			expect(row).not.toMatch(/40%|200\//);
		}
		expect(frame).toMatch(/pve2 +0 .*120 ml-train/);
	});
});

describe('hosts pane: a machine comes back', () => {
	it('shows the new poll\'s uptime and rates, not the ones from before', async () => {
		const lab = store();
		const at = powerOff(lab);
		const back = at + 60_000;
		lab.apply(s => applyPoll(s, 'pdu-a', {entities: labDrafts()['pdu-a']!}, back, 12));
		lab.apply(s => applyPoll(s, 'box1-ssh', {entities: [host('box1-ssh', 'gpu-box-1', {role: 'remote', cpu: {usage: 3, cores: 16, perCore: [], model: null}, uptimeSec: 50})]}, back, 12));
		lab.apply(s => applyPoll(s, 'gpus-box-1', {entities: [gpu('gpus-box-1', 'gpu-box-1', 0, 'RTX 3090'), gpu('gpus-box-1', 'gpu-box-1', 1, 'RTX 3090')]}, back, 12));
		const app = start({width: 200, height: 60, store: lab, now: back + 1000});
		const frame = await app.waitForText('gpu-box-1');
		const row = frame.split('\n').find(line => line.includes(' gpu-box-1 '))!;
		expect(row).toMatch(/● up +gpu-box-1 +3\.0%/);
		expect(row).toContain('50s');
		expect(row).not.toContain('1d0h');
	});
});

describe('a machine known only through its BMC', () => {
	const bmcDraft = {
		id: 'bmc:ilo-spare/system', kind: 'bmc', source: 'ilo-spare', localId: 'system', name: 'spare iLO', model: 'ProLiant ML350 Gen9', manufacturer: 'HPE', serial: 'CZ1', hostname: 'spare-srv.lab',
		biosVersion: 'P92', bmcFirmware: '2.82', powerState: 'on', chassisPowerState: 'on', health: 'warning', subsystems: {system: 'ok', thermal: 'ok', power: 'warning', manager: 'ok'}, indicatorLed: 'off',
		temperatures: [{name: '01-Inlet Ambient', celsius: 23, upperNonCritical: 42, upperCritical: 46, upperFatal: null, health: 'ok'}], fans: [], fanRedundancyLost: null,
		powerSupplies: [], psuRedundancyLost: true, powerWatts: 188, events: [], resetTypes: ['On', 'ForceOff'],
	} as const;

	it('is a row in Hosts (power, health, inlet, watts) and in Racks', async () => {
		const lab = labStore({drafts: {'ilo-spare': [bmcDraft]}});
		const hosts = start({width: 200, height: 60, store: lab});
		const frame = await hosts.waitForText('spare-srv');
		expect(frame).toMatch(/● up +spare-srv +– +– +– +– +23°C +188W +on warning +– +ilo-spare/);
		hosts.unmount();
		const racks = start({width: 200, height: 60, store: lab, pane: 'racks'});
		expect(await racks.waitForText('Racks 9')).toMatch(/\(no rack\) +– +spare-srv +● up/);
	});
});

import {describe, expect, it} from 'vitest';
import {incidentBanner, IncidentEngine, type Triage} from './incidents.js';
import {PlannedChanges} from './planned-changes.js';
import type {Snapshot} from './model.js';
import {AlertEngine} from './alerts.js';
import {nodeOfflineRule} from '../plugins/proxmox/alert-rules.js';
import {applyFailure, applyPoll, emptySnapshot, setSources} from './store.js';
import {parseTopology} from './config-topology.js';
import {dependents} from './topology.js';
import {guestDraft, hostDraft} from '../test/support/entities.js';
import {emptyLab, pollLab, triageAlertEngine, triageTopology, type LabState} from '../test/support/triage-lab.js';

/** Drives the crafted lab through states, one poll every 5 s, and returns the last triage. */
function run(states: readonly {readonly at: number; readonly state: LabState}[], planned?: PlannedChanges): {triage: Triage; snapshot: Snapshot} {
	const alerts = triageAlertEngine();
	const incidents = new IncidentEngine(triageTopology);
	let snapshot = emptyLab();
	let triage: Triage = {alerts: [], incidents: []};
	for (const {at, state} of states) {
		snapshot = pollLab(snapshot, state, at);
		triage = incidents.correlate(snapshot, alerts.evaluate(snapshot, at), at, planned ? id => planned.lookup(id, at) : undefined);
	}
	return {triage, snapshot};
}

const every5s = (fromSec: number, toSec: number, state: LabState) => Array.from({length: Math.floor((toSec - fromSec) / 5) + 1}, (_, index) => ({at: 1_000_000 + (fromSec + index * 5) * 1000, state}));
const summary = (triage: Triage) => triage.alerts.map(alert => `${alert.severity} ${alert.ruleId}`);

describe('incident correlation', () => {
	it('a quiet lab has no incident', () => {
		const {triage} = run(every5s(0, 20, {}));
		expect(triage).toEqual({alerts: [], incidents: []});
	});

	it('outlet 5 off folds both unreachable sources under one critical naming the outlet', () => {
		const {triage} = run([...every5s(0, 10, {}), ...every5s(15, 120, {outlet5: 'off'})]);
		expect(summary(triage)).toEqual(['critical incident.outlet-off']);
		expect(triage.alerts[0]?.message).toContain('PDU A outlet 5 off: gpu-box-2 without power');
		expect(triage.incidents).toHaveLength(1);
		const [incident] = triage.incidents;
		expect(incident).toMatchObject({cause: 'outlet-off', severity: 'critical', subject: 'outlet:pdu-a/5', title: 'PDU A outlet 5 off: gpu-box-2 without power'});
		expect(incident?.affectedNames).toEqual(['gpu-box-2', 'gpu-box-2 GPU0 NVIDIA GeForce RTX 3090', 'gpu-box-2 GPU1 NVIDIA GeForce RTX 3090']);
		expect(incident?.alerts.map(alert => `${alert.severity} ${alert.ruleId} ${alert.source}`)).toEqual(['critical source.down gpu-box-2', 'critical source.down gpus-box-2']);
		expect(incident?.figure).toBe('off for 1m45s');
	});

	it("an operator's outlet-off is planned: no critical, the action and its time recorded", () => {
		const planned = new PlannedChanges();
		planned.note({action: 'outlet.off', targets: ['outlet:pdu-a/5'], result: 'ok', origin: 'console', time: new Date(1_012_000).toISOString(), user: 'ops'});
		const {triage} = run([...every5s(0, 10, {}), ...every5s(15, 120, {outlet5: 'off'})], planned);
		expect(triage.alerts.filter(alert => alert.severity === 'critical')).toEqual([]);
		expect(summary(triage)).toEqual(['info incident.outlet-off']);
		expect(triage.incidents[0]).toMatchObject({severity: 'info', planned: {action: 'outlet.off', at: 1_012_000, user: 'ops', origin: 'console'}});
		expect(triage.incidents[0]?.figure).toBe('outlet.off by ops, 1m48s ago');
	});

	it('on battery, a shed plan step is planned under the UPS incident: one critical, not four', () => {
		const planned = new PlannedChanges();
		planned.note({action: 'outlet.off', targets: ['outlet:pdu-a/5', 'outlet:pdu-a/1'], result: 'step', origin: 'console', time: new Date(1_012_000).toISOString(), user: 'ops'});
		const {triage} = run([...every5s(0, 10, {onBattery: true}), ...every5s(15, 120, {onBattery: true, outlet5: 'off', outlet1: 'off', pve1Online: false})], planned);
		expect(triage.alerts.filter(alert => alert.severity === 'critical').map(alert => alert.ruleId)).toEqual(['ups.on-battery']);
		expect(triage.incidents.map(incident => `${incident.severity} ${incident.cause}`)).toEqual(['critical ups-on-battery']);
		const [ups] = triage.incidents;
		expect(ups?.title).toBe('UPS A on battery');
		expect(ups?.figure).toBe('23 min left, charge 91 %');
		expect(ups?.plannedSteps.map(step => `${step.name}: ${step.change.action} (${step.change.origin})`)).toEqual(['PDU A outlet 1 off: pve1 without power: outlet.off (plan step)', 'PDU A outlet 5 off: gpu-box-2 without power: outlet.off (plan step)']);
		expect(ups?.affectedNames).toEqual(expect.arrayContaining(['PDU A', 'pve1', 'gpu-box-2', '101 vm101', '102 vm102']));
	});

	it('a node down is a warning within one poll, critical after the rule duration, with its guests', () => {
		const early = run([...every5s(0, 10, {}), ...every5s(15, 15, {pve1Online: false})]).triage;
		expect(early.incidents.map(incident => `${incident.severity} ${incident.title}`)).toEqual(['warning Proxmox node pve1 offline']);
		expect(early.incidents[0]?.affectedNames).toEqual(['101 vm101', '102 vm102']);
		const late = run([...every5s(0, 10, {}), ...every5s(15, 75, {pve1Online: false})]).triage;
		expect(late.incidents.map(incident => `${incident.severity} ${incident.cause}`)).toEqual(['critical node-down']);
		expect(summary(late)).toEqual(['critical proxmox.node-offline']);
	});

	it('a node behind an outlet that is off folds under the outlet', () => {
		const {triage} = run([...every5s(0, 10, {}), ...every5s(15, 90, {outlet1: 'off', pve1Online: false})]);
		expect(triage.incidents.map(incident => `${incident.severity} ${incident.cause} ${incident.subject}`)).toEqual(['critical outlet-off outlet:pdu-a/1']);
		expect(triage.incidents[0]?.alerts.map(alert => alert.ruleId)).toEqual(['proxmox.node-offline']);
		expect(summary(triage)).toEqual(['critical incident.outlet-off']);
	});

	it('a GPU past its slowdown threshold is one critical incident with its temperature', () => {
		const {triage} = run([...every5s(0, 10, {}), ...every5s(15, 60, {gpu0Celsius: 99})]);
		expect(summary(triage)).toEqual(['critical gpu.temp-slowdown']);
		expect(triage.incidents).toHaveLength(1);
		expect(triage.incidents[0]).toMatchObject({cause: 'alert', severity: 'critical', subject: 'gpu:gpus-box-2/0', pane: 'gpus'});
		expect(triage.incidents[0]?.figure).toBe('99 °C for 45s');
	});
});

describe('hub VM stopped', () => {
	it('a stopped guest in the device of a hub\'s automations is the cause; the automations are what it takes down', () => {
		const topology = {racks: [], devices: [{id: 'ha', name: 'Home Assistant VM', power: [], entities: ['guest:pve/150', 'automation:ha/lights', 'automation:ha/heating']}]};
		const automation = (localId: string) => ({id: `automation:ha/${localId}`, kind: 'automation' as const, source: 'ha', localId, name: localId, hub: 'Home Assistant', automationType: 'automation' as const, state: 'on' as const, mode: null, currentRuns: null, value: null, attributes: {}, recentRuns: [], expectedWithinSec: null, runsOn: null, isEnabled: true, lastTriggered: null});
		let snapshot = setSources(emptySnapshot('hub'), ['pve', 'ha'].map(id => ({id, type: 't', name: id, status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0})));
		snapshot = applyPoll(snapshot, 'pve', {entities: [hostDraft('pve', 'pve1'), guestDraft('pve', 150, 'pve1', {name: 'homeassistant', status: 'stopped'})]}, 1000, 1);
		snapshot = applyPoll(snapshot, 'ha', {entities: [automation('lights'), automation('heating')]}, 1000, 1);
		const triage = new IncidentEngine(topology).correlate(snapshot, [], 1000);
		expect(triage.incidents.map(incident => `${incident.severity} ${incident.cause} ${incident.title}`)).toEqual(['critical hub-stopped Home Assistant hub VM 150 homeassistant stopped: 2 automations stale']);
		expect(triage.incidents[0]?.affectedNames).toEqual(['lights', 'heating']);
		expect(triage.alerts.map(alert => alert.ruleId)).toEqual(['incident.hub-stopped']);
	});
	it('the link comes from the hub source\'s runsOn: one incident for the stopped guest, its automations and its source going down folded', () => {
		const warnings: string[] = [];
		const topology = parseTopology({devices: [{id: 'pve1', entities: ['host:pve/pve1']}], sources: [{id: 'ha', type: 'homeassistant', runsOn: 'guest:pve/102'}, {id: 'pve', type: 'proxmox'}]}, 'lab.json', warnings);
		expect(warnings).toEqual([]);
		expect(topology.runsOn).toEqual({ha: 'guest:pve/102'});
		const automation = (localId: string) => ({id: `automation:ha/${localId}`, kind: 'automation' as const, source: 'ha', localId, name: localId, hub: 'Home Assistant', automationType: 'automation' as const, state: 'on' as const, mode: null, currentRuns: null, value: null, attributes: {}, recentRuns: [], expectedWithinSec: null, runsOn: 'guest:pve/102', isEnabled: true, lastTriggered: null});
		let snapshot = setSources(emptySnapshot('hub'), ['pve', 'ha'].map(id => ({id, type: 't', name: id, status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0})));
		snapshot = applyPoll(snapshot, 'ha', {entities: ['lights', 'heating', 'leak_alarm'].map(automation)}, 0, 1);
		const alerts = new AlertEngine([], topology);
		const incidents = new IncidentEngine(topology);
		let triage: Triage = {alerts: [], incidents: []};
		for (let at = 0; at <= 90_000; at += 5000) {
			snapshot = applyPoll(snapshot, 'pve', {entities: [hostDraft('pve', 'pve1'), guestDraft('pve', 102, 'pve1', {name: 'homeassistant', status: at >= 10_000 ? 'stopped' : 'running'})]}, at, 1);
			if (at >= 10_000) snapshot = applyFailure(snapshot, 'ha', 'ha: connect ECONNREFUSED 127.0.0.1:8123', 'UnreachableError', at);
			triage = incidents.correlate(snapshot, alerts.evaluate(snapshot, at), at);
		}
		expect(triage.incidents.map(incident => `${incident.severity} ${incident.cause} ${incident.title}`)).toEqual(['critical hub-stopped Home Assistant hub VM 102 homeassistant stopped: 3 automations stale']);
		expect(triage.incidents[0]?.alerts.map(alert => `${alert.ruleId} ${alert.source}`)).toEqual(['source.down ha']);
		expect(triage.alerts.map(alert => alert.ruleId)).toEqual(['incident.hub-stopped']);
		// The topology knows it too: the guest's dependents (a confirm gate's blast radius) name the automations.
		expect(dependents(snapshot, topology, 'guest:pve/102')).toEqual(['automation:ha/lights', 'automation:ha/heating', 'automation:ha/leak_alarm']);
	});

	it('a runsOn that names neither an entity nor a device is a one-line warning', () => {
		const warnings: string[] = [];
		parseTopology({sources: [{id: 'ha', runsOn: 'hass-vm'}, {id: 'hs', runsOn: 7}]}, 'lab.json', warnings);
		expect(warnings).toEqual([
			'lab.json: source "ha": "runsOn" names "hass-vm", neither an entity id (kind:source/id) nor a device of the config',
			'lab.json: source "hs": "runsOn" must be an entity id (guest:pve/105) or a device id, ignored',
		]);
	});
});

describe('incident banner', () => {
	it('is whole when it fits; narrow, it keeps the cause, the key figure and the count', () => {
		const {triage} = run([...every5s(0, 10, {onBattery: true, gpu0Celsius: 99})]);
		expect(incidentBanner(triage.incidents)).toMatch(/^▲ UPS A on battery · 23 min left, charge 91 % · affects .* · S: shed plan · \+1 more \(0: incidents\)$/);
		const narrow = incidentBanner(triage.incidents, 60)!;
		expect(narrow.length).toBeLessThanOrEqual(60);
		expect(narrow).toMatch(/^▲ UPS A on battery · 23 min left · \d+ affected · S shed · \+1$/);
		expect(incidentBanner([])).toBeUndefined();
	});
});

describe('machine powered off', () => {
	it('a BMC saying its server is off is the cause; the node and its guests fold under it', () => {
		const topology = {racks: [], devices: [{id: 'srv1', name: 'srv1', power: [], entities: ['bmc:bmc/srv1', 'host:pve/pve1']}]};
		const bmc = {id: 'bmc:bmc/srv1', kind: 'bmc' as const, source: 'bmc', localId: 'srv1', name: 'iLO srv1', model: null, manufacturer: null, serial: null, hostname: 'pve1', biosVersion: null, bmcFirmware: null, powerState: 'off' as const, chassisPowerState: 'off' as const, health: null, subsystems: {system: null, thermal: null, power: null, manager: null}, indicatorLed: 'off' as const, temperatures: [], fans: [], fanRedundancyLost: null, powerSupplies: [], psuRedundancyLost: null, powerWatts: null, events: [], resetTypes: []};
		let snapshot = setSources(emptySnapshot('srv'), ['pve', 'bmc'].map(id => ({id, type: 't', name: id, status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0})));
		const alerts = new AlertEngine([nodeOfflineRule], topology);
		const incidents = new IncidentEngine(topology);
		let triage: Triage = {alerts: [], incidents: []};
		for (let at = 0; at <= 90_000; at += 5000) {
			snapshot = applyPoll(snapshot, 'pve', {entities: [hostDraft('pve', 'pve1', {isOnline: false}), guestDraft('pve', 101, 'pve1', {status: 'unknown'})]}, at, 1);
			snapshot = applyPoll(snapshot, 'bmc', {entities: [bmc]}, at, 1);
			triage = incidents.correlate(snapshot, alerts.evaluate(snapshot, at), at);
		}
		expect(triage.incidents.map(incident => `${incident.severity} ${incident.cause} ${incident.title}`)).toEqual(['critical machine-off srv1 powered off (BMC iLO srv1)']);
		expect(triage.incidents[0]?.alerts.map(alert => `${alert.severity} ${alert.ruleId}`)).toEqual(['critical proxmox.node-offline']);
		expect(triage.incidents[0]?.affectedNames).toEqual(['srv1', '101 vm101']);
		expect(triage.alerts.map(alert => `${alert.severity} ${alert.ruleId}`)).toEqual(['critical incident.machine-off']);
	});
});

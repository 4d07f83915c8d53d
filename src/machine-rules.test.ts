import {describe, expect, it} from 'vitest';
import {AlertEngine} from './alerts.js';
import type {BmcEntity, EntityDraft} from './entities.js';
import {IncidentEngine, type Triage} from './incidents.js';
import {machineFindings} from './machine-rules.js';
import type {SourceHealth, Snapshot, Topology} from './model.js';
import {applyFailure, applyPoll, emptySnapshot, setSources} from './store.js';
import {nodeOfflineRule} from '../plugins/proxmox/alert-rules.js';
import {hostDraft, outletDraft} from '../test/support/entities.js';

// srv1: an SSH host and a BMC, fed by PDU outlet 1; pve1: a Proxmox node with its BMC.
const topology: Topology = {
	racks: [],
	devices: [
		{id: 'srv1', name: 'srv1', power: ['outlet:pdu/1'], entities: ['host:ssh/srv1', 'bmc:bmc/srv1']},
		{id: 'pve1', name: 'pve1', power: [], entities: ['host:pve/pve1', 'bmc:bmc2/pve1']},
	],
};

const bmcDraft = (source: string, localId: string, powerState: BmcEntity['powerState']): Omit<BmcEntity, 'seenAt'> => ({
	id: `bmc:${source}/${localId}`, kind: 'bmc', source, localId, name: `iLO ${localId}`, model: null, manufacturer: null, serial: null, hostname: localId, biosVersion: null, bmcFirmware: null,
	powerState, chassisPowerState: powerState, health: null, subsystems: {system: null, thermal: null, power: null, manager: null}, indicatorLed: 'off', temperatures: [], fans: [],
	fanRedundancyLost: null, powerSupplies: [], psuRedundancyLost: null, powerWatts: null, events: [], resetTypes: [],
});

const health = (id: string): SourceHealth => ({id, type: 't', name: id, status: 'pending', interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});

type State = {readonly bmcDown?: boolean; readonly sshDown?: boolean; readonly power?: BmcEntity['powerState']; readonly outlet?: 'on' | 'off'; readonly pve1Online?: boolean};

function poll(snapshot: Snapshot, state: State, now: number): Snapshot {
	let next = applyPoll(snapshot, 'pdu', {entities: [outletDraft('pdu', 1, {state: state.outlet ?? 'on'})] as EntityDraft[]}, now, 1);
	next = state.bmcDown ? applyFailure(next, 'bmc', 'bmc: connect: ECONNREFUSED', 'UnreachableError', now) : applyPoll(next, 'bmc', {entities: [bmcDraft('bmc', 'srv1', state.power ?? 'on')] as EntityDraft[]}, now, 1);
	next = state.sshDown ? applyFailure(next, 'ssh', 'ssh: connect: timeout', 'TimeoutError', now) : applyPoll(next, 'ssh', {entities: [hostDraft('ssh', 'srv1', {role: 'remote'})] as EntityDraft[]}, now, 1);
	next = applyPoll(next, 'pve', {entities: [hostDraft('pve', 'pve1', {isOnline: state.pve1Online ?? true})] as EntityDraft[]}, now, 1);
	return applyPoll(next, 'bmc2', {entities: [bmcDraft('bmc2', 'pve1', 'on')] as EntityDraft[]}, now, 1);
}

/** One poll every 5 s: `upTo` seconds healthy, then the state until `toSec`. */
function run(state: State, toSec: number): {triage: Triage; snapshot: Snapshot; now: number} {
	const alerts = new AlertEngine([nodeOfflineRule], topology);
	const incidents = new IncidentEngine(topology);
	let snapshot = setSources(emptySnapshot('m'), ['pdu', 'bmc', 'ssh', 'pve', 'bmc2'].map(health));
	let triage: Triage = {alerts: [], incidents: []};
	let now = 0;
	for (let sec = 0; sec <= toSec; sec += 5) {
		now = 1_000_000 + sec * 1000;
		snapshot = poll(snapshot, sec < 10 ? {} : state, now);
		triage = incidents.correlate(snapshot, alerts.evaluate(snapshot, now), now);
	}
	return {triage, snapshot, now};
}

const paging = (triage: Triage) => triage.alerts.map(alert => `${alert.severity} ${alert.ruleId} ${alert.entityId ?? alert.source}`);

describe('machine reachability rules', () => {
	it('a machine whose BMC and OS both answer raises nothing', () => {
		const {snapshot, triage, now} = run({}, 30);
		expect(machineFindings(snapshot, topology, now)).toEqual([]);
		expect(triage).toEqual({alerts: [], incidents: []});
	});

	it('the BMC unreachable while the OS answers is a warning, folded under the BMC source once that is critical', () => {
		const early = run({bmcDown: true}, 20).triage;
		// The BMC's source is a (warning) incident from its first failure; the rule's alert is its symptom.
		expect(paging(early)).toEqual(['warning source.down bmc']);
		const folded = early.incidents[0]?.alerts.find(alert => alert.ruleId === 'machine.bmc-unreachable');
		expect(folded).toMatchObject({severity: 'warning', entityId: 'bmc:bmc/srv1', message: 'BMC of srv1 unreachable while srv1 answers'});
		const late = run({bmcDown: true}, 90).triage;
		expect(paging(late)).toEqual(['critical source.down bmc']);
		expect(late.incidents.map(incident => `${incident.cause} ${incident.alerts.map(alert => alert.ruleId).join(',')}`)).toEqual(['source-down source.down,machine.bmc-unreachable']);
	});

	it('the OS silent while the BMC says power on is a warning, then critical after a minute: hung, an incident of its own', () => {
		const waiting = run({sshDown: true}, 30).triage;
		expect(paging(waiting)).toEqual(['warning machine.hung bmc:bmc/srv1']);
		expect(waiting.alerts[0]?.message).toBe('srv1 powered on but not answering (hung?) (critical in 40s)');
		expect(waiting.incidents.map(incident => `${incident.severity} ${incident.title}`)).toEqual(['warning srv1 powered on but not answering (hung?)']);
		const {triage} = run({sshDown: true}, 90);
		expect(paging(triage)).toContain('critical machine.hung bmc:bmc/srv1');
		const hung = triage.alerts.find(alert => alert.ruleId === 'machine.hung');
		expect(hung?.message).toBe('srv1 powered on but not answering (hung?)');
		// Its SSH source going unreachable is a symptom of the hang, not an incident of its own.
		expect(paging(triage)).toEqual(['critical machine.hung bmc:bmc/srv1']);
		expect(triage.incidents.map(incident => `${incident.severity} ${incident.title}`)).toEqual(['critical srv1 powered on but not answering (hung?)']);
		expect(triage.incidents[0]?.alerts.map(alert => alert.ruleId)).toEqual(['machine.hung', 'source.down']);
		expect(triage.incidents[0]?.affectedNames).toEqual(['srv1']);
	});

	it('the BMC saying power off is not hung (machine-off explains it)', () => {
		const {triage} = run({sshDown: true, power: 'off'}, 30);
		expect(triage.alerts.map(alert => alert.ruleId)).not.toContain('machine.hung');
		expect(triage.incidents.map(incident => incident.cause)).toEqual(['machine-off']);
	});

	it('an outlet off explains a silent OS: the hung alert folds under it', () => {
		const {triage} = run({sshDown: true, outlet: 'off'}, 90);
		expect(paging(triage)).toEqual(['critical incident.outlet-off outlet:pdu/1']);
		expect(triage.incidents).toHaveLength(1);
		expect(triage.incidents[0]?.alerts.map(alert => `${alert.severity} ${alert.ruleId}`)).toContain('critical machine.hung');
	});

	it('a node reported offline explains it: the hung alert folds under node-down', () => {
		// Within the first minute the node's incident stays a warning (the hung alert waits too).
		expect(run({pve1Online: false}, 20).triage.incidents.map(incident => `${incident.severity} ${incident.cause}`)).toEqual(['warning node-down']);
		const {triage} = run({pve1Online: false}, 90);
		expect(triage.incidents.map(incident => `${incident.severity} ${incident.cause}`)).toEqual(['critical node-down']);
		expect(triage.incidents[0]?.alerts.map(alert => alert.ruleId).sort()).toEqual(['machine.hung', 'proxmox.node-offline']);
		expect(paging(triage)).toEqual(['critical proxmox.node-offline host:pve/pve1']);
	});

	it('both silent is no finding (nothing answers to disagree)', () => {
		const {snapshot, now} = run({sshDown: true, bmcDown: true}, 30);
		expect(machineFindings(snapshot, topology, now)).toEqual([]);
	});
});

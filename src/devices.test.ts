// Machines on crafted stores: linking (config devices, hostnames, a BMC's HostName, GPU hosts),
// merging the freshest values, dead looks dead (off / down / unreachable, values not live),
// contradictory links, impact lists that name each device once, and a GPU's impact.
import {describe, expect, it} from 'vitest';
import {parseTopology} from './config-topology.js';
import {impactNames, machineIndex, machineOf, machines} from './devices.js';
import type {BmcEntity, EntityDraft} from './entities.js';
import {gpuRules} from './kinds/gpu.js';
import {machineJson} from './machine-json.js';
import {machineStatus} from './machine-state.js';
import type {Topology} from './model.js';
import {applyFailure, applyPoll, emptySnapshot, setSources, Store} from './store.js';
import {dependents} from './topology.js';
import {gpu, guest, host, outlet, pdu} from '../views/test-fixtures/entities.js';
import {source, t0} from '../views/test-fixtures/lab.js';

function bmc(sourceId: string, hostname: string | null, over: Partial<Omit<BmcEntity, 'seenAt'>> = {}): Omit<BmcEntity, 'seenAt'> {
	return {
		id: `bmc:${sourceId}/system`, kind: 'bmc', source: sourceId, localId: 'system', name: `${sourceId} iDRAC`, model: 'PowerEdge R640', manufacturer: 'Dell', serial: 'X1', hostname,
		biosVersion: '2.1', bmcFirmware: '6.10', powerState: 'on', chassisPowerState: 'on', health: 'ok', subsystems: {system: 'ok', thermal: 'ok', power: 'ok', manager: 'ok'}, indicatorLed: 'off',
		temperatures: [{name: 'System Board Inlet Temp', celsius: 24, upperNonCritical: 42, upperCritical: 47, upperFatal: null, health: 'ok'}], fans: [], fanRedundancyLost: null,
		powerSupplies: [], psuRedundancyLost: null, powerWatts: 212, events: [], resetTypes: ['On', 'ForceOff'], ...over,
	};
}

type Polls = Record<string, {readonly type: string; readonly drafts: readonly EntityDraft[]; readonly at?: number}>;

function storeOf(polls: Polls): Store {
	const store = new Store(emptySnapshot('test'));
	store.apply(s => setSources(s, Object.entries(polls).map(([id, poll]) => source(id, poll.type))));
	for (const [id, poll] of Object.entries(polls)) store.apply(s => applyPoll(s, id, {entities: [...poll.drafts]}, poll.at ?? t0, 5));
	return store;
}

const pve2 = {id: 'pve2', name: 'pve2', rack: 'main', u: 22, power: ['outlet:pdu-a/2'], entities: ['host:pve/pve2', 'gpu:gpus-pve2/0']};
const box = {id: 'gpu-box-2', name: 'gpu-box-2', power: ['outlet:pdu-a/5'], entities: ['host:box2-ssh/gpu-box-2', 'gpu:gpus-box-2/0', 'gpu:gpus-box-2/1']};
const pduDevice = {id: 'pdu-a', name: 'PDU A', power: [], entities: ['pdu:pdu-a/pdu']};
const topology: Topology = {racks: [{id: 'main', name: 'main', height: 42}], devices: [pduDevice, pve2, box]};

function lab(over: Partial<Polls> = {}): Store {
	return storeOf({
		pve: {type: 'proxmox', drafts: [host('pve', 'pve2', {cpu: {usage: 61, cores: 32, perCore: [], model: null}, uptimeSec: 3 * 86_400}), guest('pve', 120, 'ml-train', {node: 'pve2', pciDevices: ['0000:41:00.0']})], at: t0 - 4000},
		'pve2-ssh': {type: 'ssh', drafts: [host('pve2-ssh', 'pve2', {role: 'remote', cpu: {usage: 58, cores: 32, perCore: [], model: null}, uptimeSec: 86_400})]},
		'gpus-pve2': {type: 'nvidia', drafts: [gpu('gpus-pve2', 'pve2', 0, 'RTX 4080', {pciBusId: '00000000:41:00.0'})]},
		'box2-ssh': {type: 'ssh', drafts: [host('box2-ssh', 'gpu-box-2', {role: 'remote', cpu: {usage: 21, cores: 16, perCore: [], model: null}})]},
		'gpus-box-2': {type: 'nvidia', drafts: [gpu('gpus-box-2', 'gpu-box-2', 0, 'RTX 3090', {utilization: {gpu: 49, memory: 10, encoder: 0, decoder: 0}, power: {drawWatts: 116, limitWatts: 350, minLimitWatts: 100, maxLimitWatts: 400}}), gpu('gpus-box-2', 'gpu-box-2', 1, 'RTX 3090', {processes: []})]},
		'idrac-r640': {type: 'redfish', drafts: [bmc('idrac-r640', 'pve2.lab.example')]},
		'ilo-spare': {type: 'redfish', drafts: [bmc('ilo-spare', 'spare-srv', {powerState: 'off', powerWatts: 0})]},
		'pdu-a': {type: 'apc-pdu', drafts: [pdu('pdu-a', {name: 'PDU A (AP8941)'}), outlet('pdu-a', 2, 'pve2'), outlet('pdu-a', 5, 'gpu-box-2')]},
		...over,
	} as Polls);
}

describe('machines', () => {
	it('links a node, its SSH host, its GPU and its BMC (by the HostName it reports) into one machine, merging the freshest values', () => {
		const snapshot = lab().getSnapshot();
		const list = machines(snapshot, topology);
		expect(list.map(machine => machine.name)).toEqual(['pve2', 'gpu-box-2', 'spare-srv']);
		const machine = list[0]!;
		expect(machine.hosts.map(item => item.id)).toEqual(['host:pve/pve2', 'host:pve2-ssh/pve2']);
		expect(machine.bmcs.map(item => item.id)).toEqual(['bmc:idrac-r640/system']);
		expect(machine.gpus.map(item => item.id)).toEqual(['gpu:gpus-pve2/0']);
		expect(machine.sources).toEqual(['pve', 'pve2-ssh', 'idrac-r640', 'gpus-pve2']);
		expect(machineOf(snapshot, topology, 'host:pve2-ssh/pve2')).toBe(machine);
		// The SSH view is 4 s fresher than the API's: its CPU and uptime win.
		const json = machineJson(snapshot, topology, machine, t0 + 1000);
		expect(json).toMatchObject({state: 'up', isLive: true, cpuPercent: 58, uptimeSec: 86_400, watts: 212, bmc: {powerState: 'on', health: 'ok', inletCelsius: 24, watts: 212}});
	});

	it('a BMC-only machine is a machine, in its BMC\'s power state', () => {
		const snapshot = lab().getSnapshot();
		const spare = machines(snapshot, topology).find(machine => machine.name === 'spare-srv')!;
		expect(spare.id).toBe('machine:spare-srv');
		expect(machineStatus(snapshot, spare, t0 + 1000)).toMatchObject({state: 'off', reason: 'ilo-spare reports power off', isLive: false});
		const on = lab({'ilo-spare': {type: 'redfish', drafts: [bmc('ilo-spare', 'spare-srv')]}}).getSnapshot();
		expect(machineStatus(on, machines(on, topology).find(machine => machine.name === 'spare-srv')!, t0 + 1000).state).toBe('up');
	});

	it('dead looks dead: outlet off is powered off, node offline is down, silent sources are unreachable; none of them live', () => {
		const now = t0 + 20_000;
		const off = lab({'pdu-a': {type: 'apc-pdu', drafts: [pdu('pdu-a'), outlet('pdu-a', 2, 'pve2'), outlet('pdu-a', 5, 'gpu-box-2', {state: 'off'})], at: now}});
		off.apply(s => applyFailure(s, 'box2-ssh', 'connect ECONNREFUSED', 'UnreachableError', now));
		off.apply(s => applyFailure(s, 'gpus-box-2', 'connect ECONNREFUSED', 'UnreachableError', now));
		const snapshot = off.getSnapshot();
		const box2 = machines(snapshot, topology).find(machine => machine.name === 'gpu-box-2')!;
		const status = machineStatus(snapshot, box2, now);
		expect(status).toMatchObject({state: 'off', reason: 'outlet pdu-a:5 off', lastSeenUp: t0, isLive: false});
		const json = machineJson(snapshot, topology, box2, now);
		// Rates and uptime are not last-known state: blank. Levels keep their last-known value.
		expect(json).toMatchObject({cpuPercent: null, uptimeSec: null, watts: null, memory: {percent: expect.any(Number)}});

		const down = lab({pve: {type: 'proxmox', drafts: [host('pve', 'pve2', {isOnline: false, cpu: {usage: null, cores: null, perCore: [], model: null}})], at: now}, 'pve2-ssh': {type: 'ssh', drafts: [host('pve2-ssh', 'pve2', {role: 'remote'})], at: t0}});
		down.apply(s => applyFailure(s, 'pve2-ssh', 'timeout after 5 s', 'TimeoutError', now));
		down.apply(s => applyFailure(s, 'gpus-pve2', 'timeout after 5 s', 'TimeoutError', now));
		const node = machines(down.getSnapshot(), topology)[0]!;
		expect(machineStatus(down.getSnapshot(), node, now)).toMatchObject({state: 'down', reason: 'node offline (pve)', isLive: false});

		const silent = lab();
		for (const id of ['box2-ssh', 'gpus-box-2']) silent.apply(s => applyFailure(s, id, 'connect ETIMEDOUT', 'TimeoutError', now));
		const gone = machines(silent.getSnapshot(), topology).find(machine => machine.name === 'gpu-box-2')!;
		expect(machineStatus(silent.getSnapshot(), gone, now)).toMatchObject({state: 'unreachable', reason: 'box2-ssh unreachable: connect ETIMEDOUT', isLive: false});
	});

	it('comes back with fresh values: uptime and rates from the new poll, not the ones from before', () => {
		const store = lab();
		const later = t0 + 120_000;
		store.apply(s => applyFailure(s, 'box2-ssh', 'connect ECONNREFUSED', 'UnreachableError', t0 + 10_000));
		store.apply(s => applyPoll(s, 'box2-ssh', {entities: [host('box2-ssh', 'gpu-box-2', {role: 'remote', uptimeSec: 42, cpu: {usage: null, cores: 16, perCore: [], model: null}})]}, later, 5));
		store.apply(s => applyPoll(s, 'gpus-box-2', {entities: [gpu('gpus-box-2', 'gpu-box-2', 0, 'RTX 3090')]}, later, 5));
		const box2 = machines(store.getSnapshot(), topology).find(machine => machine.name === 'gpu-box-2')!;
		expect(machineJson(store.getSnapshot(), topology, box2, later + 1000)).toMatchObject({state: 'up', uptimeSec: 42, cpuPercent: null});
	});

	it('warns in one line naming both when a device lists entities that report different hostnames, or two devices share an outlet', () => {
		const wrong: Topology = {racks: [], devices: [{...pve2, entities: ['host:pve/pve2', 'host:box2-ssh/gpu-box-2']}]};
		expect(machineIndex(lab().getSnapshot(), wrong).warnings).toEqual(['config: device "pve2" lists host:pve/pve2 and host:box2-ssh/gpu-box-2, which report different hostnames (pve2, gpu-box-2): check its "entities"']);
		const warnings: string[] = [];
		parseTopology({devices: [{id: 'nuc', power: ['outlet:pdu-a/3']}, {id: 'nas', power: ['outlet:pdu-a/3']}]}, 'lab.json', warnings);
		expect(warnings).toEqual(['lab.json: devices "nuc" and "nas" are both fed by outlet:pdu-a/3: switching it off powers off both (check their "power")']);
	});
});

describe('impact', () => {
	it('names each device once: the PDU and its PDU entity, a node and its SSH view', () => {
		const snapshot = lab().getSnapshot();
		const ids = ['device:pdu-a', 'pdu:pdu-a/pdu', 'device:pve2', 'host:pve/pve2', 'host:pve2-ssh/pve2', 'guest:pve/120', 'gpu:gpus-box-2/0', 'gpu:gpus-box-2/1'];
		expect(impactNames(snapshot, topology, ids)).toEqual(['PDU A', 'pve2', '120 ml-train', 'gpu-box-2 GPU0 RTX 3090', 'gpu-box-2 GPU1 RTX 3090']);
	});

	it('a GPU\'s impact names its processes and the guest it is passed to', () => {
		const snapshot = lab().getSnapshot();
		const names = impactNames(snapshot, topology, dependents(snapshot, topology, 'gpu:gpus-pve2/0'));
		expect(names).toEqual(['120 ml-train', 'python train.py (pid 4242 on pve2 GPU0)']);
	});

	it('a BMC\'s alerts land on its machine and what runs on it', () => {
		const snapshot = lab().getSnapshot();
		const names = impactNames(snapshot, topology, dependents(snapshot, topology, 'bmc:idrac-r640/system'));
		expect(names).toEqual(['pve2', '120 ml-train', 'pve2 GPU0 RTX 4080', 'python train.py (pid 4242 on pve2 GPU0)']);
	});
});

describe('GPU truth', () => {
	const slowdown = gpuRules.find(rule => rule.id === 'gpu.temp-slowdown')!;
	it('says clocks are cut only when the card reports it', () => {
		const hot = {...gpu('g', 'box', 0, 'RTX 3090', {temperature: {celsius: 99, slowdownCelsius: 95, shutdownCelsius: 100}, throttleReasons: ['hw-slowdown', 'sw-thermal']}), seenAt: t0};
		expect(slowdown.message(hot, 4, t0)).toBe('RTX 3090 on box at 99 °C, at or past its slowdown threshold 95 °C: the card reports its clocks cut (hw-slowdown, sw-thermal)');
		const quiet = {...hot, throttleReasons: []};
		expect(slowdown.message(quiet, 4, t0)).toBe('RTX 3090 on box at 99 °C, at or past its slowdown threshold 95 °C; the card reports no thermal throttling yet');
	});
});

describe('shed plan names', () => {
	it('names two cards of one model apart, and what runs on them', async () => {
		const {createShedLoadAction} = await import('./plans/shed-load-action.js');
		const snapshot = lab().getSnapshot();
		const upsDraft = {id: 'ups:ups-a/ups', kind: 'ups', source: 'ups-a', localId: 'ups', name: 'UPS A', seenAt: t0, model: null, flags: ['on-battery'], statusText: 'on battery', chargePercent: 60, runtimeSec: 300, loadPercent: 50, loadWatts: 1000, nominalWatts: 2000, inputVolts: 0, outputVolts: 230, batteryTempCelsius: null, lastTransferReason: null, selfTestResult: null, selfTestDate: null, timeOnBatterySec: 60} as const;
		const plan = {...topology, devices: topology.devices.map(device => (device.id === 'gpu-box-2' ? {...device, priority: 1, ups: upsDraft.id} : device))};
		const view = {
			entity: (id: string) => (id === upsDraft.id ? upsDraft : snapshot.entities.get(id)),
			entities: (kind?: string) => [...snapshot.entities.values()].filter(entity => !kind || entity.kind === kind),
			dependents: (id: string) => (id === upsDraft.id ? ['outlet:pdu-a/5'] : dependents(snapshot, plan, id)),
			devices: () => plan.devices,
		};
		const lines = createShedLoadAction().describe!([upsDraft as never], {}, view as never).join('\n');
		expect(lines).toContain('gpu-box-2 GPU0 RTX 3090');
		expect(lines).toContain('gpu-box-2 GPU1 RTX 3090');
	});
});

describe('same hostname, two machines', () => {
	it('two SSH hosts that both call themselves ubuntu stay two machines, with a warning naming both', () => {
		const snapshot = storeOf({
			'ssh-a': {type: 'ssh', drafts: [host('ssh-a', 'ubuntu', {role: 'remote'})]},
			'ssh-b': {type: 'ssh', drafts: [host('ssh-b', 'ubuntu', {role: 'remote'})]},
		}).getSnapshot();
		const index = machineIndex(snapshot, {racks: [], devices: []});
		expect(index.machines.map(machine => machine.name)).toEqual(['ubuntu', 'ubuntu (ssh-b)']);
		expect(index.warnings).toEqual(['sources "ssh-a" and "ssh-b" both report a remote host "ubuntu": shown as two machines (list both in one device\'s "entities" if they are one)']);
	});
});

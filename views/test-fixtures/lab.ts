// A small lab for view tests, modelled on the demo lab: a 3-node Proxmox cluster, GPUs, a PDU
// and a UPS, the local machine (with `hasEveryKind`, also storages, a BMC, an ATS and hub
// automations); a Store filled through the real applyPoll/applyFailure.
import {applyFailure, applyPoll, emptySnapshot, setSources, Store, type SourceHealth} from '../../src/store.js';
import type {EntityDraft} from '../../src/entities.js';
import type {Topology} from '../../src/topology.js';
import {gpu, guest, host, outlet, pdu, ups} from './entities.js';
import {atsDrafts, automationDrafts, bmcDrafts, storageDrafts} from './more-kinds.js';

export const t0 = Date.UTC(2026, 10, 22, 12, 0, 0);

export function source(id: string, type: string, interval = 5): SourceHealth {
	return {id, type, name: id, status: 'pending', interval, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
}

const tags: Record<number, string[]> = {100: ['web'], 101: ['web', 'prod'], 120: ['gpu', 'ml'], 130: ['db']};

export function proxmoxDrafts(): EntityDraft[] {
	const nodes = ['pve1', 'pve2', 'pve3'].map(name => host('pve-demo', name));
	const names = ['nginx', 'web', 'ml-train', 'postgres', 'backup', 'dns', 'ci-runner', 'grafana', 'minio', 'gitea', 'jellyfin', 'pihole'];
	const vmids = [100, 101, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210];
	const guests = vmids.map((vmid, index) =>
		guest('pve-demo', vmid, names[index]!, {
			node: vmid === 120 ? 'pve2' : `pve${(index % 3) + 1}`,
			status: vmid === 140 || vmid === 210 ? 'stopped' : 'running',
			cpuPercent: index * 7,
			tags: tags[vmid] ?? [],
			guestType: vmid >= 200 ? 'lxc' : 'qemu',
			pciDevices: vmid === 120 ? ['0000:41:00.0'] : [],
			haState: vmid === 130 ? 'started' : null,
		}),
	);
	return [...nodes, ...guests];
}

export function labDrafts(): Record<string, EntityDraft[]> {
	return {
		local: [host('local', 'workstation', {role: 'local'})],
		'pve-demo': proxmoxDrafts(),
		'gpus-box-1': [gpu('gpus-box-1', 'gpu-box-1', 0, 'RTX 3090'), gpu('gpus-box-1', 'gpu-box-1', 1, 'RTX 3090', {temperature: {celsius: 92, slowdownCelsius: 90, shutdownCelsius: 98}, throttleReasons: ['sw-thermal']})],
		'gpus-pve2': [gpu('gpus-pve2', 'pve2', 0, 'RTX 4080', {pciBusId: '00000000:41:00.0'})],
		'pdu-a': [pdu('pdu-a'), ...['pve1', 'pve2', 'pve3', 'gpu-box-1', 'gpu-box-2', 'switch', 'dev-ws', 'spare'].map((name, index) => outlet('pdu-a', index + 1, name, {state: index === 7 ? 'off' : 'on'}))],
		'ups-a': [ups('ups-a')],
	};
}

const types: Record<string, string> = {local: 'local', 'pve-demo': 'proxmox', 'gpus-box-1': 'nvidia', 'gpus-pve2': 'nvidia', 'pdu-a': 'apc-pdu', 'ups-a': 'ups', 'bmc-r640': 'redfish', 'ats-a': 'nut', hass: 'homeassistant'};

export type LabOptions = {
	/** Source ids to leave out entirely. */
	readonly without?: readonly string[];
	/** Replace some sources' drafts. */
	readonly drafts?: Record<string, EntityDraft[]>;
	readonly notices?: readonly string[];
	/** Add the kinds the base lab lacks (storage, a BMC, an ATS), so every kind module has rows. */
	readonly hasEveryKind?: boolean;
};

/** The extra sources of `hasEveryKind`: the cluster's storages, an iDRAC 9 BMC, a NUT ATS, Home Assistant automations (real parsers over fixtures). */
export function everyKindDrafts(): Record<string, EntityDraft[]> {
	return {'pve-demo': [...proxmoxDrafts(), ...storageDrafts('pve-demo')], 'bmc-r640': bmcDrafts('bmc-r640'), 'ats-a': atsDrafts('ats-a'), hass: automationDrafts('hass')};
}

export function labStore(options: LabOptions = {}): Store {
	const drafts = {...labDrafts(), ...(options.hasEveryKind ? everyKindDrafts() : {}), ...options.drafts};
	const ids = Object.keys(drafts).filter(id => !options.without?.includes(id));
	const store = new Store({...emptySnapshot('homelab'), notices: options.notices ?? [], providers: {host: ['local', 'proxmox', 'ssh'], guest: ['proxmox'], gpu: ['nvidia'], ups: ['ups', 'nut'], pdu: ['apc-pdu', 'nut'], outlet: ['apc-pdu', 'nut'], ...(options.hasEveryKind ? {storage: ['proxmox'], bmc: ['redfish'], ats: ['nut'], automation: ['homeassistant']} : {})}});
	store.apply(s => setSources(s, ids.map(id => source(id, types[id] ?? id))));
	for (const id of ids) store.apply(s => applyPoll(s, id, {entities: drafts[id]!}, t0, 12));
	return store;
}

/** The source goes down `afterSec` after its last success. */
export function failSource(store: Store, id: string, message: string, at: number): void {
	store.apply(s => applyFailure(s, id, message, 'UnreachableError', at));
}

export const topology: Topology = {
	racks: [{id: 'main', name: 'main', height: 42}],
	devices: [
		{id: 'pdu-a', name: 'pdu-a', rack: 'main', u: 1, power: [], entities: ['pdu:pdu-a/pdu'], ups: 'ups:ups-a/ups'},
		{id: 'ups-a', name: 'ups-a', rack: 'main', u: 2, height: 2, power: [], entities: ['ups:ups-a/ups']},
		...[1, 2, 3].map(n => ({id: `pve${n}`, name: `pve${n}`, rack: 'main', u: 18 + n * 2, height: 2, power: [`outlet:pdu-a/${n}`], ups: 'ups:ups-a/ups', entities: [`host:pve-demo/pve${n}`]})),
		{id: 'gpu-box-1', name: 'gpu-box-1', rack: 'main', u: 30, height: 4, power: ['outlet:pdu-a/4'], entities: ['gpu:gpus-box-1/0', 'gpu:gpus-box-1/1'], priority: 2},
		{id: 'switch', name: 'switch', rack: 'main', u: 40, height: 1, power: ['outlet:pdu-a/6'], entities: []},
		{id: 'dev-ws', name: 'dev-ws', power: ['outlet:pdu-a/7'], entities: [], priority: 1},
	],
};

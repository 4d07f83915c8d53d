// Machines: one physical machine with every entity any source reports about it — its Proxmox
// node, its SSH host, the local machine, its BMC's server, its GPUs, the outlet feeding it and the
// UPS behind that outlet. Linked from the config's devices first, then from what the sources
// report: a host name equal to a node name (or to the local hostname), a BMC's reported HostName,
// a GPU's host. Pure and memoized per snapshot and topology; a machine's state (up, powered off,
// down, unreachable) is derived with the time in src/machine-state.ts.
import type {BmcEntity, Entity, GpuEntity, HostEntity, OutletEntity, UpsEntity} from './entities.js';
import type {Device, Snapshot, Topology} from './model.js';
import {deviceRef, nameOf} from './topology.js';

export type Machine = {
	/** `device:<id>` for a configured device, `machine:<hostname>` for one linked by name alone. */
	readonly id: string;
	readonly name: string;
	/** The config's device, when one describes the machine. */
	readonly device: Device | undefined;
	/** Every source's view of its operating system (node, SSH host, local machine). */
	readonly hosts: readonly HostEntity[];
	readonly bmcs: readonly BmcEntity[];
	readonly gpus: readonly GpuEntity[];
	readonly outlets: readonly OutletEntity[];
	readonly ups: UpsEntity | undefined;
	/** Every entity id linked to it (configured or found), its own first. */
	readonly entityIds: readonly string[];
	/** The sources that see it, in a stable order. */
	readonly sources: readonly string[];
};

export type MachineIndex = {
	readonly machines: readonly Machine[];
	/** Entity id → its machine (hosts, BMCs, GPUs; not outlets, which may feed several). */
	readonly byEntity: ReadonlyMap<string, Machine>;
	/** One line per contradictory link (a device whose entities report different hostnames). */
	readonly warnings: readonly string[];
};

/** `pve2.lab.example` → `pve2`: the name hosts are linked by. */
export function shortHostname(name: string): string {
	return name.trim().toLowerCase().split('.')[0] ?? '';
}

const hostKey = (host: HostEntity) => shortHostname(host.localId || host.name);
const bmcKey = (bmc: BmcEntity) => (bmc.hostname ? shortHostname(bmc.hostname) : undefined);

/** Whether a device is a machine (something with an OS, a BMC or GPUs), not a PDU, UPS or switch. */
function isMachineDevice(device: Device, snapshot: Snapshot): boolean {
	return device.entities.some(id => /^(host|bmc|gpu):/.test(id) || ['host', 'bmc', 'gpu'].includes(snapshot.entities.get(id)?.kind ?? ''));
}

const cache = new WeakMap<Snapshot, WeakMap<Topology, MachineIndex>>();

/** Every machine of the lab, configured ones in config order, then those linked by name. */
export function machineIndex(snapshot: Snapshot, topology: Topology): MachineIndex {
	let byTopology = cache.get(snapshot);
	if (!byTopology) {
		byTopology = new WeakMap();
		cache.set(snapshot, byTopology);
	}
	const cached = byTopology.get(topology);
	if (cached) return cached;
	const index = buildIndex(snapshot, topology);
	byTopology.set(topology, index);
	return index;
}

export function machines(snapshot: Snapshot, topology: Topology): readonly Machine[] {
	return machineIndex(snapshot, topology).machines;
}

/** The machine an entity belongs to (a host view, a BMC, a GPU), if any. */
export function machineOf(snapshot: Snapshot, topology: Topology, entityId: string): Machine | undefined {
	return machineIndex(snapshot, topology).byEntity.get(entityId);
}

type Draft = {id: string; name: string; device: Device | undefined; ids: string[]; keys: Set<string>};

function buildIndex(snapshot: Snapshot, topology: Topology): MachineIndex {
	const warnings: string[] = [];
	const drafts: Draft[] = [];
	const claimed = new Set<string>();
	const byKey = new Map<string, Draft>();
	const entity = (id: string) => snapshot.entities.get(id);
	for (const device of topology.devices) {
		if (!isMachineDevice(device, snapshot)) continue;
		const draft: Draft = {id: deviceRef(device.id), name: device.name, device, ids: [], keys: new Set()};
		const named: {id: string; name: string}[] = [];
		for (const id of device.entities) {
			if (claimed.has(id)) continue;
			claimed.add(id);
			draft.ids.push(id);
			const found = entity(id);
			const key = found?.kind === 'host' ? hostKey(found) : found?.kind === 'bmc' ? bmcKey(found) : undefined;
			if (key) {
				draft.keys.add(key);
				named.push({id, name: key});
			}
		}
		const names = [...new Set(named.map(item => item.name))];
		if (names.length > 1) {
			const [first, second] = [named[0]!, named.find(item => item.name !== named[0]!.name)!];
			warnings.push(`config: device "${device.id}" lists ${first.id} and ${second.id}, which report different hostnames (${first.name}, ${second.name}): check its "entities"`);
		}
		if (draft.keys.size === 0) draft.keys.add(shortHostname(device.id));
		drafts.push(draft);
		for (const key of draft.keys) if (!byKey.has(key)) byKey.set(key, draft);
	}
	// Views the config does not place: hosts by hostname, BMCs by the HostName they report.
	const attach = (id: string, key: string, name: string) => {
		claimed.add(id);
		let draft = byKey.get(key);
		if (!draft) {
			draft = {id: `machine:${key}`, name, device: undefined, ids: [], keys: new Set([key])};
			drafts.push(draft);
			byKey.set(key, draft);
		}
		draft.ids.push(id);
	};
	// Two views of one role under one hostname (two SSH hosts both called `ubuntu`) are two machines.
	const sameView = (draft: Draft, host: HostEntity) => draft.ids.map(id => snapshot.entities.get(id)).find(entity => entity?.kind === 'host' && entity.role === host.role && hostKey(entity) === hostKey(host));
	for (const host of snapshot.byKind.host as readonly HostEntity[]) {
		if (claimed.has(host.id)) continue;
		const key = hostKey(host);
		const taken = byKey.get(key);
		const other = taken ? sameView(taken, host) : undefined;
		if (other) {
			warnings.push(`sources "${other.source}" and "${host.source}" both report a ${host.role} host "${host.name}": shown as two machines (list both in one device's "entities" if they are one)`);
			attach(host.id, `${key}@${host.source}`, `${host.name} (${host.source})`);
			continue;
		}
		attach(host.id, key, host.name);
	}
	for (const bmc of snapshot.byKind.bmc as readonly BmcEntity[]) {
		if (claimed.has(bmc.id)) continue;
		const key = bmcKey(bmc) ?? `bmc-${bmc.source}-${bmc.localId}`;
		attach(bmc.id, key, bmc.hostname ? shortHostname(bmc.hostname) : bmc.name);
	}
	for (const gpu of snapshot.byKind.gpu as readonly GpuEntity[]) {
		if (claimed.has(gpu.id)) continue;
		const draft = byKey.get(shortHostname(gpu.host));
		if (draft) {
			claimed.add(gpu.id);
			draft.ids.push(gpu.id);
		}
	}
	const byEntity = new Map<string, Machine>();
	const list = drafts.map(draft => {
		const machine = finish(draft, snapshot);
		for (const id of machine.entityIds) if (!id.startsWith('outlet:') && !id.startsWith('ups:')) byEntity.set(id, machine);
		return machine;
	});
	return {machines: list, byEntity, warnings};
}

function finish(draft: Draft, snapshot: Snapshot): Machine {
	const found = draft.ids.map(id => snapshot.entities.get(id)).filter((entity): entity is Entity => entity !== undefined);
	const ofKind = <K extends Entity['kind']>(kind: K) => found.filter((entity): entity is Extract<Entity, {kind: K}> => entity.kind === kind);
	const outlets = (draft.device?.power ?? []).map(id => snapshot.entities.get(id)).filter((entity): entity is OutletEntity => entity?.kind === 'outlet');
	const ups = draft.device?.ups ? snapshot.entities.get(draft.device.ups) : undefined;
	const hosts = ofKind('host');
	const bmcs = ofKind('bmc');
	const gpus = ofKind('gpu');
	const sources = [...new Set([...hosts, ...bmcs, ...gpus].map(entity => entity.source))];
	return {
		id: draft.id,
		name: draft.name,
		device: draft.device,
		hosts,
		bmcs,
		gpus: [...gpus].sort((a, b) => a.host.localeCompare(b.host) || a.index - b.index),
		outlets,
		ups: ups?.kind === 'ups' ? ups : undefined,
		entityIds: [...new Set([...draft.ids, ...(draft.device?.power ?? []), ...(draft.device?.ups ? [draft.device.ups] : [])])],
		sources,
	};
}

const entityDevices = new WeakMap<Topology, ReadonlyMap<string, Device>>();

/** Entity id → the configured device that lists it (first one wins), once per topology. */
function devicesByEntity(topology: Topology): ReadonlyMap<string, Device> {
	let map = entityDevices.get(topology);
	if (!map) {
		const built = new Map<string, Device>();
		for (const device of topology.devices) for (const id of device.entities) if (!built.has(id)) built.set(id, device);
		entityDevices.set(topology, built);
		map = built;
	}
	return map;
}

/**
 * An impact list as it is shown: each device once (its own entities — host views, BMC, PDU —
 * fold into it, under the device's id), each guest, GPU and process once; nearest first.
 */
export function impactEntries(snapshot: Snapshot, topology: Topology, ids: readonly string[]): readonly {readonly id: string; readonly name: string}[] {
	const index = machineIndex(snapshot, topology);
	const entries: {id: string; name: string}[] = [];
	const seen = new Set<string>();
	for (const id of ids) {
		const isPart = !/^(gpu|guest|process|storage):/.test(id);
		const machine = isPart ? index.byEntity.get(id) : undefined;
		const device = isPart && !machine ? devicesByEntity(topology).get(id) : undefined;
		const entry = machine ? {id: machine.id, name: machine.name} : device ? {id: deviceRef(device.id), name: device.name} : {id, name: nameOf(snapshot, topology, id)};
		const key = entry.id.startsWith('device:') ? entry.id : machine?.id ?? entry.id;
		if (seen.has(key)) continue;
		seen.add(key);
		entries.push(entry);
	}
	return entries;
}

export function impactNames(snapshot: Snapshot, topology: Topology, ids: readonly string[]): readonly string[] {
	return impactEntries(snapshot, topology, ids).map(entry => entry.name);
}

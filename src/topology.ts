// The lab's topology: racks, devices at U positions, and what depends on what. From the config's
// devices (which outlet and UPS power a device, which entities live in it) and the store's own
// links (a guest runs on its node, a GPU sits in its host or is passed through to a guest), it
// answers "what depends on X" for the racks pane, the confirm gate and the alerts pane.
import type {Entity, GpuEntity, GuestEntity} from './entities.js';
import type {Device, Snapshot, Topology} from './model.js';

export type {Device, Rack, Topology} from './model.js';

export const emptyTopology: Topology = {racks: [], devices: []};

export const deviceRef = (id: string): string => `device:${id}`;

/** `0000:41:00.0`, lower case, 4-digit domain; `41:00` (all functions) stays without function. */
export function normalizePci(address: string): string {
	const match = /^(?:([0-9a-f]{4,8}):)?([0-9a-f]{2}):([0-9a-f]{2})(?:\.([0-7]))?$/i.exec(address.trim());
	if (!match) return address.trim().toLowerCase();
	const [, domain = '0000', bus, slot, fn] = match;
	const base = `${domain.slice(-4)}:${bus}:${slot}`.toLowerCase();
	return fn === undefined ? base : `${base}.${fn}`;
}

function pciMatches(guestAddress: string, gpuAddress: string): boolean {
	const a = normalizePci(guestAddress);
	const b = normalizePci(gpuAddress);
	return a === b || b.startsWith(`${a}.`);
}

/** The guest a GPU is passed through to: same node as the GPU's host, matching PCI address. */
export function gpuOwner(snapshot: Snapshot, gpu: GpuEntity): GuestEntity | undefined {
	if (!gpu.pciBusId) return undefined;
	for (const entity of snapshot.byKind.guest) {
		const guest = entity as GuestEntity;
		if (guest.node === gpu.host && guest.pciDevices.some(address => pciMatches(address, gpu.pciBusId!))) return guest;
	}
	return undefined;
}

/** The GPUs passed through to a guest. */
export function guestGpus(snapshot: Snapshot, guest: GuestEntity): readonly GpuEntity[] {
	if (guest.pciDevices.length === 0) return [];
	return (snapshot.byKind.gpu as readonly GpuEntity[]).filter(gpu => gpu.host === guest.node && gpu.pciBusId && guest.pciDevices.some(address => pciMatches(address, gpu.pciBusId!)));
}

export function deviceOf(topology: Topology, entityId: string): Device | undefined {
	return topology.devices.find(device => device.entities.includes(entityId));
}

type Graph = ReadonlyMap<string, readonly string[]>;
const graphs = new WeakMap<Snapshot, WeakMap<Topology, Graph>>();

/** Everything that depends on `id` (an entity id or `device:<id>`), transitively, nearest first. */
export function dependents(snapshot: Snapshot, topology: Topology, id: string): readonly string[] {
	const graph = dependencyGraph(snapshot, topology);
	const seen = new Set<string>([id]);
	const order: string[] = [];
	const queue = [id];
	while (queue.length > 0) {
		const current = queue.shift()!;
		for (const next of graph.get(current) ?? []) {
			if (seen.has(next)) continue;
			seen.add(next);
			order.push(next);
			queue.push(next);
		}
	}
	return order;
}

/** Edges from a thing to what depends on it. Memoized per snapshot and topology. */
function dependencyGraph(snapshot: Snapshot, topology: Topology): Graph {
	let byTopology = graphs.get(snapshot);
	if (!byTopology) {
		byTopology = new WeakMap();
		graphs.set(snapshot, byTopology);
	}
	const cached = byTopology.get(topology);
	if (cached) return cached;
	const edges = new Map<string, string[]>();
	const link = (from: string, to: string) => {
		if (from === to) return;
		const list = edges.get(from);
		if (list) list.push(to);
		else edges.set(from, [to]);
	};
	for (const device of topology.devices) {
		const ref = deviceRef(device.id);
		for (const outlet of device.power) link(outlet, ref);
		// A configured BMC carries its device's OS views with it.
		for (const bmc of device.entities.filter(id => id.startsWith('bmc:'))) link(bmc, ref);
		// A device on a PDU gets its UPS through the PDU's device; a direct UPS feed links here.
		if (device.ups && device.power.length === 0) link(device.ups, ref);
		for (const entity of device.entities) link(ref, entity);
	}
	// A UPS feeds every device naming it; a PDU feeds its outlets.
	for (const device of topology.devices) if (device.ups && device.power.length > 0) link(device.ups, deviceRef(device.id));
	// A source that runs on a guest or machine (its `runsOn`): its entities depend on it.
	const runsOn = topology.runsOn ?? {};
	const hasRunsOn = Object.keys(runsOn).length > 0;
	const hostsByName = new Map<string, Entity[]>();
	for (const host of snapshot.byKind.host) hostsByName.set(host.localId, [...(hostsByName.get(host.localId) ?? []), host]);
	for (const entity of snapshot.entities.values()) {
		if (hasRunsOn && runsOn[entity.source] !== undefined) link(runsOn[entity.source]!, entity.id);
		if (entity.kind === 'outlet') link(entity.pdu, entity.id);
		if (entity.kind === 'guest') {
			for (const host of hostsByName.get(entity.node) ?? []) if (host.source === entity.source) link(host.id, entity.id);
		}
		if (entity.kind === 'gpu') {
			for (const host of hostsByName.get(entity.host) ?? []) link(host.id, entity.id);
			const owner = gpuOwner(snapshot, entity);
			if (owner) link(entity.id, owner.id);
			// What runs on the card is what a fault of the card hits first.
			for (const process of entity.processes) link(entity.id, processRef(entity.id, process.pid));
		}
		if (entity.kind === 'bmc' && entity.hostname) {
			// A BMC's alerts land on its server's OS views (and through them its guests and GPUs).
			const name = entity.hostname.toLowerCase().split('.')[0] ?? '';
			for (const host of hostsByName.get(name) ?? []) link(entity.id, host.id);
		}
		if (entity.kind === 'storage') {
			for (const host of hostsByName.get(entity.node) ?? []) if (host.source === entity.source && !entity.isShared) link(host.id, entity.id);
		}
	}
	// Hosts that are the same machine seen through two sources (a node over the API and over SSH)
	// are linked through their device, when the config puts both in one device.
	byTopology.set(topology, edges);
	return edges;
}

/** A process on a GPU, as an impact-list id: `process:<gpu entity id>#<pid>`. */
export const processRef = (gpuId: string, pid: number): string => `process:${gpuId}#${pid}`;

/** Display name of an entity id, device ref or process ref. */
export function nameOf(snapshot: Snapshot, topology: Topology, id: string): string {
	if (id.startsWith('device:')) return topology.devices.find(device => deviceRef(device.id) === id)?.name ?? id.slice(7);
	if (id.startsWith('process:')) {
		const match = /^process:(.+)#(\d+)$/.exec(id);
		const gpu = match ? snapshot.entities.get(match[1]!) : undefined;
		const process = gpu?.kind === 'gpu' ? gpu.processes.find(candidate => String(candidate.pid) === match![2]) : undefined;
		return gpu?.kind === 'gpu' && process ? `${process.name} (pid ${process.pid} on ${gpu.host} GPU${gpu.index})` : id.slice(8);
	}
	const entity = snapshot.entities.get(id);
	if (!entity) return id;
	switch (entity.kind) {
		case 'guest': return `${entity.vmid} ${entity.name}`;
		case 'gpu': return `${entity.host} GPU${entity.index} ${entity.name}`;
		case 'storage': return entity.isShared ? `${entity.name} (shared)` : `${entity.name}@${entity.node}`;
		default: return entity.name;
	}
}

// Pure: parsed PVE replies → labdeck entity drafts (host per node, guest per VM/CT, storage per
// node and storage), plus the notes that make a poll `partial` (quorum lost, nodes offline) and
// the counters kept for the next poll's rates.
import {entityId, type EntityDraft, type GuestEntity, type GuestTask, type HostEntity, type StorageEntity} from '../../src/entities.js';
import type {ClusterStatus, GuestRow, HaStatus, NodeDetails, NodeRow, Resources, StorageRow} from './parse.js';

/** Cumulative guest counters at one poll, for rates at the next. */
export type CounterSample = {
	readonly atMs: number;
	readonly uptime: number | null;
	readonly netin: number | null;
	readonly netout: number | null;
	readonly diskread: number | null;
	readonly diskwrite: number | null;
	/** The guest type the counters belong to: an id reused by a new guest of the other type starts over. */
	readonly guestType?: 'qemu' | 'lxc';
};

export type EntityInput = {
	readonly source: string;
	/** Epoch ms of the resources reply. */
	readonly now: number;
	readonly status: ClusterStatus | null;
	readonly resources: Resources;
	readonly ha: HaStatus | null;
	readonly nodeDetails: ReadonlyMap<string, NodeDetails>;
	/** vmid → passed-through PCI addresses (from the slower config poll). */
	readonly pci: ReadonlyMap<number, readonly string[]>;
	/** vmid → named resource mappings passed through (same config poll); none when absent. */
	readonly pciMappings?: ReadonlyMap<number, readonly string[]>;
	/** vmid → recent tasks, newest first (parse-tasks.ts); none when absent. */
	readonly tasks?: ReadonlyMap<number, readonly GuestTask[]>;
	readonly previous: ReadonlyMap<number, CounterSample>;
};

export type EntityOutput = {
	readonly entities: EntityDraft[];
	/** One short phrase per degraded condition, joined into PollResult.partial. */
	readonly notes: string[];
	readonly counters: Map<number, CounterSample>;
	/** Names of the nodes that are online. */
	readonly onlineNodes: string[];
};

export function buildEntities(input: EntityInput): EntityOutput {
	const {source, resources, status} = input;
	const notes: string[] = [];
	const isQuorate = status?.isQuorate ?? input.ha?.isQuorate ?? null;
	if (isQuorate === false) notes.push(`cluster ${status?.name ?? ''} has lost quorum`.replace('  ', ' '));
	const online = new Set<string>();
	const offline: string[] = [];
	const knownNodes = new Set([...resources.nodes.map(row => row.node), ...(status?.nodes.keys() ?? [])]);
	for (const node of knownNodes) {
		const row = resources.nodes.find(item => item.node === node);
		const said = status?.nodes.get(node);
		const isOnline = said ?? (row ? row.status === 'online' : null);
		if (isOnline === true && (!row || row.status === 'online')) online.add(node);
		else offline.push(node);
	}
	if (offline.length > 0) notes.push(`node${offline.length > 1 ? 's' : ''} ${offline.sort().join(', ')} offline`);

	const entities: EntityDraft[] = [];
	for (const node of knownNodes) {
		const row = resources.nodes.find(item => item.node === node);
		entities.push(hostEntity(source, node, row, online.has(node), input.nodeDetails.get(node)));
	}
	const counters = new Map<number, CounterSample>();
	for (const row of resources.guests) {
		const sample: CounterSample = {atMs: input.now, uptime: row.uptime, netin: row.netin, netout: row.netout, diskread: row.diskread, diskwrite: row.diskwrite, guestType: row.type};
		const isNodeOnline = online.has(row.node);
		if (isNodeOnline) counters.set(row.vmid, sample);
		entities.push(guestEntity(input, row, isNodeOnline, sample));
	}
	entities.push(...storageEntities(source, resources.storage, online));
	return {entities, notes, counters, onlineNodes: [...online].sort()};
}

function hostEntity(source: string, node: string, row: NodeRow | undefined, isOnline: boolean, details: NodeDetails | undefined): Omit<HostEntity, 'seenAt'> {
	const live = isOnline ? row : undefined;
	const info = isOnline ? details : undefined;
	const rootTotal = info?.rootTotal ?? live?.maxdisk ?? null;
	const rootUsed = info?.rootUsed ?? live?.disk ?? null;
	return {
		id: entityId('host', source, node), kind: 'host', source, localId: node, name: node,
		role: 'node',
		isOnline,
		os: info?.kernel ?? null,
		version: info?.pveVersion ?? null,
		cpu: {usage: percentOf(live?.cpu), cores: live?.maxcpu ?? info?.cores ?? null, perCore: [], model: info?.cpuModel ?? null},
		load: info?.load ?? null,
		memory: {totalBytes: live?.maxmem ?? info?.memTotal ?? null, usedBytes: live?.mem ?? info?.memUsed ?? null},
		swap: {totalBytes: info?.swapTotal ?? null, usedBytes: info?.swapUsed ?? null},
		filesystems: rootTotal === null ? [] : [{mount: '/', fsType: null, sizeBytes: rootTotal, usedBytes: rootUsed}],
		network: {rxBytesPerSec: null, txBytesPerSec: null},
		temperatures: [],
		uptimeSec: live?.uptime ?? null,
	};
}

const guestStatuses = ['running', 'stopped', 'paused', 'suspended'] as const;

function guestEntity(input: EntityInput, row: GuestRow, isNodeOnline: boolean, sample: CounterSample): Omit<GuestEntity, 'seenAt'> {
	const status: GuestEntity['status'] = !isNodeOnline ? 'unknown' : (guestStatuses as readonly string[]).includes(row.status) ? row.status as GuestEntity['status'] : 'unknown';
	const isLive = status !== 'unknown';
	const isRunning = status === 'running';
	const before = input.previous.get(row.vmid);
	const previous = before?.guestType === undefined || before.guestType === row.type ? before : undefined;
	const rate = (key: 'netin' | 'netout' | 'diskread' | 'diskwrite'): number | null => isRunning ? counterRate(previous, sample, key) : null;
	// A VM's `disk` is always 0 in /cluster/resources (PVE cannot see inside it): unknown, not 0.
	const diskUsed = row.type === 'qemu' && row.disk === 0 ? null : row.disk;
	return {
		id: entityId('guest', input.source, String(row.vmid)), kind: 'guest', source: input.source, localId: String(row.vmid),
		name: row.name ?? `${row.type === 'qemu' ? 'VM' : 'CT'} ${row.vmid}`,
		vmid: row.vmid,
		guestType: row.type,
		node: row.node,
		status,
		cpuPercent: isLive ? percentOf(row.cpu) : null,
		cpus: row.maxcpu,
		memory: {usedBytes: isLive ? row.mem : null, maxBytes: row.maxmem},
		disk: {usedBytes: isLive ? diskUsed : null, maxBytes: row.maxdisk},
		netInBytesPerSec: rate('netin'),
		netOutBytesPerSec: rate('netout'),
		diskReadBytesPerSec: rate('diskread'),
		diskWriteBytesPerSec: rate('diskwrite'),
		uptimeSec: isRunning ? row.uptime : null,
		tags: row.tags,
		haState: input.ha?.services.get(row.vmid) ?? row.hastate,
		lock: row.lock,
		isTemplate: row.isTemplate,
		pool: row.pool,
		// hostpci is a VM setting: a container that reuses a destroyed VM's id has none (the config cache may still hold the VM's).
		pciDevices: row.type === 'qemu' ? input.pci.get(row.vmid) ?? [] : [],
		pciMappings: row.type === 'qemu' ? input.pciMappings?.get(row.vmid) ?? [] : [],
		recentTasks: (input.tasks?.get(row.vmid) ?? []).filter(task => isTaskOfType(task.type, row.type)),
	};
}

/** One entity per node storage, and one per shared storage with every node that sees it (an online node's reading first). */
function storageEntities(source: string, rows: readonly StorageRow[], online: ReadonlySet<string>): Omit<StorageEntity, 'seenAt'>[] {
	const result: Omit<StorageEntity, 'seenAt'>[] = [];
	const shared = new Map<string, StorageRow[]>();
	for (const row of rows) {
		if (!row.isShared) result.push(storageEntity(source, row, online.has(row.node)));
		else shared.set(row.storage, [...(shared.get(row.storage) ?? []), row]);
	}
	for (const [name, group] of shared) {
		const ordered = [...group].sort((a, b) => Number(online.has(b.node)) - Number(online.has(a.node)));
		const first = ordered[0]!;
		const entity = storageEntity(source, first, online.has(first.node));
		result.push({...entity, id: entityId('storage', source, name), localId: name, nodes: group.map(row => row.node).sort()});
	}
	return result;
}

function storageEntity(source: string, row: StorageRow, isNodeOnline: boolean): Omit<StorageEntity, 'seenAt'> {
	const localId = `${row.node}/${row.storage}`;
	const isActive = !isNodeOnline || row.status === null || row.status === 'unknown' ? null : row.status === 'available';
	return {
		id: entityId('storage', source, localId), kind: 'storage', source, localId, name: row.storage,
		node: row.node,
		storageType: row.plugintype,
		usedBytes: isActive ? row.disk : null,
		totalBytes: isActive ? row.maxdisk : null,
		isShared: row.isShared,
		isActive,
		content: row.content,
	};
}

/** Whether a task type can belong to this guest type: `qm*` tasks are VMs', `vz*` (but vzdump, a backup of either) containers'. */
function isTaskOfType(taskType: string, guestType: 'qemu' | 'lxc'): boolean {
	if (guestType === 'lxc') return !taskType.startsWith('qm');
	return !(taskType.startsWith('vz') && taskType !== 'vzdump');
}

/** Bytes per second between two samples of a cumulative counter; null across a restart or a gap. */
export function counterRate(previous: CounterSample | undefined, current: CounterSample, key: 'netin' | 'netout' | 'diskread' | 'diskwrite'): number | null {
	if (!previous) return null;
	const before = previous[key];
	const after = current[key];
	const seconds = (current.atMs - previous.atMs) / 1000;
	if (before === null || after === null || seconds <= 0 || after < before) return null;
	if (previous.uptime !== null && current.uptime !== null && current.uptime < previous.uptime) return null;
	return (after - before) / seconds;
}

function percentOf(fraction: number | null | undefined): number | null {
	if (fraction === null || fraction === undefined) return null;
	return Math.round(fraction * 10_000) / 100;
}

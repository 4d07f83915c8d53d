// Pure parsers: raw PVE API replies (`unknown`, as they came off the wire) → typed rows. A reply of
// the wrong shape throws a DeviceReplyError; a single odd row is skipped, an odd field becomes null.
// Numbers the API did not give are null, never 0. Ids and addresses (UPID, PCI, pool) are read in
// parse-ids.ts; entity building lives in parse-entities.ts.
import {DeviceReplyError} from '../../src/errors.js';
import {parseUpid, poolName} from './parse-ids.js';

export {normalizePci, parsePciDevices, parsePciMappings, parseUpid, poolName, type Upid} from './parse-ids.js';

export type ClusterStatus = {
	/** Cluster name; null for a standalone node. */
	readonly name: string | null;
	/** null when there is no cluster (standalone node) or the reply did not say. */
	readonly isQuorate: boolean | null;
	/** Node name → online (null when not said). */
	readonly nodes: ReadonlyMap<string, boolean | null>;
};

export type NodeRow = {
	readonly node: string;
	readonly status: string;
	readonly cpu: number | null;
	readonly maxcpu: number | null;
	readonly mem: number | null;
	readonly maxmem: number | null;
	readonly disk: number | null;
	readonly maxdisk: number | null;
	readonly uptime: number | null;
};

export type GuestRow = {
	readonly vmid: number;
	readonly type: 'qemu' | 'lxc';
	readonly name: string | null;
	readonly node: string;
	readonly status: string;
	readonly cpu: number | null;
	readonly maxcpu: number | null;
	readonly mem: number | null;
	readonly maxmem: number | null;
	readonly disk: number | null;
	readonly maxdisk: number | null;
	readonly uptime: number | null;
	readonly netin: number | null;
	readonly netout: number | null;
	readonly diskread: number | null;
	readonly diskwrite: number | null;
	readonly tags: readonly string[];
	readonly pool: string | null;
	readonly hastate: string | null;
	readonly lock: string | null;
	readonly isTemplate: boolean;
};

export type StorageRow = {
	readonly node: string;
	readonly storage: string;
	readonly plugintype: string | null;
	readonly status: string | null;
	readonly disk: number | null;
	readonly maxdisk: number | null;
	readonly isShared: boolean;
	readonly content: readonly string[];
};

export type Resources = {
	readonly nodes: readonly NodeRow[];
	readonly guests: readonly GuestRow[];
	readonly storage: readonly StorageRow[];
	readonly pools: readonly string[];
};

export type NodeDetails = {
	readonly cpuModel: string | null;
	readonly cores: number | null;
	readonly load: readonly [number, number, number] | null;
	readonly memTotal: number | null;
	readonly memUsed: number | null;
	readonly swapTotal: number | null;
	readonly swapUsed: number | null;
	readonly rootTotal: number | null;
	readonly rootUsed: number | null;
	/** `8.4.1`, from `pve-manager/8.4.1/…`. */
	readonly pveVersion: string | null;
	readonly kernel: string | null;
	readonly uptime: number | null;
};

export type HaStatus = {
	/** vmid → HA state (`started`, `stopped`, `fence`…). */
	readonly services: ReadonlyMap<number, string>;
	readonly isQuorate: boolean | null;
};

export type PveTask = {
	readonly upid: string;
	readonly node: string | null;
	readonly type: string | null;
	readonly id: string | null;
	readonly user: string | null;
	readonly startTime: number | null;
	readonly endTime: number | null;
	/** Exit status of a finished task (`OK`, `WARNINGS: 1`, an error text); null while running. */
	readonly status: string | null;
};

type Row = Readonly<Record<string, unknown>>;

export function num(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value);
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
}

export function str(value: unknown): string | null {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return null;
}

/** PVE writes booleans as 0/1 (and sometimes as JSON booleans). */
export function flag(value: unknown): boolean | null {
	if (value === true || value === 1 || value === '1') return true;
	if (value === false || value === 0 || value === '0') return false;
	return null;
}

function rows(raw: unknown, source: string, operation: string): Row[] {
	if (!Array.isArray(raw)) throw new DeviceReplyError({source, operation}, `expected a list, got ${raw === null ? 'null' : typeof raw}`);
	return raw.filter((item): item is Row => typeof item === 'object' && item !== null && !Array.isArray(item));
}

export function splitTags(value: unknown): string[] {
	const text = str(value);
	if (!text) return [];
	return text.split(/[;,\s]+/).map(tag => tag.trim()).filter(Boolean);
}

export function parseClusterStatus(raw: unknown, source: string): ClusterStatus {
	let name: string | null = null;
	let isQuorate: boolean | null = null;
	const nodes = new Map<string, boolean | null>();
	for (const row of rows(raw, source, 'GET /cluster/status')) {
		if (row.type === 'cluster') {
			name = str(row.name);
			isQuorate = flag(row.quorate);
		} else if (row.type === 'node') {
			const node = str(row.name);
			if (node) nodes.set(node, flag(row.online));
		}
	}
	return {name, isQuorate, nodes};
}

export function parseResources(raw: unknown, source: string): Resources {
	const nodes: NodeRow[] = [];
	const guests: GuestRow[] = [];
	const storage: StorageRow[] = [];
	const pools: string[] = [];
	for (const row of rows(raw, source, 'GET /cluster/resources')) {
		const node = str(row.node);
		switch (row.type) {
			case 'node': {
				if (!node) break;
				nodes.push({
					node,
					status: str(row.status) ?? 'unknown',
					cpu: num(row.cpu), maxcpu: num(row.maxcpu), mem: num(row.mem), maxmem: num(row.maxmem),
					disk: num(row.disk), maxdisk: num(row.maxdisk), uptime: num(row.uptime),
				});
				break;
			}
			case 'qemu':
			case 'lxc': {
				// PVE 6 may send an `id` (qemu/105) that disagrees with `vmid` (100): `vmid` is the truth.
				const vmid = num(row.vmid) ?? num(str(row.id)?.split('/')[1]);
				if (!node || vmid === null || !Number.isInteger(vmid) || vmid <= 0) break;
				const duplicate = guests.findIndex(guest => guest.vmid === vmid);
				if (duplicate >= 0) {
					// A destroyed guest's row beside the new one that reuses its id: keep the row whose id agrees, then the running one.
					const agrees = str(row.id) === `${row.type}/${vmid}`;
					if (!agrees || guests[duplicate]!.status === 'running' && str(row.status) !== 'running') break;
					guests.splice(duplicate, 1);
				}
				guests.push({
					vmid, type: row.type, node,
					name: str(row.name),
					status: str(row.status) ?? 'unknown',
					cpu: num(row.cpu), maxcpu: num(row.maxcpu), mem: num(row.mem), maxmem: num(row.maxmem),
					disk: num(row.disk), maxdisk: num(row.maxdisk), uptime: num(row.uptime),
					netin: num(row.netin), netout: num(row.netout), diskread: num(row.diskread), diskwrite: num(row.diskwrite),
					tags: splitTags(row.tags),
					pool: poolName(row.pool),
					hastate: str(row.hastate),
					lock: str(row.lock) || null,
					isTemplate: flag(row.template) === true,
				});
				break;
			}
			case 'storage': {
				const id = str(row.storage) ?? str(row.id)?.split('/').pop() ?? null;
				if (!node || !id) break;
				storage.push({
					node, storage: id,
					plugintype: str(row.plugintype),
					status: str(row.status),
					disk: num(row.disk), maxdisk: num(row.maxdisk),
					isShared: flag(row.shared) === true,
					content: (str(row.content) ?? '').split(',').map(item => item.trim()).filter(Boolean),
				});
				break;
			}
			case 'pool': {
				const pool = poolName(row.pool) ?? poolName(row.id);
				if (pool) pools.push(pool);
				break;
			}
			default:
				break;
		}
	}
	return {nodes, guests, storage, pools};
}

export function parseNodeStatus(raw: unknown, source: string, node: string): NodeDetails {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new DeviceReplyError({source, operation: `GET /nodes/${node}/status`}, 'expected an object');
	}
	const row = raw as Row;
	const part = (key: string): Row => (typeof row[key] === 'object' && row[key] !== null ? row[key] as Row : {});
	const loads = Array.isArray(row.loadavg) ? row.loadavg.map(num) : [];
	const [l1, l5, l15] = loads;
	const load = l1 != null && l5 != null && l15 != null ? [l1, l5, l15] as const : null;
	const manager = /pve-manager\/([^/\s]+)/.exec(str(row.pveversion) ?? '');
	const kernel = str(row.kversion);
	const cpuinfo = part('cpuinfo');
	return {
		cpuModel: str(cpuinfo.model),
		cores: num(cpuinfo.cpus),
		load,
		memTotal: num(part('memory').total), memUsed: num(part('memory').used),
		swapTotal: num(part('swap').total), swapUsed: num(part('swap').used),
		rootTotal: num(part('rootfs').total), rootUsed: num(part('rootfs').used),
		pveVersion: manager?.[1] ?? null,
		kernel: kernel ? kernel.split(' #')[0]!.trim() : null,
		uptime: num(row.uptime),
	};
}

export function parseHaStatus(raw: unknown, source: string): HaStatus {
	const services = new Map<number, string>();
	let isQuorate: boolean | null = null;
	for (const row of rows(raw, source, 'GET /cluster/ha/status/current')) {
		if (row.type === 'quorum') {
			const value = flag(row.quorate);
			if (value !== null) isQuorate = isQuorate === false ? false : value;
		} else if (row.type === 'service') {
			const vmid = num(/^(?:vm|ct):(\d+)$/.exec(str(row.sid) ?? '')?.[1]);
			const state = str(row.state) ?? str(row.status);
			if (vmid !== null && state) services.set(vmid, state);
		}
	}
	return {services, isQuorate};
}

export function parseTasks(raw: unknown, source: string): PveTask[] {
	const tasks: PveTask[] = [];
	for (const row of rows(raw, source, 'GET /cluster/tasks')) {
		const upid = str(row.upid);
		if (!upid) continue;
		const parsed = parseUpid(upid);
		tasks.push({
			upid,
			node: str(row.node) ?? parsed?.node ?? null,
			type: str(row.type) ?? parsed?.type ?? null,
			id: str(row.id) || parsed?.id || null,
			user: str(row.user) ?? parsed?.user ?? null,
			startTime: num(row.starttime),
			endTime: num(row.endtime),
			status: str(row.status),
		});
	}
	return tasks;
}

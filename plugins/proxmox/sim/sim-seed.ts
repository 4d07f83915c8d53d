// The simulator's seed: fixtures/proxmox/demo-cluster.json (our own data, modelled on PVE 8),
// checked at load, plus optional synthetic guests for benchmarks.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export type SeedNode = {
	readonly name: string;
	readonly ip: string;
	readonly maxcpu: number;
	readonly maxmem: number;
	readonly maxdisk: number;
	readonly cpuModel: string;
	readonly kernel: string;
	readonly baseCpu: number;
	readonly baseMem: number;
};

export type SeedGuest = {
	readonly vmid: number;
	readonly name: string;
	readonly type: 'qemu' | 'lxc';
	readonly node: string;
	readonly status: 'running' | 'stopped';
	readonly maxcpu: number;
	readonly maxmem: number;
	readonly maxdisk: number;
	readonly disk?: number;
	readonly tags?: string;
	readonly pool?: string;
	readonly ha?: boolean;
	readonly template?: number;
	readonly load?: number;
	readonly memFrac?: number;
	readonly onboot?: number;
	readonly config?: Readonly<Record<string, string>>;
};

export type SeedStorage = {
	readonly storage: string;
	readonly plugintype: string;
	readonly content: string;
	readonly shared: number;
	readonly nodes: readonly string[];
	readonly maxdisk: number;
	readonly used: number;
};

export type SeedTask = {
	readonly node: string;
	readonly type: string;
	readonly id: string;
	readonly user: string;
	readonly agoSec: number;
	readonly durationSec: number;
	readonly status: string;
};

export type ClusterSeed = {
	/** Absent for a standalone node. */
	readonly cluster?: string;
	readonly version: string;
	readonly nodes: readonly SeedNode[];
	readonly storage: readonly SeedStorage[];
	readonly pools: readonly string[];
	readonly guests: readonly SeedGuest[];
	readonly history?: readonly SeedTask[];
};

export function defaultFixturesDir(): string {
	return fileURLToPath(new URL('../../../fixtures', import.meta.url));
}

export function loadSeed(fixturesDir = defaultFixturesDir()): ClusterSeed {
	const raw = JSON.parse(readFileSync(join(fixturesDir, 'proxmox', 'demo-cluster.json'), 'utf8')) as ClusterSeed;
	if (!Array.isArray(raw.nodes) || !Array.isArray(raw.guests)) throw new Error('proxmox simulator: demo-cluster.json has no nodes or guests');
	return raw;
}

/** The seed's first node alone, with its guests and no cluster: a standalone PVE host. */
export function standaloneSeed(seed: ClusterSeed): ClusterSeed {
	const node = seed.nodes[0]!;
	return {
		version: seed.version,
		nodes: [node],
		storage: seed.storage.filter(item => !item.shared).map(item => ({...item, nodes: [node.name]})),
		pools: seed.pools,
		guests: seed.guests.filter(guest => guest.node === node.name),
	};
}

/** Adds `count` synthetic guests spread over the nodes (benchmarks: 2,000 guests). */
export function withExtraGuests(seed: ClusterSeed, count: number): ClusterSeed {
	const guests: SeedGuest[] = [...seed.guests];
	for (let index = 0; index < count; index++) {
		const node = seed.nodes[index % seed.nodes.length]!;
		const isQemu = index % 3 !== 0;
		guests.push({
			vmid: 10_000 + index,
			name: `${isQemu ? 'vm' : 'ct'}-${String(index).padStart(4, '0')}`,
			type: isQemu ? 'qemu' : 'lxc',
			node: node.name,
			status: index % 4 === 0 ? 'stopped' : 'running',
			maxcpu: 1 + (index % 4),
			maxmem: (1 + (index % 8)) * 536_870_912,
			maxdisk: 8_589_934_592,
			disk: isQemu ? undefined : 2_147_483_648,
			tags: index % 5 === 0 ? 'bulk;test' : 'bulk',
			load: 0.02 + (index % 10) / 100,
			memFrac: 0.3 + (index % 5) / 10,
			onboot: 1,
		});
	}
	return {...seed, guests};
}

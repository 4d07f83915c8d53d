// The simulated cluster: nodes, guests, storage and tasks, advanced lazily to "now" on every
// request (no timers of its own). CPU and memory follow slow waves; counters grow with load;
// tasks finish after `taskMs` and then change guest state. API views live in sim-api.ts.
import {randomInt} from 'node:crypto';
import type {ClusterSeed, SeedGuest, SeedNode} from './sim-seed.js';

export type SimNode = SeedNode & {isOnline: boolean; bootAt: number; offlineSince: number | null};

export type SimGuest = Omit<SeedGuest, 'node' | 'status'> & {
	node: string;
	status: 'running' | 'stopped';
	startedAt: number;
	lock: string | null;
	counters: {netin: number; netout: number; diskread: number; diskwrite: number};
};

export type SimTask = {
	readonly upid: string;
	readonly node: string;
	readonly type: string;
	readonly id: string;
	readonly user: string;
	readonly pid: number;
	readonly startMs: number;
	readonly endMs: number;
	/** Exit status once finished. */
	readonly outcome: string;
	isDone: boolean;
	readonly apply: () => void;
};

/** An API error: HTTP status and the reason phrase PVE puts in the status line. */
export class SimApiError extends Error {
	constructor(readonly status: number, readonly reason: string) {
		super(reason);
	}
}

export type StateOptions = {
	/** How long a task runs, ms (tests: tens of ms; demo: seconds). */
	readonly taskMs: number;
	/** After a node has been offline this long, HA guests are recovered on another node. */
	readonly haRecoveryMs: number;
	readonly now: () => number;
};

export class SimState {
	readonly isCluster: boolean;
	readonly clusterName: string;
	readonly version: string;
	readonly nodes: SimNode[];
	readonly guests = new Map<number, SimGuest>();
	readonly storage: ClusterSeed['storage'];
	readonly pools: readonly string[];
	readonly tasks: SimTask[] = [];
	isQuorumForcedLost = false;
	/** The next N tasks fail. */
	failingTasks = 0;
	readonly #options: StateOptions;
	#lastAdvance: number;
	/** Node power changes a `POST /nodes/{node}/status` has scheduled, applied by advance(). */
	#powerPlans: {node: string; at: number; isOnline: boolean}[] = [];
	/** Called when a node goes down or up by itself (an API shutdown or reboot), so the demo lab can follow. */
	onNodePower: ((node: string, isOnline: boolean) => void) | undefined;

	constructor(seed: ClusterSeed, options: StateOptions) {
		this.#options = options;
		const now = options.now();
		this.#lastAdvance = now;
		this.isCluster = Boolean(seed.cluster);
		this.clusterName = seed.cluster ?? '';
		this.version = seed.version;
		this.nodes = seed.nodes.map(node => ({...node, isOnline: true, bootAt: now - 86_400_000 * 3, offlineSince: null}));
		for (const guest of seed.guests) {
			const startedAt = now - (3600 + (guest.vmid % 97) * 1800) * 1000;
			this.guests.set(guest.vmid, {...guest, startedAt, lock: null, counters: {netin: guest.vmid * 1e6, netout: guest.vmid * 5e5, diskread: guest.vmid * 2e6, diskwrite: guest.vmid * 1e6}});
		}
		this.storage = seed.storage;
		this.pools = seed.pools;
		for (const item of seed.history ?? []) {
			const startMs = now - item.agoSec * 1000;
			this.#addTask({node: item.node, type: item.type, id: item.id, user: item.user, startMs, endMs: startMs + item.durationSec * 1000, outcome: item.status, apply: () => undefined});
		}
	}

	now(): number {
		return this.#options.now();
	}

	node(name: string): SimNode | undefined {
		return this.nodes.find(node => node.name === name);
	}

	get isQuorate(): boolean {
		if (this.isQuorumForcedLost) return false;
		return this.nodes.filter(node => node.isOnline).length * 2 > this.nodes.length;
	}

	/** CPU busy fraction of a running guest's cores at time `t`. */
	guestCpu(guest: SimGuest, t: number): number {
		const wave = Math.sin(t / 7000 + guest.vmid) * 0.2 + Math.sin(t / 31_000 + guest.vmid * 3) * 0.1;
		return clamp((guest.load ?? 0.05) * (1 + wave), 0.001, 1);
	}

	guestMem(guest: SimGuest, t: number): number {
		return Math.round(guest.maxmem * clamp((guest.memFrac ?? 0.4) + Math.sin(t / 13_000 + guest.vmid) * 0.04, 0.05, 0.98));
	}

	/** Brings the model to now: counters, finished tasks, HA recovery. */
	advance(): void {
		const now = this.now();
		const seconds = Math.max(0, (now - this.#lastAdvance) / 1000);
		this.#lastAdvance = now;
		for (const guest of this.guests.values()) {
			if (guest.status !== 'running' || !this.node(guest.node)?.isOnline) continue;
			const load = this.guestCpu(guest, now) * guest.maxcpu;
			guest.counters.netin += Math.round(seconds * 40_000 * (1 + load * 10));
			guest.counters.netout += Math.round(seconds * 20_000 * (1 + load * 8));
			guest.counters.diskread += Math.round(seconds * 60_000 * (1 + load * 5));
			guest.counters.diskwrite += Math.round(seconds * 30_000 * (1 + load * 5));
		}
		for (const task of this.tasks) {
			if (task.isDone || task.endMs > now) continue;
			task.isDone = true;
			if (task.outcome === 'OK' || task.outcome.startsWith('WARNINGS')) task.apply();
			else {
				const guest = this.guests.get(Number(task.id));
				if (guest) guest.lock = null;
			}
		}
		const due = this.#powerPlans.filter(plan => plan.at <= now).sort((a, b) => a.at - b.at);
		this.#powerPlans = this.#powerPlans.filter(plan => plan.at > now);
		for (const plan of due) {
			this.setNodeOnline(plan.node, plan.isOnline);
			this.onNodePower?.(plan.node, plan.isOnline);
		}
		this.#recoverHaGuests(now);
	}

	/** A node shutdown (guests stop, the node goes offline after `taskMs`) or reboot (back after twice that). */
	scheduleNodePower(name: string, command: 'shutdown' | 'reboot'): void {
		const now = this.now();
		if (this.#powerPlans.some(plan => plan.node === name)) throw new SimApiError(500, `node '${name}' is already shutting down`);
		this.#powerPlans.push({node: name, at: now + this.#options.taskMs, isOnline: false});
		if (command === 'reboot') this.#powerPlans.push({node: name, at: now + 2 * this.#options.taskMs, isOnline: true});
	}

	#recoverHaGuests(now: number): void {
		if (!this.isQuorate) return;
		const target = this.nodes.find(node => node.isOnline);
		if (!target) return;
		for (const node of this.nodes) {
			if (node.isOnline || node.offlineSince === null || now - node.offlineSince < this.#options.haRecoveryMs) continue;
			for (const guest of this.guests.values()) {
				if (guest.node !== node.name || !guest.ha) continue;
				guest.node = target.name;
				guest.status = 'running';
				guest.startedAt = now;
			}
		}
	}

	setNodeOnline(name: string, isOnline: boolean): void {
		const node = this.node(name);
		if (!node || node.isOnline === isOnline) return;
		const now = this.now();
		node.isOnline = isOnline;
		node.offlineSince = isOnline ? null : now;
		if (isOnline) node.bootAt = now;
		for (const guest of this.guests.values()) {
			if (guest.node !== name) continue;
			// Power lost: every guest dies; power back: onboot guests come up.
			if (!isOnline) guest.status = 'stopped';
			else if (guest.onboot === 1 && !guest.template) {
				guest.status = 'running';
				guest.startedAt = now;
			}
			guest.lock = null;
		}
		for (const task of this.tasks) if (!task.isDone && task.node === name) task.isDone = true;
	}

	/** Starts a task: returns its UPID. */
	startTask(spec: {node: string; type: string; id: string; user: string; apply: () => void; durationMs?: number; outcome?: string}): string {
		const now = this.now();
		const isFailing = this.failingTasks > 0;
		if (isFailing) this.failingTasks--;
		const outcome = isFailing ? failureText(spec.type, spec.id) : spec.outcome === undefined ? 'OK' : `WARNINGS: 1 (${spec.outcome})`;
		return this.#addTask({...spec, startMs: now, endMs: now + (spec.durationMs ?? this.#options.taskMs), outcome}).upid;
	}

	/** A finished task's exit status as PVE reports it; null while it runs. */
	exitStatus(task: SimTask): string | null {
		if (!task.isDone) return null;
		// Marked done before its end: its node went down under it.
		return task.endMs > this.now() ? 'interrupted by node shutdown' : task.outcome;
	}

	#addTask(spec: Omit<SimTask, 'upid' | 'pid' | 'isDone'>): SimTask {
		const pid = randomInt(100_000, 4_000_000);
		const hex = (value: number, width = 8) => value.toString(16).toUpperCase().padStart(width, '0');
		const upid = `UPID:${spec.node}:${hex(pid)}:${hex(randomInt(1, 2 ** 31))}:${hex(Math.floor(spec.startMs / 1000))}:${spec.type}:${spec.id}:${spec.user}:`;
		const task: SimTask = {...spec, upid, pid, isDone: spec.endMs <= this.now()};
		this.tasks.push(task);
		if (this.tasks.length > 200) this.tasks.splice(0, this.tasks.length - 200);
		return task;
	}
}

/** The exit status of a failed task, worded as PVE words it for that task type. */
export function failureText(type: string, id: string): string {
	switch (type) {
		case 'qmstart': return 'start failed: QEMU exited with code 1';
		case 'qmshutdown':
		case 'qmreboot': return `VM ${id} qmp command 'guest-shutdown' failed - got timeout`;
		case 'qmstop':
		case 'qmreset': return `can't lock file '/var/lock/qemu-server/lock-${id}.conf' - got timeout`;
		case 'vzstart': return `startup for container '${id}' failed`;
		case 'vzshutdown':
		case 'vzreboot': return `container '${id}' did not shut down in time`;
		case 'qmigrate':
		case 'vzmigrate': return 'migration problems';
		default: return 'command exited with code 1';
	}
}

export function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}

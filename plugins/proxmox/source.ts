// One Proxmox source at run time: the poll round (client.ts for I/O, parse*.ts for meaning), the
// caches kept between polls (guest counters for rates, hostpci config refreshed at a slower rate),
// and the recent tasks. A lost quorum, an offline node or a node that does not answer makes the
// result `partial`; only an unusable /cluster/resources (or auth, timeout) fails the poll.
import {describeError, isLabdeckError, AuthError, TimeoutError} from '../../src/errors.js';
import type {PollResult} from '../../src/plugin-api.js';
import type {PveClient} from './client.js';
import type {CounterSample} from './parse-entities.js';
import {buildEntitiesInSlices, parseResourcesInSlices} from './sliced.js';
import {defaultCaps, type SourceCaps} from '../../src/caps.js';
import {parseClusterStatus, parseHaStatus, parseNodeStatus, parsePciDevices, parsePciMappings, parseTasks, type NodeDetails, type PveTask} from './parse.js';
import {guestTasks} from './parse-tasks.js';

export type SourceOptions = {
	readonly source: string;
	/** How long a guest's hostpci config is trusted, ms. */
	readonly configTtlMs?: number;
	/** Guest configs fetched per poll at most (2,000 guests fill the cache over several polls). */
	readonly configsPerPoll?: number;
	readonly now?: () => number;
	/** The source's caps (rows of /cluster/resources); defaults when absent. */
	readonly caps?: SourceCaps;
};

type ConfigEntry = {readonly devices: readonly string[]; readonly mappings: readonly string[]; readonly fetchedAt: number};

export class PveSource {
	readonly #client: PveClient;
	readonly #options: SourceOptions;
	#counters: ReadonlyMap<number, CounterSample> = new Map();
	readonly #configs = new Map<number, ConfigEntry>();
	/** Recent tasks from the last poll, newest first. */
	recentTasks: readonly PveTask[] = [];
	onlineNodes: readonly string[] = [];

	constructor(client: PveClient, options: SourceOptions) {
		this.#client = client;
		this.#options = options;
	}

	async poll(signal: AbortSignal): Promise<PollResult> {
		const {source} = this.#options;
		const now = this.#options.now ?? Date.now;
		const notes: string[] = [];
		const [statusReply, resourcesReply, haReply, tasksReply] = await Promise.allSettled([
			this.#client.clusterStatus(signal),
			this.#client.clusterResources(signal),
			this.#client.haStatus(signal),
			this.#client.clusterTasks(signal),
		]);
		if (resourcesReply.status === 'rejected') throw resourcesReply.reason;
		const polledAt = now();
		const resources = await parseResourcesInSlices(resourcesReply.value, source, this.#options.caps ?? defaultCaps, signal);
		const fatal = [statusReply, haReply, tasksReply].find(reply => reply.status === 'rejected' && (reply.reason instanceof AuthError || reply.reason instanceof TimeoutError));
		if (fatal?.status === 'rejected') throw fatal.reason;
		const status = this.#optional(statusReply, reply => parseClusterStatus(reply, source), 'GET /cluster/status', notes);
		const ha = this.#optional(haReply, reply => parseHaStatus(reply, source), 'GET /cluster/ha/status/current', notes);
		const tasks = this.#optional(tasksReply, reply => parseTasks(reply, source), 'GET /cluster/tasks', notes);
		if (tasks) this.recentTasks = tasks;

		const onlineGuess = resources.nodes.filter(row => row.status === 'online' && status?.nodes.get(row.node) !== false).map(row => row.node);
		const nodeDetails = new Map<string, NodeDetails>();
		await Promise.all(onlineGuess.map(async node => {
			try {
				nodeDetails.set(node, parseNodeStatus(await this.#client.nodeStatus(node, signal), source, node));
			} catch (error) {
				if (signal.aborted) throw error;
				notes.push(`node ${node} does not answer (${shortError(error, node)})`);
			}
		}));
		const answering = new Set(nodeDetails.keys());
		await this.#refreshConfigs(resources.guests.filter(guest => guest.type === 'qemu' && guest.status === 'running' && answering.has(guest.node)), signal, now());

		const pci = new Map<number, readonly string[]>();
		const pciMappings = new Map<number, readonly string[]>();
		for (const [vmid, entry] of this.#configs) {
			pci.set(vmid, entry.devices);
			pciMappings.set(vmid, entry.mappings);
		}
		// The last task list read stays in force when this poll's /cluster/tasks failed.
		const tasksByGuest = guestTasks(this.recentTasks);
		const built = await buildEntitiesInSlices({source, now: polledAt, status, resources, ha, nodeDetails, pci, pciMappings, tasks: tasksByGuest, previous: this.#counters}, signal);
		this.#counters = built.counters;
		this.onlineNodes = built.onlineNodes;
		const partial = [...built.notes, ...notes].join('; ');
		// /cluster/resources lists every node, guest and storage even with nodes offline: a guest
		// missing from it is gone, whatever else this poll could not read.
		return partial ? {entities: built.entities, partial, isListComplete: true} : {entities: built.entities};
	}

	#optional<T>(reply: PromiseSettledResult<unknown>, parse: (raw: unknown) => T, operation: string, notes: string[]): T | null {
		try {
			if (reply.status === 'rejected') throw reply.reason;
			return parse(reply.value);
		} catch (error) {
			notes.push(shortError(error, operation));
			return null;
		}
	}

	/** Fetches the config of running VMs whose cached hostpci list is missing or older than the TTL. */
	async #refreshConfigs(guests: readonly {vmid: number; node: string}[], signal: AbortSignal, now: number): Promise<void> {
		const ttl = this.#options.configTtlMs ?? 60_000;
		// The oldest few, picked in one pass (a sort of 100,000 running VMs to take 48 held the loop ≈ 80 ms).
		const due = oldestDue(guests, guest => this.#configs.get(guest.vmid)?.fetchedAt, now, ttl, this.#options.configsPerPoll ?? 48);
		let next = 0;
		const worker = async () => {
			while (next < due.length && !signal.aborted) {
				const guest = due[next++]!;
				try {
					const config = await this.#client.guestConfig(guest.node, 'qemu', guest.vmid, signal);
					this.#configs.set(guest.vmid, {devices: parsePciDevices(config), mappings: parsePciMappings(config), fetchedAt: now});
				} catch {
					// Keep the cached list (if any); the node's own trouble is reported by its status.
				}
			}
		};
		await Promise.all(Array.from({length: Math.min(6, due.length)}, worker));
	}
}

/** The `count` guests due (never fetched, or older than `ttl`), oldest first, in reply order among equals. */
export function oldestDue<T>(guests: readonly T[], fetchedAtOf: (guest: T) => number | undefined, now: number, ttl: number, count: number): T[] {
	const due: {guest: T; at: number}[] = [];
	if (count <= 0) return [];
	for (const guest of guests) {
		const fetchedAt = fetchedAtOf(guest);
		if (fetchedAt !== undefined && now - fetchedAt < ttl) continue;
		const at = fetchedAt ?? -1;
		if (due.length === count && at >= due[count - 1]!.at) continue;
		let index = due.length;
		while (index > 0 && due[index - 1]!.at > at) index--;
		due.splice(index, 0, {guest, at});
		if (due.length > count) due.pop();
	}
	return due.map(item => item.guest);
}

function shortError(error: unknown, operation: string): string {
	if (isLabdeckError(error)) return error.message.replace(/^[^:]+: /, '');
	return describeError(error, {source: '', operation}).replace(/^: /, '');
}

// The local machine's client: a fast per-poll path, slow refreshes at their own cadence, and
// static facts read once.
//
// Measured on the development machine (Node 20.20, Debian 12, 2 vCPU VM, systeminformation
// 5.33): each call timed alone, "stall" = longest event-loop gap during the call. Median of 7
// calls 260 ms apart (first call in brackets).
//   call                  wall          stall    what it does on Linux
//   currentLoad()         2.8 (507) ms  2.8 ms   execSync `cat /proc/stat | grep cpu`; 1st call waits 0.5 s
//   mem()                 0.5 (1.3) ms  0.6 ms   fs.readFile /proc/meminfo
//   networkStats('*')     7.3 (32) ms   4.0 (31) a shell per interface; 1st call execSync `ip`
//   cpuTemperature()      7.6 (7.0) ms  3.8 ms   execSync over thermal zones, then hwmon through a shell
//   fsSize()              5.1 (6.7) ms  3.7 ms   execSync `cat /proc/mounts`, then exec df (no timeout)
//   osInfo()              11.8 (12.5)   3.2 ms   exec cat /etc/*-release, lsb_release…
//   cpu()                 9.7 (8.7) ms  2.3 ms   exec lscpu, reads /proc/cpuinfo
//   time()                3.7 (12.3)    3.7 ms   execSync date; unused here (os.uptime() instead)
//   import('systeminformation')  ≈ 20 ms, all of it blocking (module loading is synchronous)
// This plugin's polls through LocalClient, polled every 250 ms, esbuild bundle run by node
// (wall / stall, median and max of 20 polls; "slow" = polls that also refresh filesystems and
// temperatures):
//   reader                 first poll         fast polls               slow polls
//   linux (/proc, df)      107 ms / 6 ms      0.9 (4.1) / 0.8 (2.1)    3.3 (3.8) / 2.2 (2.7)
//   systeminformation      571 ms / 57 ms     8.6 (33) / 6.4 (14)      19.6 (21) / 8.5 (10.6)
// The first poll's 107 ms is the CPU measuring window (minWindowMs, from create); the remaining
// slow-poll stall is spawning df. So: on Linux everything comes from /proc, /sys and df
// (linux-reader.ts says why), systeminformation is never loaded; elsewhere systeminformation,
// imported lazily. Filesystems refresh every ~30 s and temperatures every ~10 s, cached in
// between; OS and CPU model are read once, started at create.
// The CPU and network readers measure since their previous call, so the first reading is taken
// at create and the first poll waits until at least `minWindowMs` has passed since then.
import {hostname, loadavg, platform, uptime} from 'node:os';
import type {Filesystem, Temperature} from '../../src/entities.js';
import type {CommandTransport} from '../../src/plugin-api.js';
import {describeError} from '../../src/errors.js';
import {abortable, delay} from '../../src/abort.js';
import {createLinuxReader} from './linux-reader.js';
import type {CpuUsage, LocalSample, NetRates, StaticFacts} from './parse.js';
import type {LocalReader} from './reader.js';
import {createSiReader} from './si-reader.js';

export type LocalClientOptions = {
	readonly source: string;
	/** Poll interval, seconds: sets how many polls apart the slow refreshes run. */
	readonly interval: number;
	/** What to read from; `defaultReader()` in production, fakes and fixture roots in tests. */
	readonly reader: LocalReader;
	/** Shortest CPU/network measuring window for the first poll, ms. */
	readonly minWindowMs?: number;
	/** Seconds between filesystem refreshes. */
	readonly filesystemsEverySec?: number;
	/** Seconds between temperature refreshes. */
	readonly temperaturesEverySec?: number;
};

export type LocalPoll = {readonly sample: LocalSample; readonly partial?: string};

type Rates = {readonly cpu: CpuUsage; readonly network: NetRates};

const unknownFacts: StaticFacts = {os: null, version: null, cpuModel: null, cores: null};

/** /proc and /sys on Linux; systeminformation everywhere else. */
export function defaultReader(transport: CommandTransport, commandTimeoutMs: number): LocalReader {
	return platform() === 'linux' ? createLinuxReader({transport, commandTimeoutMs}) : createSiReader();
}

/** A value refreshed every `every` polls and kept in between; retried on the next poll after a failure. */
class Cached<T> {
	value: T;
	#nextPoll = 0;
	constructor(initial: T, readonly every: number) {
		this.value = initial;
	}
	isDue(poll: number): boolean {
		return poll >= this.#nextPoll;
	}
	succeeded(poll: number, value: T): void {
		this.value = value;
		this.#nextPoll = poll + this.every;
	}
	failed(poll: number): void {
		this.#nextPoll = poll + 1;
	}
}

export class LocalClient {
	readonly reader: LocalReader;
	readonly #source: string;
	readonly #minWindowMs: number;
	readonly #life = new AbortController();
	readonly #primed: Promise<unknown>;
	readonly #primedAt: number;
	#rates: Rates | undefined;
	#ratesAt = 0;
	#facts: Promise<StaticFacts> | undefined;
	#polls = 0;
	readonly #filesystems: Cached<readonly Filesystem[]>;
	readonly #temperatures: Cached<readonly Temperature[]>;

	constructor(options: LocalClientOptions) {
		this.reader = options.reader;
		this.#source = options.source;
		this.#minWindowMs = options.minWindowMs ?? 100;
		const every = (seconds: number): number => Math.max(1, Math.round(seconds / Math.max(0.1, options.interval)));
		this.#filesystems = new Cached<readonly Filesystem[]>([], every(options.filesystemsEverySec ?? 30));
		this.#temperatures = new Cached<readonly Temperature[]>([], every(options.temperaturesEverySec ?? 10));
		// First readings of the rate counters, and the static facts, start now: by the first poll
		// they are usually done. Failures here are retried by the polls.
		const signal = this.#life.signal;
		const seededAt = this.reader.seed?.();
		this.#primedAt = seededAt ?? performance.now();
		this.#primed = seededAt === undefined ? Promise.allSettled([this.reader.cpu(signal), this.reader.network(signal)]) : Promise.resolve();
		this.#facts = this.reader.staticFacts(signal);
		this.#facts.catch(() => {
			this.#facts = undefined;
		});
	}

	async sample(signal: AbortSignal): Promise<LocalPoll> {
		const poll = this.#polls++;
		const problems: string[] = [];
		// Step 1: the measuring window of the first poll.
		await abortable(this.#primed, signal);
		await delay(this.#primedAt + this.#minWindowMs - performance.now(), signal);

		// Step 2: static facts, once.
		this.#facts ??= this.reader.staticFacts(signal);
		let facts = unknownFacts;
		try {
			facts = await abortable(this.#facts, signal);
		} catch (error) {
			signal.throwIfAborted();
			this.#facts = undefined;
			problems.push(this.#describe(error, 'os/cpu facts'));
		}

		// Step 3: the fast path (failures here fail the poll). Rates need a window: a poll right
		// after another (a re-poll after an action) reuses the last rates instead of measuring ~0 ms.
		signal.throwIfAborted();
		const isRateDue = this.#rates === undefined || performance.now() - this.#ratesAt >= this.#minWindowMs;
		const [rates, memory] = await Promise.all([isRateDue ? this.#readRates(signal) : this.#rates!, this.reader.memory(signal)]);
		const {cpu, network} = rates;

		// Step 4: slow refreshes when due; a failure keeps the cached value and marks the poll partial.
		signal.throwIfAborted();
		await Promise.all([
			this.#refresh(this.#filesystems, poll, signal, async s => this.reader.filesystems(s), 'filesystems', problems),
			this.#refresh(this.#temperatures, poll, signal, async s => this.reader.temperatures(s), 'temperatures', problems),
		]);
		signal.throwIfAborted();

		const isWindows = platform() === 'win32';
		const [one = 0, five = 0, fifteen = 0] = loadavg();
		const sample: LocalSample = {
			hostname: hostname(),
			facts,
			cpu,
			load: isWindows ? null : [one, five, fifteen],
			memory,
			network,
			filesystems: this.#filesystems.value,
			temperatures: this.#temperatures.value,
			uptimeSec: uptime(),
		};
		return problems.length > 0 ? {sample, partial: problems.join('; ')} : {sample};
	}

	async #readRates(signal: AbortSignal): Promise<Rates> {
		const [cpu, network] = await Promise.all([this.reader.cpu(signal), this.reader.network(signal)]);
		this.#rates = {cpu, network};
		this.#ratesAt = performance.now();
		return this.#rates;
	}

	close(): void {
		this.#life.abort();
	}

	async #refresh<T>(cache: Cached<T>, poll: number, signal: AbortSignal, read: (signal: AbortSignal) => Promise<T>, what: string, problems: string[]): Promise<void> {
		if (!cache.isDue(poll)) return;
		try {
			cache.succeeded(poll, await read(signal));
		} catch (error) {
			signal.throwIfAborted();
			cache.failed(poll);
			problems.push(this.#describe(error, what));
		}
	}

	#describe(error: unknown, what: string): string {
		return describeError(error, {source: this.#source, operation: what});
	}
}

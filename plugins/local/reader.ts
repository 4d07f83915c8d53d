// What the local client reads, behind one interface with two implementations: the portable one
// through systeminformation (si-reader.ts) and the Linux one that reads /proc and /sys directly
// for the per-poll path (linux-reader.ts). Readers of rates (cpu, network) are stateful: each
// call measures since the previous one.
import type {Filesystem, Temperature} from '../../src/entities.js';
import type {CpuUsage, MemoryUsage, NetRates, StaticFacts} from './parse.js';

export type LocalReader = {
	/** Where the fast path reads from, for `doctor` and the tests. */
	readonly name: string;
	/** Busy % since the previous call (nulls on the first call). */
	cpu(signal: AbortSignal): Promise<CpuUsage>;
	memory(signal: AbortSignal): Promise<MemoryUsage>;
	/** Bytes/s since the previous call, summed over non-loopback interfaces (nulls on the first call). */
	network(signal: AbortSignal): Promise<NetRates>;
	/** Slow cadence. Real mounts only. */
	filesystems(signal: AbortSignal): Promise<Filesystem[]>;
	/** Slow cadence. Empty where the machine exposes no sensors. */
	temperatures(signal: AbortSignal): Promise<Temperature[]>;
	/** Read once: OS, release, CPU model and core count. */
	staticFacts(signal: AbortSignal): Promise<StaticFacts>;
	/**
	 * Starts the rate readers from counters read earlier (early-counters.ts) when there are any:
	 * returns when they were read (performance.now()), and the first cpu()/network() call
	 * measures since then. Undefined: nothing earlier, the client primes the readers itself.
	 */
	seed?(): number | undefined;
};

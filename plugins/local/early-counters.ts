// The local machine's rate counters (/proc/stat, /proc/net/dev) read as the process starts, before
// the modules load: the first poll's CPU and network window then runs while labdeck loads instead
// of after it. `labdeck status --json` with no config waited ≈ 100 ms (the window) after its
// start-up; the window now overlaps the ≈ 100 ms the start-up takes anyway. Linux only; tiny, so
// the lean entries import it before anything else.
import {readFileSync} from 'node:fs';
import {platform} from 'node:os';

export type EarlyCounters = {readonly stat: string; readonly netDev: string; readonly at: number};

let early: EarlyCounters | undefined;

/** Reads the counters now (synchronously: two small procfs files, ≈ 0.1 ms). */
export function readEarlyCounters(): void {
	if (platform() !== 'linux') return;
	try {
		early = {stat: readFileSync('/proc/stat', 'utf8'), netDev: readFileSync('/proc/net/dev', 'utf8'), at: performance.now()};
	} catch {
		early = undefined;
	}
}

/** The early reading, once, if taken within `maxAgeMs` (a later source measures its own window). */
export function takeEarlyCounters(maxAgeMs = 5000): EarlyCounters | undefined {
	const value = early;
	early = undefined;
	return value !== undefined && performance.now() - value.at <= maxAgeMs ? value : undefined;
}

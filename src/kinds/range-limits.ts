// The plausible ranges shared by the kind modules' `ranges` (see src/ranges.ts): one place for
// what "a plausible percentage, temperature, wattage…" means, so every kind agrees.
import type {NumericRange} from './kind-module.js';

type Limits = {readonly min: number; readonly max: number};

export const limits = {
	percent: {min: 0, max: 100},
	bytes: {min: 0, max: 2 ** 60},
	celsius: {min: -50, max: 150},
	/** Per device. */
	watts: {min: 0, max: 100_000},
	volts: {min: 0, max: 1000},
	amps: {min: 0, max: 1000},
	/** A UPS's runtime: at most 10 days. */
	runtimeSec: {min: 0, max: 10 * 86_400},
	/** Uptime and other long durations: at most 20 years. */
	uptimeSec: {min: 0, max: 20 * 365.25 * 86_400},
	mhz: {min: 0, max: 10_000},
	/** Memory clocks: GDDR6X cards report 10501–11201 MHz, GDDR7 more. */
	memoryMhz: {min: 0, max: 30_000},
	count: {min: 0, max: Number.MAX_SAFE_INTEGER},
} as const satisfies Record<string, Limits>;

/** Ranges for several paths that share limits. */
export function within(bounds: Limits, ...paths: readonly string[]): NumericRange[] {
	return paths.map(path => ({path, min: bounds.min, max: bounds.max}));
}

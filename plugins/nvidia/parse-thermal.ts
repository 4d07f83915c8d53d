// Pure: a GPU's thermal thresholds from nvidia-smi. Cards before driver 535 report absolute
// slowdown/shutdown temperatures; Ada cards on 535+ (and the v12/v13 XML) report margins instead:
// `gpu_temp_tlimit` (degrees below T.Limit now) and `…_tlimit_threshold` offsets (`-2 C`: the
// slowdown happens 2 °C past T.Limit). The absolute thresholds then follow as
// current temperature + margin − offset, so the overheating rules work on either kind of card.
import type {Num} from '../../src/entities.js';
import {num} from './values.js';

type Node = Readonly<Record<string, unknown>>;

export type Thermal = {
	readonly celsius: Num;
	readonly slowdownCelsius: Num;
	readonly shutdownCelsius: Num;
	readonly tlimitMarginCelsius: Num;
	readonly thresholdSource: 'absolute' | 'tlimit' | undefined;
};

/** A temperature; 0 °C is what virtual GPUs report for "no sensor", so it is unknown too. */
export function celsius(value: unknown): Num {
	const parsed = num(value);
	return parsed === null || parsed <= 0 || parsed > 150 ? null : parsed;
}

/** A margin or offset in degrees: may be negative; beyond ±150 °C it is not a reading. */
function margin(value: unknown): Num {
	const parsed = num(value);
	return parsed === null || Math.abs(parsed) > 150 ? null : parsed;
}

/** Absolute threshold = current + margin − offset; null when any part is unknown or the result is implausible. */
export function fromMargin(current: Num, tlimitMargin: Num, offset: Num): Num {
	if (current === null || tlimitMargin === null || offset === null) return null;
	const value = current + tlimitMargin - offset;
	return value > 0 && value <= 150 ? value : null;
}

export function thermal(temperature: Node): Thermal {
	const current = celsius(temperature.gpu_temp);
	const slowdown = celsius(temperature.gpu_temp_slow_threshold);
	const shutdown = celsius(temperature.gpu_temp_max_threshold);
	const tlimit = margin(temperature.gpu_temp_tlimit);
	const slowOffset = margin(temperature.gpu_temp_slow_tlimit_threshold);
	const maxOffset = margin(temperature.gpu_temp_max_tlimit_threshold) ?? margin(temperature.gpu_temp_max_gpu_tlimit_threshold);
	const derivedSlowdown = slowdown ?? fromMargin(current, tlimit, slowOffset);
	const derivedShutdown = shutdown ?? fromMargin(current, tlimit, maxOffset);
	const isAbsolute = slowdown !== null || shutdown !== null;
	const isDerived = !isAbsolute && (derivedSlowdown !== null || derivedShutdown !== null);
	return {
		celsius: current,
		slowdownCelsius: derivedSlowdown,
		shutdownCelsius: derivedShutdown,
		tlimitMarginCelsius: tlimit,
		thresholdSource: isAbsolute ? 'absolute' : isDerived ? 'tlimit' : undefined,
	};
}

/**
 * The temperature block after a fast CSV reading: the new temperature, and, where the thresholds
 * came from the margin, the margin moved by the change (T.Limit itself does not move).
 * `tlimit` is the CSV's own `temperature.gpu.tlimit` when the query asked for it.
 */
export function moveThermal<T extends {celsius: Num; tlimitMarginCelsius?: Num}>(base: T, newCelsius: Num, tlimit: Num = null): T {
	if (tlimit !== null) return {...base, celsius: newCelsius, tlimitMarginCelsius: tlimit};
	if (base.tlimitMarginCelsius === undefined || base.tlimitMarginCelsius === null || base.celsius === null || newCelsius === null) {
		return {...base, celsius: newCelsius, ...(base.tlimitMarginCelsius === undefined ? {} : {tlimitMarginCelsius: null})};
	}
	return {...base, celsius: newCelsius, tlimitMarginCelsius: base.celsius + base.tlimitMarginCelsius - newCelsius};
}

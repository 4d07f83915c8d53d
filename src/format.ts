// Display formatting for the console and the CLI tables: bytes, percent, ages, durations, bars.
// Every formatter takes `null` (a value the device did not report) and returns "–".
import type {Num} from './entities.js';

export const dash = '–';

const byteUnits = ['B', 'K', 'M', 'G', 'T', 'P'] as const;

/** 1536 → "1.5K", 8e9 → "7.5G" (binary units, one decimal below 10). */
export function formatBytes(bytes: Num): string {
	if (bytes === null || !Number.isFinite(bytes) || bytes < 0) return dash;
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < byteUnits.length - 1) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 10 ? 0 : 1;
	return `${value.toFixed(digits)}${byteUnits[unit]}`;
}

/** "used/max", e.g. "3.2G/8.0G". */
export function formatBytesOf(used: Num, max: Num): string {
	if (used === null && max === null) return dash;
	return `${formatBytes(used)}/${formatBytes(max)}`;
}

/** 42.4 → "42%"; values under 10 keep one decimal ("3.5%"). */
export function formatPercent(value: Num): string {
	if (value === null || !Number.isFinite(value)) return dash;
	return value < 10 && value > 0 ? `${value.toFixed(1)}%` : `${Math.round(value)}%`;
}

/** Seconds → "42s", "5m", "3h12m", "4d3h". */
export function formatDuration(seconds: Num): string {
	if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return dash;
	const s = Math.floor(seconds);
	if (s < 60) return `${s}s`;
	if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`.replace(/m00s$/, 'm');
	if (s < 86_400) return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
	return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600)}h`;
}

/** Age of an epoch-ms time relative to `now`: "42s", "5m02s"… */
export function formatAge(sinceMs: Num, now: number): string {
	if (sinceMs === null) return dash;
	return formatDuration(Math.max(0, (now - sinceMs) / 1000));
}

/** Wall-clock time of an epoch-ms value, "HH:MM:SS" (local time). */
export function formatClock(ms: number): string {
	const date = new Date(ms);
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function formatNumber(value: Num, unit = '', digits = 0): string {
	if (value === null || !Number.isFinite(value)) return dash;
	return `${value.toFixed(digits)}${unit}`;
}

/** A text bar of `width` cells for 0–100 %: "████▌   ". */
export function formatBar(percent: Num, width: number): string {
	if (width <= 0) return '';
	if (percent === null || !Number.isFinite(percent)) return ' '.repeat(Math.max(0, width - 1)) + dash;
	const clamped = Math.min(100, Math.max(0, percent));
	const eighths = Math.round((clamped / 100) * width * 8);
	const full = Math.floor(eighths / 8);
	const rest = eighths % 8;
	const partial = rest > 0 ? ' ▏▎▍▌▋▊▉'[rest]! : '';
	return ('█'.repeat(full) + partial).padEnd(width, ' ');
}

const sparkChars = '▁▂▃▄▅▆▇█';

/** The last `width` samples as a sparkline, scaled to [min, max] (default the samples' range). */
export function formatSparkline(samples: readonly number[], width: number, range?: {min: number; max: number}): string {
	const values = samples.slice(-width);
	if (values.length === 0) return '';
	const min = range?.min ?? Math.min(...values);
	const max = range?.max ?? Math.max(...values);
	const span = max - min;
	return values.map(value => sparkChars[span <= 0 ? 0 : Math.min(7, Math.max(0, Math.floor(((value - min) / span) * 7.999)))]!).join('');
}

/** Fits text into exactly `width` cells: truncated with "…" or padded. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	if (width <= 0) return '';
	if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
	return align === 'right' ? text.padStart(width, ' ') : text.padEnd(width, ' ');
}

function pad(value: number): string {
	return String(value).padStart(2, '0');
}

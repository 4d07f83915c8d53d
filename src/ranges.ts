// Plausible ranges, applied at the poll edge: every kind module names the ranges of its numbers
// (`temperature.celsius` −50…150), and a number outside its range, or not finite (NaN, Infinity,
// 1e308 read as a sentinel), becomes null (unknown) instead of reaching the store, the screen and
// `--json` as `-300%` or `1.8e+299%`. Pure and generic over kinds: a new kind module's ranges are
// applied without a change here. Drafts are copied only where a value is cleared.
import type {EntityDraft} from './entities.js';
import type {NumericRange} from './kinds/kind-module.js';

/** The first value cleared in a poll, for the source's one-line note. */
export type ClearedValue = {
	readonly entityId: string;
	/** The concrete path, with array indexes (`temperatures[2].celsius`). */
	readonly path: string;
	readonly value: number;
	readonly range: NumericRange;
};

export type RangeResult = {
	readonly entities: readonly EntityDraft[];
	/** How many values were cleared in all. */
	readonly cleared: number;
	readonly first: ClearedValue | null;
};

type Visit = {cleared: number; first: ClearedValue | null; readonly entityId: string};

/** Applies each draft's kind ranges; `rangesOf` gives a kind's ranges (undefined: none). */
export function applyRanges(drafts: readonly EntityDraft[], rangesOf: (kind: string) => readonly NumericRange[] | undefined): RangeResult {
	let cleared = 0;
	let first: ClearedValue | null = null;
	let isChanged = false;
	const entities = drafts.map(draft => {
		const ranges = rangesOf(draft.kind);
		if (!ranges || ranges.length === 0) return draft;
		const visit: Visit = {cleared: 0, first: null, entityId: draft.id};
		let next: unknown = draft;
		for (const range of ranges) next = clamp(next, range.path.split('.'), range, '', visit);
		if (visit.cleared === 0) return draft;
		cleared += visit.cleared;
		first ??= visit.first;
		isChanged = true;
		return next as EntityDraft;
	});
	return {entities: isChanged ? entities : drafts, cleared, first};
}

/** Whether a number lies in a range (finite, min ≤ value ≤ max). */
export function isPlausible(value: number, range: NumericRange): boolean {
	return Number.isFinite(value) && value >= range.min && value <= range.max;
}

/** The one-line note for a poll's cleared values; null when none were. */
export function rangeNote(result: RangeResult): string | null {
	if (result.cleared === 0 || !result.first) return null;
	const {entityId, path, value, range} = result.first;
	const count = result.cleared === 1 ? '1 value' : `${result.cleared} values`;
	return `${count} out of range cleared: ${entityId} ${path} = ${String(value)} (plausible ${describeRange(range)})`;
}

/** `−50…150 °C`, `≥ 0 W` style text of a range, with a unit guessed from the path's last name. */
export function describeRange(range: NumericRange): string {
	const unit = unitOf(range.path);
	const suffix = unit === '' ? '' : unit === '%' ? '%' : ` ${unit}`;
	return `${formatBound(range.min)}…${formatBound(range.max)}${suffix}`;
}

function formatBound(value: number): string {
	if (value === 2 ** 60) return '2^60';
	return value < 0 ? `−${String(-value)}` : String(value);
}

const unitPatterns: readonly (readonly [RegExp, string])[] = [
	[/celsius$/i, '°C'],
	[/percent$|^usage$|^gpu$|^memory$|^encoder$|^decoder$/i, '%'],
	[/bytespersec$/i, 'B/s'],
	[/bytes$/i, 'B'],
	[/watts$/i, 'W'],
	[/volts$/i, 'V'],
	[/amps$/i, 'A'],
	[/sec$/i, 's'],
	[/mhz$/i, 'MHz'],
	[/hz$/i, 'Hz'],
	[/kwh$/i, 'kWh'],
];

function unitOf(path: string): string {
	const last = (path.split('.').at(-1) ?? '').replace(/\[\]$/, '');
	for (const [pattern, unit] of unitPatterns) if (pattern.test(last)) return unit;
	return '';
}

/** Returns `node` with the value at `segments` cleared when out of range (a copy where changed). */
function clamp(node: unknown, segments: readonly string[], range: NumericRange, at: string, visit: Visit): unknown {
	const [segment, ...rest] = segments;
	if (segment === undefined || node === null || typeof node !== 'object' || Array.isArray(node)) return node;
	const isArrayStep = segment.endsWith('[]');
	const key = isArrayStep ? segment.slice(0, -2) : segment;
	if (!Object.hasOwn(node, key)) return node;
	const record = node as Record<string, unknown>;
	const value = record[key];
	const here = at === '' ? key : `${at}.${key}`;
	let next: unknown = value;
	if (isArrayStep) {
		if (!Array.isArray(value)) return node;
		let isItemChanged = false;
		const items = value.map((item: unknown, index) => {
			const path = `${here}[${index}]`;
			const updated = rest.length === 0 ? clearValue(item, range, path, visit) : clamp(item, rest, range, path, visit);
			if (updated !== item) isItemChanged = true;
			return updated;
		});
		if (isItemChanged) next = items;
	} else {
		next = rest.length === 0 ? clearValue(value, range, here, visit) : clamp(value, rest, range, here, visit);
	}
	return next === value ? node : {...record, [key]: next};
}

function clearValue(value: unknown, range: NumericRange, path: string, visit: Visit): unknown {
	if (typeof value !== 'number' || isPlausible(value, range)) return value;
	visit.cleared++;
	visit.first ??= {entityId: visit.entityId, path, value, range};
	return null;
}

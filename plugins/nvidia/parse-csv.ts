// Pure: the fast path, `nvidia-smi --query-gpu=<fields> --format=csv,noheader,nounits`. It carries
// only the values that move; the full XML (processes, limits, thresholds) is refreshed less often
// and these values are merged into it.
import type {EntityDraft, Num} from '../../src/entities.js';
import {DeviceReplyError} from '../../src/errors.js';
import {moveThermal} from './parse-thermal.js';
import {mibBytes, normalizePciBusId, num, text} from './values.js';

type GpuDraft = Extract<EntityDraft, {kind: 'gpu'}>;

/** Fields every driver since 418 knows (a field a driver does not know fails the whole call). */
export const queryFields = [
	'index',
	'pci.bus_id',
	'utilization.gpu',
	'utilization.memory',
	'memory.total',
	'memory.used',
	'temperature.gpu',
	'power.draw',
	'power.limit',
	'fan.speed',
	'clocks.gr',
	'clocks.sm',
	'clocks.mem',
	'pstate',
] as const;

/**
 * Fields read when a caller's field list has them but never asked for by default: drivers before
 * 535 fail the whole call on them. `temperature.gpu.tlimit` is the margin to T.Limit (Ada cards).
 */
export const optionalQueryFields = ['temperature.gpu.tlimit'] as const;

/**
 * The active throttle (clock event) reasons as NVML's bitmask, asked for last on every fast poll:
 * without it the reasons shown between full XML reads would be the last XML's, not what the card
 * reports now (99 °C with "throttle none"). Known to nvidia-smi since driver 346.
 */
export const throttleField = 'clocks_throttle_reasons.active';

/** NVML's clocks-event-reason bits, with the short names the XML parser gives the same reasons. */
export const throttleBits: readonly (readonly [number, string])[] = [
	[0x1, 'idle'], [0x2, 'app-clocks'], [0x4, 'sw-power-cap'], [0x8, 'hw-slowdown'], [0x10, 'sync-boost'],
	[0x20, 'sw-thermal'], [0x40, 'hw-thermal-slowdown'], [0x80, 'hw-power-brake'], [0x100, 'display-clocks'],
];

/** `0x0000000000000028` → `['hw-slowdown', 'sw-thermal']`; null when absent or not a bitmask. */
export function parseThrottleMask(value: string | undefined): readonly string[] | null {
	const match = /^\s*0x([0-9a-f]+)\s*$/i.exec(value ?? '');
	if (!match) return null;
	const mask = Number.parseInt(match[1]!.slice(-8), 16);
	return throttleBits.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);
}

/**
 * The field list for the fast path: the margin to T.Limit too when the last XML showed one (a
 * driver that reports `gpu_temp_tlimit` knows `temperature.gpu.tlimit`).
 */
export function fieldsFor(full: readonly GpuDraft[]): readonly string[] {
	const hasMargin = full.some(gpu => gpu.temperature.tlimitMarginCelsius !== undefined && gpu.temperature.tlimitMarginCelsius !== null);
	return [...queryFields, ...(hasMargin ? optionalQueryFields : []), throttleField];
}

export function queryArgsFor(fields: readonly string[]): readonly string[] {
	return [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits'];
}

export type QueryField = (typeof queryFields)[number] | (typeof optionalQueryFields)[number] | typeof throttleField;


export type QueryRow = {
	readonly index: number;
	readonly pciBusId: string | null;
	readonly utilGpu: Num;
	readonly utilMemory: Num;
	readonly totalBytes: Num;
	readonly usedBytes: Num;
	readonly celsius: Num;
	readonly drawWatts: Num;
	readonly limitWatts: Num;
	readonly fanPercent: Num;
	readonly graphicsMhz: Num;
	readonly smMhz: Num;
	readonly memoryMhz: Num;
	readonly performanceState: string | null;
	/** Degrees below T.Limit, when the field list asked for `temperature.gpu.tlimit`. */
	readonly tlimitMarginCelsius: Num;
	/** Active throttle reasons now, when the field list asked for them; null otherwise. */
	readonly throttleReasons: readonly string[] | null;
};

/**
 * Parses the CSV for the given field list (default: `queryFields`). Values may carry units
 * (`27.23 W`, `0 %`) when `nounits` was not given; `[N/A]`, `[Not Supported]` become null.
 */
export function parseQueryCsv(csv: string, context: {source: string}, fields: readonly string[] = queryFields): QueryRow[] {
	const operation = 'nvidia-smi --query-gpu';
	const lines = csv.split(/\r?\n/).map(line => line.trim()).filter(line => line !== '');
	return lines.map(line => {
		const cells = line.split(/,\s*/);
		if (cells.length !== fields.length) {
			throw new DeviceReplyError({source: context.source, operation}, `expected ${fields.length} fields, got ${cells.length}: ${JSON.stringify(line.slice(0, 60))}`);
		}
		const cell = (field: QueryField): string | undefined => (fields.includes(field) ? cells[fields.indexOf(field)] : undefined);
		const index = num(cell('index'));
		if (index === null) {
			throw new DeviceReplyError({source: context.source, operation}, `no GPU index in ${JSON.stringify(line.slice(0, 60))}`);
		}
		const celsius = num(cell('temperature.gpu'));
		return {
			index,
			pciBusId: normalizePciBusId(cell('pci.bus_id')),
			utilGpu: num(cell('utilization.gpu')),
			utilMemory: num(cell('utilization.memory')),
			totalBytes: mibBytes(cell('memory.total')),
			usedBytes: mibBytes(cell('memory.used')),
			celsius: celsius === null || celsius <= 0 ? null : celsius,
			drawWatts: num(cell('power.draw')),
			limitWatts: num(cell('power.limit')),
			fanPercent: num(cell('fan.speed')),
			graphicsMhz: num(cell('clocks.gr')),
			smMhz: num(cell('clocks.sm')),
			memoryMhz: num(cell('clocks.mem')),
			performanceState: text(cell('pstate')),
			tlimitMarginCelsius: margin(num(cell('temperature.gpu.tlimit'))),
			throttleReasons: parseThrottleMask(cell(throttleField)),
		};
	});
}

/**
 * The last full entities with the fast values laid over them. A GPU that is in the CSV but not
 * in the last XML (a card appeared) returns undefined: the caller re-reads the XML.
 */
export function mergeQuery(full: readonly GpuDraft[], rows: readonly QueryRow[]): GpuDraft[] | undefined {
	if (rows.length !== full.length) return undefined;
	const merged: GpuDraft[] = [];
	for (const row of rows) {
		const base = full.find(gpu => (row.pciBusId !== null && gpu.pciBusId === row.pciBusId) || (row.pciBusId === null && gpu.index === row.index));
		if (!base) return undefined;
		merged.push({
			...base,
			utilization: {...base.utilization, gpu: row.utilGpu, memory: row.utilMemory},
			memory: {totalBytes: row.totalBytes ?? base.memory.totalBytes, usedBytes: row.usedBytes},
			temperature: moveThermal(base.temperature, row.celsius, row.tlimitMarginCelsius),
			power: {...base.power, drawWatts: row.drawWatts, limitWatts: row.limitWatts},
			fanPercent: row.fanPercent,
			clocks: {...base.clocks, graphicsMhz: row.graphicsMhz, smMhz: row.smMhz, memoryMhz: row.memoryMhz},
			performanceState: row.performanceState,
			throttleReasons: row.throttleReasons ?? base.throttleReasons,
		});
	}
	return merged;
}

function margin(value: Num): Num {
	return value === null || Math.abs(value) > 150 ? null : value;
}

// The GPU kind: one card in a host, its temperature against the card's own slowdown threshold,
// and the guest it is passed through to. GPU names keep their model number when narrowed
// ("NVIDIA GeForce RTX 4090" → "RTX 4090"), never cut to "NVIDIA GeF…".
import {percent, type GpuEntity, type GuestEntity} from '../entities.js';
import {formatBar, formatBytesOf, formatNumber, formatPercent} from '../format.js';
import type {AlertRule} from '../model.js';
import {machineOf} from '../devices.js';
import {machineStatus, stateLabel, stateLine, type MachineStatus} from '../machine-state.js';
import {staleness} from '../staleness.js';
import {gpuOwner} from '../topology.js';
import type {KindContext, KindModule, Tone} from './kind-module.js';
import {limits, within} from './range-limits.js';
import {levelTone, nullableString, usageTone} from './tones.js';

/** The card's name without the vendor ("NVIDIA "), then without the brand ("GeForce "), for narrow columns. */
export function gpuNameForms(name: string): readonly string[] {
	const noVendor = name.replace(/^NVIDIA\s+/i, '');
	const noBrand = noVendor.replace(/^(GeForce|Quadro)\s+/i, '');
	return [...new Set([name, noVendor, noBrand])];
}

/** Temperature against the card's slowdown threshold: within 10 °C warns, at or above is critical. */
export function gpuHeat(gpu: GpuEntity): 'ok' | 'warn' | 'crit' | 'unknown' {
	const {celsius, slowdownCelsius} = gpu.temperature;
	if (celsius === null) return 'unknown';
	const limit = slowdownCelsius ?? 85;
	return celsius >= limit ? 'crit' : celsius >= limit - 10 ? 'warn' : 'ok';
}

const benignThrottle = new Set(['idle', 'app-clocks', 'sync-boost', 'display-clocks']);

/** Clocks held down by the hardware are critical, by the driver's power or thermal cap a warning; idle or set clocks are normal. */
export function throttleTone(reasons: readonly string[]): Tone {
	if (reasons.some(reason => reason.startsWith('hw-'))) return 'status.crit';
	if (reasons.some(reason => !benignThrottle.has(reason))) return 'status.warn';
	return 'muted';
}

/** Reasons that mean the card's clocks are being cut for heat. */
const thermalReasons = new Set(['hw-slowdown', 'hw-thermal-slowdown', 'sw-thermal']);

/** The thermal throttle reasons the card itself reports (nvidia-smi), for alerts and details. */
export function reportedThermalThrottle(gpu: GpuEntity): readonly string[] {
	return gpu.throttleReasons.filter(reason => thermalReasons.has(reason));
}

/**
 * Why a GPU's values are not live, or undefined when they are: its machine is off, down or
 * unreachable, or its own source stopped answering (`◌ stale`).
 */
export function gpuDeadStatus(gpu: GpuEntity, context: KindContext): MachineStatus | undefined {
	const machine = machineOf(context.snapshot, context.topology, gpu.id);
	const status = machine ? machineStatus(context.snapshot, machine, context.now) : undefined;
	if (status && !status.isLive && status.state !== 'unknown') return status;
	const stale = staleness(gpu, context.snapshot, context.now);
	if (!stale.isStale) return undefined;
	const source = context.snapshot.sources[gpu.source];
	return {state: 'unreachable', reason: `${gpu.source} ${source?.status === 'down' ? `unreachable${source.lastError ? `: ${source.lastError}` : ''}` : 'not answering'}`, lastSeenUp: gpu.seenAt, isLive: false};
}

const isDead = (gpu: GpuEntity, context: KindContext) => gpuDeadStatus(gpu, context) !== undefined;
/** A live value, or null on a dead card (no 49 % / 116 W from a box that is off). */
const live = <T>(gpu: GpuEntity, context: KindContext, value: T): T | null => (isDead(gpu, context) ? null : value);
const dim = (gpu: GpuEntity, context: KindContext, tone: Tone): Tone => (isDead(gpu, context) ? 'stale' : tone);

/** One line for the detail and the status line: `POWERED OFF (outlet …) · last seen up …`. */
export function gpuStateLine(gpu: GpuEntity, context: KindContext): string | undefined {
	const status = gpuDeadStatus(gpu, context);
	return status ? stateLine(status, context.now) : undefined;
}

const memPercent = (gpu: GpuEntity) => percent(gpu.memory.usedBytes, gpu.memory.totalBytes);
const bar = (value: number | null) => `${formatBar(value, 5)} ${formatPercent(value).padStart(4)}`;
const owner = (gpu: GpuEntity, context: KindContext): GuestEntity | undefined => gpuOwner(context.snapshot, gpu);

export const gpuRules: readonly AlertRule[] = [
	{
		id: 'gpu.temp-high',
		kind: 'gpu',
		condition: 'gpu.temp',
		severity: 'warning',
		metric: entity => (entity.kind === 'gpu' ? entity.temperature.celsius : null),
		trigger: 80,
		clear: 75,
		// At once: a hot card heads for its slowdown threshold, and the hysteresis keeps it quiet.
		forSec: 0,
		message: (entity, value) => `${entity.name} on ${entity.kind === 'gpu' ? entity.host : '?'} at ${value} °C`,
	},
	{
		id: 'gpu.temp-slowdown',
		kind: 'gpu',
		condition: 'gpu.temp',
		severity: 'critical',
		metric: entity => (entity.kind !== 'gpu' || entity.temperature.celsius === null || entity.temperature.slowdownCelsius === null ? null : entity.temperature.celsius - entity.temperature.slowdownCelsius),
		trigger: 0,
		clear: -3,
		forSec: 0,
		// What the card reports decides the wording: "clocks are being cut" only when it says so.
		message: entity => {
			if (entity.kind !== 'gpu') return entity.name;
			const reasons = reportedThermalThrottle(entity);
			const head = `${entity.name} on ${entity.host} at ${entity.temperature.celsius} °C, at or past its slowdown threshold ${entity.temperature.slowdownCelsius} °C`;
			return reasons.length > 0 ? `${head}: the card reports its clocks cut (${reasons.join(', ')})` : `${head}; the card reports no thermal throttling yet`;
		},
	},
];

export const gpuKind: KindModule<'gpu'> = {
	kind: 'gpu',
	title: 'GPUs',
	noun: 'GPU',
	command: 'gpus',
	describe: 'NVIDIA GPUs on every host, with the guest each is passed to',
	shownBy: 'gpus',
	columns: [
		{id: 'host', title: 'HOST', width: 9, maxWidth: 20, priority: 1, cell: g => g.host, sortValue: g => g.host},
		{id: 'index', title: '#', width: 2, maxWidth: 2, priority: 0, align: 'right', cell: g => String(g.index), sortValue: g => g.index},
		{id: 'name', title: 'NAME', width: 10, maxWidth: 32, priority: 0, isFlexible: true, cell: g => g.name, variants: g => gpuNameForms(g.name), sortValue: g => g.name},
		{
			// A dead card's utilisation cell says why it is dead and since when, instead of a last value.
			id: 'util', title: 'UTIL', width: 10, maxWidth: 10, priority: 1,
			cell: (g, c) => {
				const dead = gpuDeadStatus(g, c);
				return dead ? stateLabel(dead, c.now) : bar(g.utilization.gpu);
			},
			variants: (g, c) => {
				const dead = gpuDeadStatus(g, c);
				return dead ? [stateLabel(dead, c.now), stateLabel({...dead, lastSeenUp: null}, c.now)] : [bar(g.utilization.gpu)];
			},
			tone: (g, c) => (gpuDeadStatus(g, c)?.state === 'unreachable' ? 'status.warn' : isDead(g, c) ? 'status.crit' : 'plain'),
			sortValue: (g, c) => live(g, c, g.utilization.gpu),
		},
		{id: 'mem', title: 'MEM', width: 10, maxWidth: 10, priority: 2, cell: (g, c) => (isDead(g, c) ? formatBytesOf(g.memory.usedBytes, g.memory.totalBytes) : bar(memPercent(g))), tone: (g, c) => dim(g, c, usageTone(memPercent(g))), sortValue: g => memPercent(g)},
		{id: 'temp', title: 'TEMP', width: 5, maxWidth: 5, priority: 0, align: 'right', cell: g => formatNumber(g.temperature.celsius, '°C'), tone: (g, c) => dim(g, c, levelTone(gpuHeat(g))), sortValue: g => g.temperature.celsius},
		{id: 'power', title: 'POWER', width: 9, maxWidth: 11, priority: 3, align: 'right', cell: (g, c) => `${formatNumber(live(g, c, g.power.drawWatts))}/${formatNumber(g.power.limitWatts, 'W')}`, tone: (g, c) => dim(g, c, 'plain'), sortValue: (g, c) => live(g, c, g.power.drawWatts)},
		{id: 'fan', title: 'FAN', width: 4, maxWidth: 4, priority: 5, align: 'right', cell: (g, c) => formatPercent(live(g, c, g.fanPercent)), sortValue: (g, c) => live(g, c, g.fanPercent)},
		{id: 'throttle', title: 'THROTTLE', width: 8, maxWidth: 32, priority: 6, cell: (g, c) => (isDead(g, c) ? '' : g.throttleReasons.join(',')), tone: g => throttleTone(g.throttleReasons), sortValue: g => g.throttleReasons.length},
		{id: 'owner', title: 'OWNER', width: 12, maxWidth: 30, priority: 4, cell: (g, c) => {
			const guest = owner(g, c);
			return guest ? `${guest.vmid} ${guest.name}` : '';
		}, sortValue: (g, c) => owner(g, c)?.vmid ?? null},
	],
	filterFields: (g, c) => {
		const guest = owner(g, c);
		return {host: g.host, owner: guest ? [String(guest.vmid), guest.name, guest.id] : null, throttle: g.throttleReasons, heat: gpuHeat(g), uuid: g.uuid};
	},
	detail: (g, c) => {
		const guest = owner(g, c);
		return [
			{
				title: `${g.host} GPU${g.index} ${g.name}`,
				fields: [
					...(gpuDeadStatus(g, c) ? [{label: 'state', value: gpuStateLine(g, c)!, tone: 'status.crit' as const}] : []),
					{label: 'temperature', value: `${formatNumber(g.temperature.celsius, '°C')} (slowdown ${formatNumber(g.temperature.slowdownCelsius, '°C')}, shutdown ${formatNumber(g.temperature.shutdownCelsius, '°C')})`, tone: levelTone(gpuHeat(g))},
					{label: 'utilisation', value: gpuDeadStatus(g, c) ? '– (not live)' : `gpu ${formatPercent(g.utilization.gpu)} mem ${formatPercent(g.utilization.memory)} enc ${formatPercent(g.utilization.encoder)} dec ${formatPercent(g.utilization.decoder)}`},
					{label: 'memory', value: formatBytesOf(g.memory.usedBytes, g.memory.totalBytes)},
					{label: 'power', value: `${formatNumber(live(g, c, g.power.drawWatts), 'W')} of ${formatNumber(g.power.limitWatts, 'W')} (${formatNumber(g.power.minLimitWatts)}–${formatNumber(g.power.maxLimitWatts, 'W')})`},
					{label: 'clocks', value: `gr ${formatNumber(g.clocks.graphicsMhz)}/${formatNumber(g.clocks.maxGraphicsMhz, ' MHz')} mem ${formatNumber(g.clocks.memoryMhz)}/${formatNumber(g.clocks.maxMemoryMhz, ' MHz')}`},
					{label: 'fan / pstate', value: `${formatPercent(g.fanPercent)} · ${g.performanceState ?? '–'}`},
					{label: 'throttle', value: gpuDeadStatus(g, c) ? '– (not live)' : `${g.throttleReasons.join(', ') || 'none'} (as nvidia-smi reports)`, tone: throttleTone(g.throttleReasons)},
					{label: 'pci / uuid', value: `${g.pciBusId ?? '–'} · ${g.uuid ?? '–'}`},
					{label: 'driver', value: `${g.driverVersion ?? '–'} · CUDA ${g.cudaVersion ?? '–'}`},
					{label: 'owner', value: guest ? `${guest.vmid} ${guest.name} (passed through)` : '–'},
				],
			},
		];
	},
	json: (g, c) => ({ownerGuest: owner(g, c)?.id ?? null}),
	history: g => ({util: g.utilization.gpu, temp: g.temperature.celsius, power: g.power.drawWatts}),
	charts: [
		{metric: 'util', label: 'util', range: {min: 0, max: 100}, format: formatPercent},
		{metric: 'temp', label: 'temp', range: {min: 20, max: 90}, format: value => formatNumber(value, '°C')},
		{metric: 'power', label: 'power', format: value => formatNumber(value, 'W')},
	],
	rules: gpuRules,
	ranges: [...within(limits.percent, 'utilization.gpu', 'utilization.memory', 'utilization.encoder', 'utilization.decoder', 'fanPercent'), ...within(limits.bytes, 'memory.totalBytes', 'memory.usedBytes', 'processes[].usedMemoryBytes'), ...within(limits.celsius, 'temperature.celsius', 'temperature.slowdownCelsius', 'temperature.shutdownCelsius'), {path: 'temperature.tlimitMarginCelsius', min: -150, max: 150}, ...within(limits.watts, 'power.drawWatts', 'power.limitWatts', 'power.minLimitWatts', 'power.maxLimitWatts'), ...within(limits.mhz, 'clocks.graphicsMhz', 'clocks.smMhz', 'clocks.maxGraphicsMhz', 'clocks.maxSmMhz'), ...within(limits.memoryMhz, 'clocks.memoryMhz', 'clocks.maxMemoryMhz'), ...within(limits.count, 'ecc.correctedVolatile', 'ecc.uncorrectedVolatile')],
	jsonSchema: {
		required: ['index', 'host', 'uuid', 'pciBusId', 'utilization', 'memory', 'temperature', 'power', 'fanPercent', 'clocks', 'throttleReasons', 'processes', 'ownerGuest'],
		properties: {
			index: {type: 'integer', minimum: 0},
			host: {type: 'string'},
			ownerGuest: nullableString,
			utilization: {type: 'object', required: ['gpu', 'memory', 'encoder', 'decoder']},
			temperature: {type: 'object', required: ['celsius', 'slowdownCelsius', 'shutdownCelsius']},
			power: {type: 'object', required: ['drawWatts', 'limitWatts', 'minLimitWatts', 'maxLimitWatts']},
			processes: {type: 'array', items: {type: 'object', required: ['pid', 'name', 'usedMemoryBytes', 'type']}},
		},
	},
};

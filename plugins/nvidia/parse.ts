// Pure: the XML of `nvidia-smi -q -x` → gpu entity drafts. Handles the v10–v13 DTDs: older
// drivers write `power_readings` and `clocks_throttle_reasons`, newer ones `gpu_power_readings`
// and `clocks_event_reasons`; ECC counts come as sram/dram pairs (v12+) or single/double bit.
import {XMLParser} from 'fast-xml-parser';
import {entityId, type EntityDraft, type GpuProcess, type Num} from '../../src/entities.js';
import {DeviceReplyError} from '../../src/errors.js';
import {thermal} from './parse-thermal.js';
import {flag, isUnknownProductName, mibBytes, normalizePciBusId, num, text} from './values.js';

type GpuDraft = Extract<EntityDraft, {kind: 'gpu'}>;
type Node = Record<string, unknown>;

export type ParseContext = {
	/** Config id of the nvidia source. */
	readonly source: string;
	/** Host name of the machine nvidia-smi ran on. */
	readonly host: string;
};

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	parseTagValue: false,
	isArray: name => name === 'gpu' || name === 'process_info',
});

function node(value: unknown): Node {
	return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {};
}

function list(value: unknown): Node[] {
	return Array.isArray(value) ? value.map(node) : [];
}

/** Short kebab names for the throttle (clock event) reasons. */
const reasonNames: Readonly<Record<string, string>> = {
	gpu_idle: 'idle',
	applications_clocks_setting: 'app-clocks',
	sw_power_cap: 'sw-power-cap',
	hw_slowdown: 'hw-slowdown',
	hw_thermal_slowdown: 'hw-thermal-slowdown',
	hw_power_brake_slowdown: 'hw-power-brake',
	sync_boost: 'sync-boost',
	sw_thermal_slowdown: 'sw-thermal',
	display_clocks_setting: 'display-clocks',
};

export function throttleReasons(gpu: Node): string[] {
	const reasons = node(gpu.clocks_event_reasons ?? gpu.clocks_throttle_reasons);
	const active: string[] = [];
	for (const [key, value] of Object.entries(reasons)) {
		if (text(value)?.toLowerCase() !== 'active') continue;
		const short = key.replace(/^clocks_(?:event|throttle)_reason_/, '');
		active.push(reasonNames[short] ?? short.replaceAll('_', '-'));
	}
	return active;
}

function sumOrNull(...values: Num[]): Num {
	const known = values.filter((value): value is number => value !== null);
	return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

function eccCounts(gpu: Node): {correctedVolatile: Num; uncorrectedVolatile: Num} {
	const volatile = node(node(gpu.ecc_errors).volatile);
	if ('single_bit' in volatile || 'double_bit' in volatile) {
		return {correctedVolatile: num(node(volatile.single_bit).total), uncorrectedVolatile: num(node(volatile.double_bit).total)};
	}
	return {
		correctedVolatile: sumOrNull(num(volatile.sram_correctable), num(volatile.dram_correctable)),
		uncorrectedVolatile: sumOrNull(num(volatile.sram_uncorrectable), num(volatile.dram_uncorrectable)),
	};
}

function processes(gpu: Node): GpuProcess[] {
	return list(node(gpu.processes).process_info).flatMap(info => {
		const pid = num(info.pid);
		if (pid === null) return [];
		return [{pid, name: text(info.process_name) ?? '', usedMemoryBytes: mibBytes(info.used_memory), type: text(info.type)}];
	});
}

function temperatureOf(temperature: Node): GpuDraft['temperature'] {
	const {thresholdSource, tlimitMarginCelsius, ...absolute} = thermal(temperature);
	return tlimitMarginCelsius === null ? absolute : {...absolute, tlimitMarginCelsius, ...(thresholdSource ? {thresholdSource} : {})};
}

function gpuDraft(gpu: Node, index: number, log: Node, context: ParseContext): GpuDraft {
	const power = node(gpu.gpu_power_readings ?? gpu.power_readings);
	const temperature = node(gpu.temperature);
	const clocks = node(gpu.clocks);
	const maxClocks = node(gpu.max_clocks);
	const utilization = node(gpu.utilization);
	const memory = node(gpu.fb_memory_usage);
	const productName = text(gpu.product_name);
	const localId = String(index);
	return {
		id: entityId('gpu', context.source, localId),
		kind: 'gpu',
		source: context.source,
		localId,
		name: isUnknownProductName(productName) ? `GPU ${index}` : productName!,
		index,
		host: context.host,
		uuid: text(gpu.uuid),
		pciBusId: normalizePciBusId(node(gpu.pci).pci_bus_id ?? gpu['@_id']),
		driverVersion: text(log.driver_version),
		cudaVersion: text(log.cuda_version),
		utilization: {
			gpu: num(utilization.gpu_util),
			memory: num(utilization.memory_util),
			encoder: num(utilization.encoder_util),
			decoder: num(utilization.decoder_util),
		},
		memory: {totalBytes: mibBytes(memory.total), usedBytes: mibBytes(memory.used)},
		temperature: temperatureOf(temperature),
		power: {
			drawWatts: num(power.power_draw ?? power.instant_power_draw ?? power.average_power_draw),
			limitWatts: num(power.power_limit ?? power.current_power_limit ?? power.enforced_power_limit),
			minLimitWatts: num(power.min_power_limit),
			maxLimitWatts: num(power.max_power_limit),
		},
		fanPercent: num(gpu.fan_speed),
		clocks: {
			graphicsMhz: num(clocks.graphics_clock),
			smMhz: num(clocks.sm_clock),
			memoryMhz: num(clocks.mem_clock),
			maxGraphicsMhz: num(maxClocks.graphics_clock),
			maxSmMhz: num(maxClocks.sm_clock),
			maxMemoryMhz: num(maxClocks.mem_clock),
		},
		performanceState: text(gpu.performance_state),
		throttleReasons: throttleReasons(gpu),
		ecc: eccCounts(gpu),
		isPersistent: flag(gpu.persistence_mode),
		migMode: text(node(gpu.mig_mode).current_mig),
		processes: processes(gpu),
	};
}

/** Parses `nvidia-smi -q -x`; anything that is not a complete nvidia_smi_log is a DeviceReplyError. */
export function parseNvidiaXml(xml: string, context: ParseContext): GpuDraft[] {
	const operation = 'nvidia-smi -q -x';
	const trimmed = xml.trim();
	if (!trimmed.startsWith('<')) {
		throw new DeviceReplyError({source: context.source, operation}, `not nvidia-smi XML: ${JSON.stringify(trimmed.slice(0, 60))}`);
	}
	if (!trimmed.endsWith('</nvidia_smi_log>')) {
		throw new DeviceReplyError({source: context.source, operation}, 'truncated reply: no closing </nvidia_smi_log>');
	}
	let document: Node;
	try {
		document = node(parser.parse(trimmed));
	} catch (error) {
		throw new DeviceReplyError({source: context.source, operation}, `unreadable XML: ${(error as Error).message}`, {cause: error});
	}
	if (!('nvidia_smi_log' in document)) {
		throw new DeviceReplyError({source: context.source, operation}, 'XML without an nvidia_smi_log element');
	}
	const log = node(document.nvidia_smi_log);
	return list(log.gpu).map((gpu, index) => gpuDraft(gpu, index, log, context));
}

// A simulated nvidia-smi for one host: the fixture's XML with its moving values rewritten from a
// small model (utilisation swings, temperature follows load, power follows utilisation up to the
// limit, thermal slowdown past the card's threshold). It answers `-q -x`, `--query-gpu` CSV,
// `-i N -pl W` (refusing out-of-range limits the way nvidia-smi does) and `kill <pid>`. Time comes
// from `now()`, so tests move it without sleeping. The SSH simulator serves it to the plugin.
import type {GpuProcess} from '../../../src/entities.js';
import type {ExecResult} from '../../../src/plugin-api.js';
import {queryFields, throttleField} from '../parse-csv.js';
import {parseNvidiaXml} from '../parse.js';

type GpuModel = {
	readonly block: string;
	readonly pciFull: string;
	readonly baseUtil: number;
	readonly baseTemp: number;
	readonly slowdown: number;
	readonly idleWatts: number;
	readonly minLimit: number;
	readonly maxLimit: number;
	readonly totalMib: number;
	readonly phase: number;
	limit: number;
	baseUsedMib: number;
	processes: GpuProcess[];
	isOverheating: boolean;
};

export type GpuSample = {
	util: number;
	memUtil: number;
	temp: number;
	draw: number;
	fan: number;
	usedMib: number;
	graphicsMhz: number;
	pstate: string;
	reasons: string[];
};

const mib = 1024 * 1024;
/** How far under its slowdown threshold an overheating GPU starts (°C). */
const overheatStartBelow = 9;

function tagValue(block: string, tag: string): string | undefined {
	return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(block)?.[1];
}

function setTag(block: string, tag: string, value: string): string {
	return block.replace(new RegExp(`<${tag}>[^<]*</${tag}>`), `<${tag}>${value}</${tag}>`);
}

export class NvidiaSim {
	readonly #head: string;
	readonly #gpus: GpuModel[];
	readonly #now: () => number;
	readonly #startMs: number;

	/** `overheat`: index of a GPU that starts hot and heats past its slowdown threshold (the gpu-overheat scenario). */
	constructor(fixtureXml: string, options: {now?: () => number; overheat?: number} = {}) {
		this.#now = options.now ?? Date.now;
		this.#startMs = this.#now();
		const blocks = fixtureXml.match(/<gpu id="[^"]*">[\s\S]*?<\/gpu>/g) ?? [];
		this.#head = fixtureXml.slice(0, fixtureXml.indexOf('<gpu id='));
		const parsed = parseNvidiaXml(fixtureXml, {source: 'sim', host: 'sim'});
		this.#gpus = blocks.map((block, index) => {
			const gpu = parsed[index]!;
			const draw = gpu.power.drawWatts ?? 50;
			const util = gpu.utilization.gpu ?? 0;
			return {
				block,
				pciFull: /<gpu id="([^"]*)"/.exec(block)?.[1] ?? '',
				baseUtil: util,
				baseTemp: gpu.temperature.celsius ?? 40,
				slowdown: gpu.temperature.slowdownCelsius ?? 90,
				idleWatts: Math.min(draw, 20),
				minLimit: gpu.power.minLimitWatts ?? 100,
				maxLimit: gpu.power.maxLimitWatts ?? 300,
				totalMib: (gpu.memory.totalBytes ?? 0) / mib,
				phase: index * 1.7,
				limit: gpu.power.limitWatts ?? 250,
				baseUsedMib: ((gpu.memory.usedBytes ?? 0) - gpu.processes.reduce((sum, process) => sum + (process.usedMemoryBytes ?? 0), 0)) / mib,
				processes: [...gpu.processes],
				isOverheating: options.overheat === index,
			};
		});
	}

	get gpuCount(): number {
		return this.#gpus.length;
	}

	/** The model's values for one GPU now. */
	sample(index: number): GpuSample {
		const gpu = this.#gpus[index]!;
		const seconds = (this.#now() - this.#startMs) / 1000;
		const hasCompute = gpu.processes.some(process => process.type?.includes('C'));
		const swing = hasCompute && gpu.baseUtil > 0 ? 10 * Math.sin(seconds / 15 + gpu.phase) : 0;
		const util = hasCompute ? Math.max(0, Math.min(100, Math.round(gpu.baseUtil + swing))) : 0;
		const wanted = gpu.idleWatts + (util / 100) * (gpu.maxLimit - gpu.idleWatts) * 0.85;
		const draw = Math.min(gpu.limit, wanted);
		let temp = hasCompute ? gpu.baseTemp + swing * 0.3 : Math.min(gpu.baseTemp, 45);
		// The drill starts hot (past the 80 °C warning, 9 °C under the slowdown threshold) and climbs
		// 0.5 °C/s, so the card reaches its slowdown threshold 18 s in and levels off 4 °C past it.
		if (gpu.isOverheating) temp = Math.min(gpu.slowdown + 4, Math.max(gpu.baseTemp, gpu.slowdown - overheatStartBelow) + seconds * 0.5);
		temp = Math.round(temp);
		const reasons: string[] = [];
		if (util === 0) reasons.push('gpu_idle');
		if (wanted >= gpu.limit) reasons.push('sw_power_cap');
		if (temp >= gpu.slowdown) reasons.push('hw_slowdown', 'hw_thermal_slowdown', 'sw_thermal_slowdown');
		const usedMib = Math.round(gpu.baseUsedMib + gpu.processes.reduce((sum, process) => sum + (process.usedMemoryBytes ?? 0), 0) / mib);
		return {
			util,
			memUtil: Math.round(util * 0.6),
			temp,
			draw: Math.round(draw * 100) / 100,
			fan: Math.max(30, Math.min(100, Math.round(temp * 1.1 - 35))),
			usedMib,
			graphicsMhz: temp >= gpu.slowdown ? 900 : util === 0 ? 210 : 1800,
			pstate: util === 0 ? 'P8' : 'P2',
			reasons,
		};
	}

	#renderGpu(gpu: GpuModel, index: number): string {
		const now = this.sample(index);
		let block = gpu.block;
		const hasFan = tagValue(block, 'fan_speed') !== 'N/A';
		if (hasFan) block = setTag(block, 'fan_speed', `${now.fan} %`);
		block = setTag(block, 'performance_state', now.pstate);
		block = setTag(block, 'power_state', now.pstate);
		block = setTag(block, 'used', `${now.usedMib} MiB`);
		block = setTag(block, 'free', `${Math.max(0, gpu.totalMib - now.usedMib)} MiB`);
		block = setTag(block, 'gpu_util', `${now.util} %`);
		block = setTag(block, 'memory_util', `${now.memUtil} %`);
		block = setTag(block, 'gpu_temp', `${now.temp} C`);
		for (const tag of ['power_draw', 'instant_power_draw', 'average_power_draw']) block = setTag(block, tag, `${now.draw.toFixed(2)} W`);
		for (const tag of ['power_limit', 'current_power_limit', 'requested_power_limit', 'enforced_power_limit']) block = setTag(block, tag, `${gpu.limit.toFixed(2)} W`);
		block = setTag(block, 'graphics_clock', `${now.graphicsMhz} MHz`);
		block = setTag(block, 'sm_clock', `${now.graphicsMhz} MHz`);
		block = block.replace(/<(clocks_(?:event|throttle)_reason_([a-z_]+))>[^<]*</g, (_, tag: string, reason: string) => `<${tag}>${now.reasons.includes(reason) ? 'Active' : 'Not Active'}<`);
		const processes = gpu.processes
			.map(process => `\t\t\t<process_info>\n\t\t\t\t<gpu_instance_id>N/A</gpu_instance_id>\n\t\t\t\t<compute_instance_id>N/A</compute_instance_id>\n\t\t\t\t<pid>${process.pid}</pid>\n\t\t\t\t<type>${process.type ?? 'C'}</type>\n\t\t\t\t<process_name>${process.name}</process_name>\n\t\t\t\t<used_memory>${(process.usedMemoryBytes ?? 0) / mib} MiB</used_memory>\n\t\t\t</process_info>\n`)
			.join('');
		return block.replace(/<processes>[\s\S]*?<\/processes>/, `<processes>\n${processes}\t\t</processes>`);
	}

	xml(): string {
		const timestamp = new Date(this.#now()).toUTCString();
		return `${setTag(this.#head, 'timestamp', timestamp)}${this.#gpus.map((gpu, index) => this.#renderGpu(gpu, index)).join('\n\n')}\n\n</nvidia_smi_log>\n`;
	}

	csv(fields: readonly string[], hasHeader: boolean): ExecResult {
		const unknown = fields.find(field => !([...queryFields, throttleField] as readonly string[]).includes(field));
		if (unknown) return {stdout: `Field "${unknown}" is not a valid field to query.\n\n`, stderr: '', code: 2};
		const rows = this.#gpus.map((gpu, index) => {
			const now = this.sample(index);
			const values: Record<string, string> = {
				index: String(index),
				'pci.bus_id': gpu.pciFull,
				'utilization.gpu': String(now.util),
				'utilization.memory': String(now.memUtil),
				'memory.total': String(gpu.totalMib),
				'memory.used': String(now.usedMib),
				'temperature.gpu': String(now.temp),
				'power.draw': now.draw.toFixed(2),
				'power.limit': gpu.limit.toFixed(2),
				'fan.speed': tagValue(gpu.block, 'fan_speed') === 'N/A' ? '[N/A]' : String(now.fan),
				'clocks.gr': String(now.graphicsMhz),
				'clocks.sm': String(now.graphicsMhz),
				'clocks.mem': tagValue(gpu.block, 'mem_clock')?.replace(/ MHz$/, '') ?? '[N/A]',
				pstate: now.pstate,
				'clocks_throttle_reasons.active': throttleMask(now.reasons),
			};
			return fields.map(field => values[field] ?? '[N/A]').join(', ');
		});
		return {stdout: `${hasHeader ? `${fields.join(', ')}\n` : ''}${rows.join('\n')}\n`, stderr: '', code: 0};
	}

	setPowerLimit(index: number, watts: number): ExecResult {
		const gpu = this.#gpus[index];
		if (!gpu) return {stdout: `No devices were found matching the index ${index}\n`, stderr: '', code: 6};
		if (!Number.isFinite(watts) || watts < gpu.minLimit || watts > gpu.maxLimit) {
			return {
				stdout: `Provided power limit ${watts.toFixed(2)} W is not a valid power limit which should be between ${gpu.minLimit.toFixed(2)} W and ${gpu.maxLimit.toFixed(2)} W for GPU ${gpu.pciFull}\nTerminating early due to previous errors.\n`,
				stderr: '',
				code: 2,
			};
		}
		const previous = gpu.limit;
		gpu.limit = watts;
		return {stdout: `Power limit for GPU ${gpu.pciFull} was set to ${watts.toFixed(2)} W from ${previous.toFixed(2)} W.\nAll done.\n`, stderr: '', code: 0};
	}

	/** Ends a GPU process; false when no GPU runs it. */
	kill(pid: number): boolean {
		for (const gpu of this.#gpus) {
			const before = gpu.processes.length;
			gpu.processes = gpu.processes.filter(process => process.pid !== pid);
			if (gpu.processes.length !== before) return true;
		}
		return false;
	}

	/** Answers an nvidia-smi argument vector (without the program name). */
	run(args: readonly string[]): ExecResult {
		const query = args.find(arg => arg.startsWith('--query-gpu='));
		if (query) {
			const format = args.find(arg => arg.startsWith('--format='))?.slice('--format='.length).split(',') ?? [];
			if (!format.includes('csv')) return {stdout: "Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n", stderr: '', code: 2};
			return this.csv(query.slice('--query-gpu='.length).split(','), !format.includes('noheader'));
		}
		if (args.includes('-q') && args.includes('-x')) return {stdout: this.xml(), stderr: '', code: 0};
		const limitAt = args.findIndex(arg => arg === '-pl' || arg === '--power-limit');
		if (limitAt >= 0) {
			const indexAt = args.findIndex(arg => arg === '-i' || arg === '--id');
			const index = indexAt >= 0 ? Number(args[indexAt + 1]) : 0;
			return this.setPowerLimit(index, Number(args[limitAt + 1]));
		}
		return {stdout: "Invalid combination of input arguments. Please run 'nvidia-smi -h' for help.\n", stderr: '', code: 2};
	}
}

/** NVML's bitmask of the active reasons, as nvidia-smi prints `clocks_throttle_reasons.active`. */
function throttleMask(reasons: readonly string[]): string {
	const bits: Record<string, number> = {gpu_idle: 0x1, applications_clocks_setting: 0x2, sw_power_cap: 0x4, hw_slowdown: 0x8, sync_boost: 0x10, sw_thermal_slowdown: 0x20, hw_thermal_slowdown: 0x40, hw_power_brake_slowdown: 0x80, display_clocks_setting: 0x100};
	const mask = reasons.reduce((sum, reason) => sum | (bits[reason] ?? 0), 0);
	return `0x${mask.toString(16).padStart(16, '0')}`;
}

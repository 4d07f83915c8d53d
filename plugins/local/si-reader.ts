// The portable reader: everything through systeminformation 5.33. On Linux only the slow or
// static calls come from here (fsSize, osInfo, cpu); see client.ts for the measurements.
// systeminformation is imported lazily: loading it costs ≈ 20 ms, which the CLI's start path
// should not pay before a poll needs it.
import type {Filesystem, Num, Temperature} from '../../src/entities.js';
import {abortable} from '../../src/abort.js';
import {isLoopback, realFilesystems, type NetRates, type StaticFacts} from './parse.js';
import type {LocalReader} from './reader.js';

type Si = typeof import('systeminformation');

let loading: Promise<Si> | undefined;
export async function loadSi(): Promise<Si> {
	loading ??= import('systeminformation').then(module => (module as {default?: Si}).default ?? module);
	return loading;
}

function rate(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function celsius(value: unknown): Num {
	return typeof value === 'number' && Number.isFinite(value) && value > -60 && value < 200 ? value : null;
}

export function createSiReader(): LocalReader {
	return {
		name: 'systeminformation',
		async cpu(signal) {
			const si = await abortable(loadSi(), signal);
			const load = await abortable(si.currentLoad(), signal);
			const usage = rate(load.currentLoad) ?? null;
			const perCore = load.cpus.map(core => rate(core.load));
			return {usage, perCore: perCore.every(value => value !== undefined) ? (perCore as number[]) : []};
		},
		async memory(signal) {
			const si = await abortable(loadSi(), signal);
			const mem = await abortable(si.mem(), signal);
			return {
				memTotal: rate(mem.total) ?? null,
				memUsed: rate(mem.total) !== undefined && rate(mem.available) !== undefined ? Math.max(0, mem.total - mem.available) : null,
				swapTotal: rate(mem.swaptotal) ?? null,
				swapUsed: rate(mem.swapused) ?? null,
			};
		},
		async network(signal): Promise<NetRates> {
			const si = await abortable(loadSi(), signal);
			const stats = await abortable(si.networkStats('*'), signal);
			let rx: number | null = null;
			let tx: number | null = null;
			for (const iface of stats) {
				if (isLoopback(iface.iface)) continue;
				const rxSec = rate(iface.rx_sec);
				const txSec = rate(iface.tx_sec);
				if (rxSec !== undefined) rx = (rx ?? 0) + rxSec;
				if (txSec !== undefined) tx = (tx ?? 0) + txSec;
			}
			return {rxBytesPerSec: rx, txBytesPerSec: tx};
		},
		async filesystems(signal): Promise<Filesystem[]> {
			const si = await abortable(loadSi(), signal);
			return realFilesystems(await abortable(si.fsSize(), signal));
		},
		async temperatures(signal): Promise<Temperature[]> {
			const si = await abortable(loadSi(), signal);
			const data = await abortable(si.cpuTemperature(), signal);
			const list: Temperature[] = [];
			const add = (label: string, value: unknown): void => {
				const reading = celsius(value);
				if (reading !== null) list.push({label, celsius: reading});
			};
			add('cpu', data.main);
			for (const [index, value] of data.cores.entries()) add(`core ${index}`, value);
			for (const [index, value] of (data.socket ?? []).entries()) add(`socket ${index}`, value);
			add('chipset', data.chipset);
			return list;
		},
		async staticFacts(signal): Promise<StaticFacts> {
			const si = await abortable(loadSi(), signal);
			const [os, cpu] = await abortable(Promise.all([si.osInfo(), si.cpu()]), signal);
			const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
			const release = text(os.release);
			const codename = text(os.codename);
			const brand = text(cpu.brand);
			const maker = text(cpu.manufacturer);
			const model = brand && maker && !brand.toLowerCase().startsWith(maker.toLowerCase()) ? `${maker} ${brand}` : brand ?? maker;
			return {
				os: text(os.distro) ?? text(os.platform),
				version: release && codename ? `${release} (${codename})` : release,
				cpuModel: model,
				cores: typeof cpu.cores === 'number' && cpu.cores > 0 ? cpu.cores : null,
			};
		},
	};
}

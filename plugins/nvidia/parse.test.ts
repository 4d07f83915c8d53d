import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {DeviceReplyError} from '../../src/errors.js';
import {mergeQuery, parseQueryCsv} from './parse-csv.js';
import {parseNvidiaXml} from './parse.js';
import {normalizePciBusId} from './values.js';

const fixtures = fileURLToPath(new URL('../../fixtures/nvidia/', import.meta.url));
const corpus = fileURLToPath(new URL('../../../shared/corpus/nvidia-smi/', import.meta.url));
const context = {source: 'gpus', host: 'box'};
const read = (dir: string, name: string) => readFileSync(dir + name, 'utf8');
const mib = 1024 * 1024;

describe('nvidia-smi XML, own fixtures', () => {
	it('gpu-box-1: two RTX 3090 with old power_readings and throttle reasons', () => {
		const gpus = parseNvidiaXml(read(fixtures, 'gpu-box-1.xml'), context);
		expect(gpus.map(gpu => gpu.name)).toEqual(['NVIDIA GeForce RTX 3090', 'NVIDIA GeForce RTX 3090']);
		const [first, second] = gpus;
		expect(first).toMatchObject({
			id: 'gpu:gpus/0',
			localId: '0',
			index: 0,
			host: 'box',
			pciBusId: '0000:01:00.0',
			driverVersion: '535.183.01',
			cudaVersion: '12.2',
			utilization: {gpu: 87, memory: 61, encoder: 0, decoder: 0},
			memory: {totalBytes: 24576 * mib, usedBytes: 18422 * mib},
			temperature: {celsius: 71, slowdownCelsius: 95, shutdownCelsius: 98},
			power: {drawWatts: 301.47, limitWatts: 350, minLimitWatts: 100, maxLimitWatts: 390},
			fanPercent: 41,
			clocks: {graphicsMhz: 1830, smMhz: 1830, memoryMhz: 9501, maxGraphicsMhz: 2100, maxSmMhz: 2100, maxMemoryMhz: 9751},
			performanceState: 'P2',
			throttleReasons: [],
			ecc: {correctedVolatile: null, uncorrectedVolatile: null},
			isPersistent: true,
			migMode: null,
		});
		expect(first!.processes).toEqual([
			{pid: 24511, name: '/opt/conda/envs/train/bin/python', usedMemoryBytes: 18100 * mib, type: 'C'},
			{pid: 2113, name: '/usr/lib/xorg/Xorg', usedMemoryBytes: 4 * mib, type: 'G'},
		]);
		expect(second!.throttleReasons).toEqual(['sw-power-cap']);
	});

	it('gpu-box-2: Tesla P40 (passive, ECC) and an idle RTX 3060 with gpu_power_readings', () => {
		const [p40, rtx3060] = parseNvidiaXml(read(fixtures, 'gpu-box-2.xml'), context);
		expect(p40).toMatchObject({name: 'Tesla P40', fanPercent: null, ecc: {correctedVolatile: 0, uncorrectedVolatile: 0}, power: {drawWatts: 142.35, limitWatts: 250, minLimitWatts: 125, maxLimitWatts: 250}});
		expect(rtx3060).toMatchObject({name: 'NVIDIA GeForce RTX 3060', pciBusId: '0000:0a:00.0', isPersistent: false, fanPercent: 0, throttleReasons: ['idle'], processes: []});
	});

	it('pve2: the RTX 4080 at the PCI address Proxmox passes through', () => {
		const [rtx4080] = parseNvidiaXml(read(fixtures, 'pve2.xml'), context);
		expect(rtx4080).toMatchObject({pciBusId: '0000:41:00.0', utilization: {encoder: 12}, temperature: {slowdownCelsius: 87}});
		expect(rtx4080!.processes).toHaveLength(2);
	});

	it('refuses garbage, a driver error, JSON and a truncated reply', () => {
		const xml = read(fixtures, 'gpu-box-1.xml');
		for (const reply of ['hello', read(fixtures, 'no-driver.txt'), '{"gpu":1}', xml.slice(0, xml.length / 2), '<html><body>502</body></html>', '']) {
			expect(() => parseNvidiaXml(reply, context)).toThrow(DeviceReplyError);
		}
	});
});

describe('normalizePciBusId', () => {
	it('lowercases and keeps a 4-digit domain', () => {
		expect(normalizePciBusId('00000000:0A:00.0')).toBe('0000:0a:00.0');
		expect(normalizePciBusId('0000:41:00.0')).toBe('0000:41:00.0');
		expect(normalizePciBusId('41:00.0')).toBe('0000:41:00.0');
		expect(normalizePciBusId('N/A')).toBeNull();
	});
});

describe('--query-gpu CSV', () => {
	it('parses the fast path and merges it over the full XML', () => {
		const rows = parseQueryCsv(read(fixtures, 'gpu-box-1.query-gpu.csv'), context);
		expect(rows[0]).toMatchObject({index: 0, pciBusId: '0000:01:00.0', utilGpu: 91, celsius: 73, drawWatts: 318.22, fanPercent: 44});
		expect(rows[1]).toMatchObject({utilGpu: null, drawWatts: null, limitWatts: 300});
		const merged = mergeQuery(parseNvidiaXml(read(fixtures, 'gpu-box-1.xml'), context), rows)!;
		expect(merged[0]).toMatchObject({temperature: {celsius: 73, slowdownCelsius: 95}, power: {drawWatts: 318.22, maxLimitWatts: 390}});
		expect(merged[0]!.processes).toHaveLength(2);
		expect(mergeQuery([], rows)).toBeUndefined();
	});

	it('refuses a line with the wrong field count', () => {
		expect(() => parseQueryCsv('Field "x" is not a valid field to query.', context)).toThrow(DeviceReplyError);
	});
});

const corpusFiles = existsSync(corpus) ? readdirSync(corpus) : [];
if (corpusFiles.length === 0) console.warn(`nvidia corpus tests skipped: ${corpus} is absent`);

/** Per corpus file: GPU count, names, memory of the first GPU (MiB), process count per GPU, nulls. */
const expected: Readonly<Record<string, {names: string[]; totalMib: number; usedMib: number; processes: number[]; check?: (gpus: ReturnType<typeof parseNvidiaXml>) => void}>> = {
	'telegraf__dual_2070-v13.xml': {names: ['NVIDIA GeForce RTX 2070', 'NVIDIA GeForce RTX 2070'], totalMib: 8192, usedMib: 1, processes: [0, 0], check: gpus => {
		expect(gpus.map(gpu => gpu.pciBusId)).toEqual(['0000:01:00.0', '0000:02:00.0']);
		expect(gpus[0]).toMatchObject({temperature: {celsius: 14}, power: {drawWatts: 9.23, limitWatts: 175, minLimitWatts: 125, maxLimitWatts: 200}, throttleReasons: ['idle']});
	}},
	'telegraf__tesla_p4.xml': {names: ['GRID P4-1Q'], totalMib: 1024, usedMib: 807, processes: [13], check: ([gpu]) => {
		expect(gpu!.temperature.celsius).toBeNull();
		expect(gpu!.power.drawWatts).toBeNull();
		expect(gpu!.processes[0]).toMatchObject({pid: 1188, name: '', usedMemoryBytes: null, type: 'C+G'});
	}},
	'telegraf__gtx-1660-ti.xml': {names: ['GPU 0'], totalMib: 5912, usedMib: 0, processes: [0]},
	'telegraf__rtx-3060-v12.xml': {names: ['NVIDIA GeForce RTX 3060'], totalMib: 12288, usedMib: 116, processes: [0]},
	'telegraf__rtx-3080-v12.xml': {names: ['NVIDIA GeForce RTX 3080'], totalMib: 10240, usedMib: 1128, processes: [5]},
	'telegraf__rtx-3090-v12.xml': {names: ['NVIDIA GeForce RTX 3090'], totalMib: 24576, usedMib: 1, processes: [0], check: ([gpu]) => {
		expect(gpu).toMatchObject({power: {drawWatts: 27.23, limitWatts: 200, minLimitWatts: 100, maxLimitWatts: 375}, temperature: {celsius: 37, slowdownCelsius: 95, shutdownCelsius: 98}, fanPercent: 0});
	}},
	'telegraf__tesla-t4.xml': {names: ['Tesla T4'], totalMib: 15360, usedMib: 1032, processes: [2], check: ([gpu]) => {
		expect(gpu!.fanPercent).toBeNull();
		expect(gpu!.ecc.correctedVolatile).toBe(0);
	}},
	'netdata__rtx-2080-win.xml': {names: ['NVIDIA GeForce RTX 2080'], totalMib: 8192, usedMib: 862, processes: [26], check: ([gpu]) => {
		expect(gpu!.isPersistent).toBeNull();
		expect(gpu!.pciBusId).toBe('0000:0a:00.0');
	}},
	'netdata__a100-sxm4-mig.xml': {names: ['NVIDIA A100-SXM4-40GB'], totalMib: 40960, usedMib: 38, processes: [0], check: ([gpu]) => {
		expect(gpu).toMatchObject({migMode: 'Enabled', utilization: {gpu: null, memory: null}, fanPercent: null, power: {drawWatts: 66.92}});
	}},
};

describe.skipIf(corpusFiles.length === 0)('nvidia-smi corpus', () => {
	for (const file of corpusFiles.filter(name => name.endsWith('.xml'))) {
		it(file, () => {
			const gpus = parseNvidiaXml(read(corpus, file), context);
			const want = expected[file];
			expect(want, `no expectations written for ${file}`).toBeDefined();
			expect(gpus.map(gpu => gpu.name)).toEqual(want!.names);
			expect(gpus[0]!.memory.totalBytes).toBe(want!.totalMib * mib);
			if (want!.usedMib >= 0) expect(gpus[0]!.memory.usedBytes).toBe(want!.usedMib * mib);
			expect(gpus.map(gpu => gpu.processes.length)).toEqual(want!.processes);
			for (const gpu of gpus) {
				expect(gpu.uuid).toMatch(/^GPU-/);
				expect(gpu.driverVersion).toMatch(/^\d+\.\d+/);
				// Nothing that nvidia-smi called N/A may show up as 0 or NaN.
				for (const value of [gpu.temperature.celsius, gpu.power.drawWatts, gpu.fanPercent, gpu.utilization.gpu]) {
					expect(value === null || Number.isFinite(value)).toBe(true);
				}
			}
			want!.check?.(gpus);
		});
	}

	for (const file of corpusFiles.filter(name => !name.endsWith('.xml'))) {
		it(`${file} is not XML: a DeviceReplyError, and its --query-gpu section parses`, () => {
			const text = read(corpus, file);
			expect(() => parseNvidiaXml(text, context)).toThrow(DeviceReplyError);
			// The capture's CSV section carries a header and units: parse it with its own field list.
			const lines = text.split('\n');
			const header = lines.findIndex(line => line.startsWith('timestamp, driver_version'));
			if (header < 0) return;
			const fields = lines[header]!.split(', ').map(field => field.replace(/ \[.*\]$/, ''));
			const [row] = parseQueryCsv(lines[header + 1]!, context, fields);
			expect(row).toMatchObject({index: 0, pciBusId: '0000:01:00.0', fanPercent: 0, performanceState: 'P8'});
			expect(row!.totalBytes).toBe(16376 * mib);
			expect(row!.celsius).toBeGreaterThan(0);
		});
	}
});

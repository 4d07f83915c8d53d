import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {gpuRules} from '../../src/kind-rules.js';
import {firingRules} from '../../test/support/rule-check.js';
import {mergeQuery, parseQueryCsv, queryFields} from './parse-csv.js';
import {parseNvidiaXml} from './parse.js';
import {fromMargin} from './parse-thermal.js';

const fixtures = fileURLToPath(new URL('../../fixtures/nvidia/', import.meta.url));
const context = {source: 'gpus', host: 'ada-box'};
const ada = () => parseNvidiaXml(readFileSync(`${fixtures}ada-tlimit-v13.xml`, 'utf8'), context);

describe('nvidia-smi thermal margins (driver 535+, Ada, v13 XML)', () => {
	it('reports the T.Limit margin and derives slowdown/shutdown as current + margin − offset', () => {
		const [rtx4090, sff] = ada();
		expect(rtx4090!.temperature).toEqual({celsius: 52, slowdownCelsius: 95, shutdownCelsius: 100, tlimitMarginCelsius: 41, thresholdSource: 'tlimit'});
		// No gpu_temp_max_tlimit_threshold: the max GPU offset (-5 C) gives the shutdown.
		expect(sff!.temperature).toEqual({celsius: 86, slowdownCelsius: 85, shutdownCelsius: 88, tlimitMarginCelsius: -3, thresholdSource: 'tlimit'});
	});

	it('cards with absolute thresholds keep them and gain no margin fields', () => {
		const [rtx3090] = parseNvidiaXml(readFileSync(`${fixtures}gpu-box-1.xml`, 'utf8'), context);
		expect(rtx3090!.temperature).toEqual({celsius: 71, slowdownCelsius: 95, shutdownCelsius: 98});
	});

	it('the overheating rule fires on a card that gives only margins, and not on the cool one', () => {
		expect(firingRules(gpuRules, 'gpus', ada())).toEqual(['gpu.temp-slowdown gpu:gpus/1']);
	});

	it('an unknown part or an implausible result gives no threshold', () => {
		expect(fromMargin(null, 41, -2)).toBeNull();
		expect(fromMargin(50, null, -2)).toBeNull();
		expect(fromMargin(50, 140, -20)).toBeNull();
	});

	it('the CSV fast path moves the margin with the temperature, or takes temperature.gpu.tlimit when asked', () => {
		const full = ada();
		const plain = parseQueryCsv('0, 00000000:01:00.0, 90, 40, 24564, 20000, 60, 300, 450, 50, 2500, 2500, 10501, P2\n1, 00000000:02:00.0, 10, 5, 20475, 100, 70, 30, 70, 30, 300, 300, 405, P8\n', {source: 'gpus'});
		const merged = mergeQuery(full, plain)!;
		expect(merged[0]!.temperature).toMatchObject({celsius: 60, tlimitMarginCelsius: 33, slowdownCelsius: 95});
		expect(merged[1]!.temperature).toMatchObject({celsius: 70, tlimitMarginCelsius: 13, slowdownCelsius: 85});
		const fields = [...queryFields, 'temperature.gpu.tlimit'];
		const withTlimit = parseQueryCsv('0, 00000000:01:00.0, 90, 40, 24564, 20000, 60, 300, 450, 50, 2500, 2500, 10501, P2, 30\n1, 00000000:02:00.0, 10, 5, 20475, 100, 70, 30, 70, 30, 300, 300, 405, P8, [N/A]\n', {source: 'gpus'}, fields);
		const exact = mergeQuery(full, withTlimit)!;
		expect(exact[0]!.temperature.tlimitMarginCelsius).toBe(30);
		expect(exact[1]!.temperature.tlimitMarginCelsius).toBe(13);
	});
});

describe('nvidia plugin on an Ada card through a stand-in nvidia-smi on PATH', () => {
	it('the fast path asks for temperature.gpu.tlimit once the XML showed a margin, and reports it', async () => {
		const {chmodSync, mkdtempSync, rmSync, writeFileSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {localTransport} = await import('../../src/local-transport.js');
		const {plugin} = await import('./index.js');
		const dir = mkdtempSync(`${tmpdir()}/labdeck-ada-`);
		const path = process.env.PATH;
		try {
			// Answers the XML, and the CSV only for a field list with the T.Limit margin (then the throttle mask, last).
			writeFileSync(`${dir}/nvidia-smi`, `#!/bin/sh
case "$1" in
  --query-gpu=*temperature.gpu.tlimit,clocks_throttle_reasons.active) printf '0, 00000000:01:00.0, 90, 40, 24564, 20000, 60, 300, 450, 50, 2500, 2500, 10501, P2, 29, 0x0000000000000000\\n1, 00000000:02:00.0, 10, 5, 20475, 100, 70, 30, 70, 30, 300, 300, 405, P8, 12, 0x0000000000000060\\n' ;;
  --query-gpu=*) echo 'asked without the margin' >&2; exit 2 ;;
  *) cat '${fixtures}ada-tlimit-v13.xml' ;;
esac
`);
			chmodSync(`${dir}/nvidia-smi`, 0o755);
			process.env.PATH = `${dir}:${path ?? ''}`;
			const warnings: string[] = [];
			const instance = plugin.create({id: 'ada', type: 'nvidia', interval: 5, timeout: 5}, {transport: () => undefined, localTransport, warn: message => warnings.push(message), requestPoll() {}});
			const first = (await instance.poll(AbortSignal.timeout(5000))).entities as readonly GpuDraftLike[];
			expect(first.map(gpu => gpu.temperature.tlimitMarginCelsius)).toEqual([41, -3]);
			const second = (await instance.poll(AbortSignal.timeout(5000))).entities as readonly GpuDraftLike[];
			expect(second.map(gpu => gpu.temperature)).toEqual([
				{celsius: 60, slowdownCelsius: 95, shutdownCelsius: 100, tlimitMarginCelsius: 29, thresholdSource: 'tlimit'},
				{celsius: 70, slowdownCelsius: 85, shutdownCelsius: 88, tlimitMarginCelsius: 12, thresholdSource: 'tlimit'},
			]);
			// The throttle reasons come from this poll's mask, not from the last XML.
			expect(second.map(gpu => gpu.throttleReasons)).toEqual([[], ['sw-thermal', 'hw-thermal-slowdown']]);
			expect(warnings).toEqual([]);
		} finally {
			process.env.PATH = path;
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

type GpuDraftLike = {readonly temperature: {readonly tlimitMarginCelsius?: number | null}; readonly throttleReasons: readonly string[]};

const captureDir = fileURLToPath(new URL('../../../shared/corpus/nvidia-smi/', import.meta.url));
const captures = existsSync(captureDir) ? readdirSync(captureDir).filter(name => name.endsWith('.txt')) : [];
if (captures.length === 0) console.warn(`no nvidia-smi capture in ${captureDir}: the --query-gpu corpus test is skipped`);

describe.skipIf(captures.length === 0)('--query-gpu with units over the corpus captures (header names as the field list)', () => {
	it.each(captures.map(name => [name]))('%s: every data row parses, T.Limit [N/A] is unknown', name => {
		const lines = readFileSync(`${captureDir}${name}`, 'utf8').split('\n');
		const rows = lines.flatMap((line, index) => (line.startsWith('timestamp, driver_version') ? [{header: line, data: lines[index + 1] ?? ''}] : []));
		expect(rows.length).toBeGreaterThan(0);
		for (const {header, data} of rows) {
			const fields = header.split(', ').map(field => field.split(' [')[0]!.trim());
			const [row] = parseQueryCsv(data, {source: 'capture'}, fields);
			expect(row!.celsius).toBeGreaterThan(0);
			expect(row!.celsius).toBeLessThan(150);
			expect(row!.tlimitMarginCelsius).toBeNull();
			expect(row!.drawWatts).toBeGreaterThan(0);
			expect(row!.limitWatts).toBeGreaterThan(0);
		}
	});
});

// The synthetic-scale console figures at 2,000 and 10,000 guests: bench/render-child.tsx bundled like the product (esbuild,
// React production build) and run in its own process so that its CPU and RSS are its own.
import {spawnSync} from 'node:child_process';
import {bundleBenchChild} from './bundle-child.js';

export async function benchRenderSynthetic(): Promise<Record<string, number | string>> {
	const out = await bundleBenchChild('render-child');
	type Figures = {cpuPercent: number; pollCpuPercent: number; drawCpuPercent: number; framesPerSecond: number; peakRssMb: number; p50: number; p95: number};
	const run = (size: Record<string, string>): Figures => {
		const env: NodeJS.ProcessEnv = {...process.env, ...size, FORCE_COLOR: '1', NODE_ENV: 'production'};
		delete env.CI;
		const result = spawnSync(process.execPath, [out], {encoding: 'utf8', env, timeout: 300_000});
		if (result.status !== 0) throw new Error(`render child exited ${result.status}: ${result.stderr.slice(-300)}`);
		return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Figures;
	};
	const small = run({BENCH_GUESTS: '2000', BENCH_GPUS: '128', BENCH_OUTLETS: '96', BENCH_SOURCES: '3'});
	const large = run({BENCH_GUESTS: '10000', BENCH_GPUS: '500', BENCH_OUTLETS: '96', BENCH_SOURCES: '50'});
	const figures: Record<string, number | string> = {};
	for (const [label, size, targets] of [
		['2,000 guests, 128 GPUs, 3 sources', small, {cpu: '3', rss: '120'}],
		['10,000 guests, 500 GPUs, 50 sources', large, {cpu: '-', rss: '250'}],
	] as const) {
		figures[`${label}: frames written per second at 1 Hz`] = size.framesPerSecond;
		figures[`${label}: CPU % of one core, 1 Hz for 30 s (target ≤ ${targets.cpu})`] = size.cpuPercent;
		figures[`${label}:   of which polling (drafts, sanitise, store)`] = size.pollCpuPercent;
		figures[`${label}:   of which drawing (the rest)`] = size.drawCpuPercent;
		figures[`${label}: peak RSS, MB (target ≤ ${targets.rss})`] = size.peakRssMb;
		figures[`${label}: keypress → frame p50, ms`] = size.p50;
		figures[`${label}: keypress → frame p95, ms (target ≤ 33)`] = size.p95;
	}
	// Linear growth: poll CPU grows like the entity count, not faster.
	const entities = (guests: number, gpus: number, sources: number) => guests + gpus + 96 + (sources - 2) * 20;
	figures['poll CPU 10k / 2k (linear would be the entity ratio)'] = `${(large.pollCpuPercent / small.pollCpuPercent).toFixed(2)}× (entities ${(entities(10_000, 500, 50) / entities(2000, 128, 3)).toFixed(2)}×)`;
	return figures;
}

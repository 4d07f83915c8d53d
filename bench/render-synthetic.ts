// The synthetic-scale console figures: bench/render-child.tsx bundled like the product (esbuild,
// React production build) and run in its own process so that its CPU and RSS are its own.
import {spawnSync} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {build} from 'esbuild';
// @ts-expect-error -- the build's own plain JavaScript module
import {aliases, inkPatches} from '../scripts/bundle/aliases.mjs';

const root = path.resolve(import.meta.dirname, '..');

export async function benchRenderSynthetic(): Promise<Record<string, number | string>> {
	const out = path.join(root, '.tmp', 'render-child.mjs');
	mkdirSync(path.dirname(out), {recursive: true});
	await build({
		entryPoints: [path.join(root, 'bench', 'render-child.tsx')],
		outfile: out,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		jsx: 'automatic',
		alias: aliases,
		plugins: [inkPatches],
		define: {'process.env.NODE_ENV': '"production"'},
		banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
		logLevel: 'error',
	});
	const env: NodeJS.ProcessEnv = {...process.env, FORCE_COLOR: '1', NODE_ENV: 'production'};
	delete env.CI;
	const result = spawnSync(process.execPath, [out], {encoding: 'utf8', env, timeout: 120_000});
	if (result.status !== 0) throw new Error(`render child exited ${result.status}: ${result.stderr.slice(-300)}`);
	const figures = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {cpuPercent: number; framesPerSecond: number; peakRssMb: number; p50: number; p95: number};
	return {
		'frames written per second at 1 Hz': figures.framesPerSecond,
		'VMs pane 200×60, 1 Hz for 30 s: CPU % of one core (target ≤ 3)': figures.cpuPercent,
		'peak RSS, MB (target ≤ 150)': figures.peakRssMb,
		'keypress → frame p50, ms': figures.p50,
		'keypress → frame p95, ms (target ≤ 33)': figures.p95,
	};
}

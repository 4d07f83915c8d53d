// The single executable (npm run build:exe) beside `node bin/labdeck.js`: its size, its first run
// (which unpacks into the cache), `--version` and the console's first frame on the demo lab.
// Skipped with a message when the executable has not been built.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startDemo} from './children.js';

const root = path.resolve(import.meta.dirname, '..');
const runs = 10;
const median = (values: readonly number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export async function benchExe(): Promise<Record<string, number | string>> {
	const {version} = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string};
	const exe = path.join(root, 'release', `labdeck-${version}-linux-x64`, 'labdeck');
	if (!existsSync(exe)) return {executable: 'skipped: not built (npm run build:exe)'};
	const node = [process.execPath, path.join(root, 'bin', 'labdeck.js')];
	const work = mkdtempSync(path.join(tmpdir(), 'labdeck-bench-exe-'));
	const env = {...process.env, LABDECK_CACHE_DIR: path.join(work, 'cache'), LABDECK_STATE_DIR: path.join(work, 'state')};
	const wall = (argv: readonly string[]) => {
		const started = performance.now();
		const result = spawnSync(argv[0]!, argv.slice(1), {stdio: 'ignore', env});
		return result.status === 0 ? performance.now() - started : Number.NaN;
	};
	const firstFrame = (argv: readonly string[]) => Number.parseFloat(spawnSync('python3', [path.join(root, 'bench', 'first-frame.py'), '\\? help', ...argv], {encoding: 'utf8', env}).stdout);
	const demo = await startDemo(env, node);
	try {
		const figures: Record<string, number | string> = {'size (MiB)': statSync(exe).size / 1048576};
		figures['first run --version, unpacking (ms)'] = wall([exe, '--version']);
		figures[`--version, median of ${runs} (ms)`] = median(Array.from({length: runs}, () => wall([exe, '--version'])).filter(Number.isFinite));
		figures[`node bin/labdeck.js --version, median of ${runs} (ms)`] = median(Array.from({length: runs}, () => wall([...node, '--version'])).filter(Number.isFinite));
		const {config} = demo;
		figures[`console first frame, demo lab, median of ${runs} (ms)`] = median(Array.from({length: runs}, () => firstFrame([exe, '--config', config])).filter(Number.isFinite));
		figures[`node bin/labdeck.js first frame, median of ${runs} (ms)`] = median(Array.from({length: runs}, () => firstFrame([...node, '--config', config])).filter(Number.isFinite));
		return figures;
	} finally {
		await demo.stop();
		rmSync(work, {recursive: true, force: true});
	}
}

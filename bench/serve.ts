// `labdeck serve` figures for `npm run bench`:
// - first frame with live data of a console attaching to a running service (demo lab, 80×24 pty),
//   beside htop's first frame and a standalone console's first live frame, measured in this run;
// - device requests per poll interval with three attached consoles vs three standalone ones:
//   every NUT command a labdeck process sends to a UPS (the project's NUT simulator behind a
//   counting TCP proxy), consoles running in tmux.
import {spawnSync, type ChildProcess} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, connect, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {labdeck, startDemo, startService, stopChild} from './children.js';
import {startNutSimulator} from '../plugins/nut/sim/simulator.js';

const root = path.resolve(import.meta.dirname, '..');
const median = (values: readonly number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

function firstFrame(marker: string, argv: readonly string[], env: NodeJS.ProcessEnv): number | undefined {
	const result = spawnSync('python3', [path.join(root, 'bench', 'first-frame.py'), marker, ...argv], {encoding: 'utf8', env: {...process.env, ...env}});
	const value = Number.parseFloat(result.stdout);
	return Number.isFinite(value) ? value : undefined;
}

/** A TCP proxy that counts the lines (NUT commands) clients send. */
async function countingProxy(target: number): Promise<{port: number; count: () => number; close: () => void}> {
	let lines = 0;
	const server: Server = createServer(client => {
		const upstream = connect(target, '127.0.0.1');
		client.on('data', chunk => (lines += String(chunk).split('\n').length - 1));
		client.pipe(upstream).pipe(client);
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {port: (server.address() as {port: number}).port, count: () => lines, close: () => server.close()};
}

export async function benchServe(): Promise<Record<string, number | string>> {
	const figures: Record<string, number | string> = {};
	const home = mkdtempSync(path.join(tmpdir(), 'labdeck-bench-serve-'));
	const run = path.join(home, 'run');
	mkdirSync(run, {mode: 0o700});
	const env: NodeJS.ProcessEnv = {...process.env, XDG_RUNTIME_DIR: run, LABDECK_STATE_DIR: path.join(home, 'state')};
	delete env.LABDECK_SOCKET;
	const children: ChildProcess[] = [];
	try {
		// 1. First live frame: attached vs standalone vs htop.
		const demo = await startDemo(env);
		children.push(demo.child);
		const {config} = demo;
		const serve = await startService(config, env);
		children.push(serve.child);
		const live = '(\\d+) of \\1 sources ok';
		for (let index = 0; index < 20 && spawnSync(process.execPath, [labdeck, 'status', '--json', '--config', config], {env}).status !== 0; index++) await new Promise(resolve => setTimeout(resolve, 250));
		const attached = Array.from({length: 7}, () => firstFrame(live, [process.execPath, labdeck, '--config', config], env)).filter(value => value !== undefined);
		const standalone = Array.from({length: 3}, () => firstFrame(live, [process.execPath, labdeck, '--config', config, '--no-serve'], env)).filter(value => value !== undefined);
		// The console's own start (its first frame, from the last-known state): what attaching adds is the difference.
		const started = Array.from({length: 5}, () => firstFrame('\\? help', [process.execPath, labdeck, '--config', config, '--no-serve'], env)).filter(value => value !== undefined);
		figures['console attached: first frame with live data, median ms'] = attached.length > 0 ? Math.round(median(attached)) : 'failed';
		figures['console standalone: first frame with live data, median ms'] = standalone.length > 0 ? Math.round(median(standalone)) : 'failed';
		figures['console standalone: first frame (last-known state), median ms'] = started.length > 0 ? Math.round(median(started)) : 'failed';
		if (spawnSync('which', ['htop']).status === 0) {
			const htop = Array.from({length: 7}, () => firstFrame('F10', ['htop'], env)).filter(value => value !== undefined);
			figures['htop first frame, median ms (target: attached ≤ htop)'] = htop.length > 0 ? Math.round(median(htop)) : 'failed';
		}
		await serve.stop();
		await demo.stop();

		// 2. Device requests per interval: three standalone consoles, then three attached ones.
		const nut = await startNutSimulator({ups: {desk: readFileSync(path.join(root, 'fixtures', 'nut', 'desk.dev'), 'utf8')}});
		const proxy = await countingProxy(nut.port);
		const nutConfig = path.join(home, 'nut.json');
		writeFileSync(nutConfig, JSON.stringify({lab: 'bench', sources: [{id: 'ups', type: 'nut', host: '127.0.0.1', port: proxy.port, interval: 1, timeout: 1}]}), {mode: 0o600});
		const socket = `labdeck-bench-${process.pid}`;
		const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
		const window = 10_000;
		const measure = async (extra: string): Promise<number> => {
			for (const name of ['c1', 'c2', 'c3']) tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', `env -u CI XDG_RUNTIME_DIR=${run} LABDECK_STATE_DIR=${path.join(home, name)} ${process.execPath} ${labdeck} --config ${nutConfig} ${extra}`);
			await new Promise(resolve => setTimeout(resolve, 3000));
			const before = proxy.count();
			await new Promise(resolve => setTimeout(resolve, window));
			const requests = proxy.count() - before;
			tmux('kill-server');
			return requests / (window / 1000);
		};
		try {
			if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux not installed');
			const alone = await measure('--no-serve');
			const nutServe = await startService(nutConfig, env);
			children.push(nutServe.child);
			const beforeConsoles = proxy.count();
			await new Promise(resolve => setTimeout(resolve, 3000));
			const serviceAlone = (proxy.count() - beforeConsoles) / 3;
			const shared = await measure('');
			await nutServe.stop();
			figures['NUT requests per 1 s interval, 3 standalone consoles'] = Number(alone.toFixed(1));
			figures['NUT requests per 1 s interval, service + 3 attached consoles'] = Number(shared.toFixed(1));
			figures['NUT requests per 1 s interval, the service alone'] = Number(serviceAlone.toFixed(1));
			figures['attached / standalone (target ≤ 0.33)'] = Number((shared / alone).toFixed(2));
		} catch (error) {
			figures['device requests'] = `skipped: ${error instanceof Error ? error.message : String(error)}`;
		} finally {
			tmux('kill-server');
			proxy.close();
			await nut.stop();
		}
	} finally {
		for (const child of children) await stopChild(child).catch(() => {});
		rmSync(home, {recursive: true, force: true});
	}
	return figures;
}

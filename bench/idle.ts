// The idle-console figures for `npm run bench`: labdeck's console on the demo lab (its
// simulators in another process, `labdeck demo --serve`, so they are not counted) beside
// glances, btop and htop, each run the same way: alone in tmux at 200×60, measured for
// BENCH_IDLE_SECONDS (default 60) after a BENCH_IDLE_SETTLE_SECONDS (default 8) settle. CPU is
// utime+stime of the pane's whole process tree from /proc, as % of one core; RSS is the tree's
// summed VmRSS at the end of the window; terminal output is what the program wrote to its pane
// over the window (tmux pipe-pane), bytes per second. labdeck is measured twice: polling the
// demo lab itself, and attached to a `labdeck serve` polling it (drawing only); the difference
// is what polling costs.
import {spawnSync} from 'node:child_process';
import {readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {bundleBenchChild} from './bundle-child.js';
import {labdeck, startService} from './children.js';

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).stdout.trim()) || 100;

export type IdleFigure = {readonly cpuPercent: number; readonly rssMb: number; readonly bytesPerSecond: number};

function children(): Map<number, number[]> {
	const byParent = new Map<number, number[]>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			byParent.set(parent, [...(byParent.get(parent) ?? []), Number(name)]);
		} catch {
			// The process ended while the table was read.
		}
	}
	return byParent;
}

function tree(pid: number): number[] {
	const byParent = children();
	const out: number[] = [];
	const queue = [pid];
	while (queue.length > 0) {
		const next = queue.shift()!;
		out.push(next);
		queue.push(...(byParent.get(next) ?? []));
	}
	return out;
}

/** CPU seconds (user + system) and RSS (MB) summed over the process tree under `pid`. */
function sample(pid: number): {cpuSeconds: number; rssMb: number} {
	let ticks = 0;
	let rssKb = 0;
	for (const member of tree(pid)) {
		try {
			const stat = readFileSync(`/proc/${member}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
			const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${member}/status`, 'utf8'));
			rssKb += Number(rss?.[1] ?? 0);
		} catch {
			// Gone between listing and reading.
		}
	}
	return {cpuSeconds: ticks / clockTicks, rssMb: rssKb / 1024};
}

let runs = 0;
const tmux = (socket: string, ...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});

/** Runs `argv` alone in a 200×60 tmux session and measures it after the settle. */
export async function idleFigure(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<IdleFigure> {
	const settle = Number(process.env.BENCH_IDLE_SETTLE_SECONDS ?? '8');
	const seconds = Number(process.env.BENCH_IDLE_SECONDS ?? '60');
	const socket = `labdeck-bench-idle-${process.pid}-${runs++}`;
	const exports = Object.entries(env).map(([key, value]) => `${key}=${JSON.stringify(value ?? '')}`);
	const command = `exec env TERM=xterm-256color ${exports.join(' ')} ${argv.map(arg => JSON.stringify(arg)).join(' ')}`;
	const started = tmux(socket, 'new-session', '-d', '-x', '200', '-y', '60', command);
	if (started.status !== 0) throw new Error(`tmux failed to start ${argv[0]}: ${started.stderr.trim()}`);
	try {
		const pid = Number(tmux(socket, 'list-panes', '-F', '#{pane_pid}').stdout.trim());
		if (!Number.isFinite(pid) || pid <= 0) throw new Error(`no pane process for ${argv[0]}`);
		await sleep(settle * 1000);
		const output = path.join(tmpdir(), `${socket}.out`);
		tmux(socket, 'pipe-pane', '-o', `cat >> ${JSON.stringify(output)}`);
		const before = sample(pid);
		const wallStart = performance.now();
		await sleep(seconds * 1000);
		const after = sample(pid);
		const wall = (performance.now() - wallStart) / 1000;
		if (after.rssMb === 0) throw new Error(`${argv[0]} exited during the window`);
		let bytes = 0;
		try {
			bytes = statSync(output).size;
		} catch {
			// Nothing written in the window.
		}
		return {cpuPercent: ((after.cpuSeconds - before.cpuSeconds) / wall) * 100, rssMb: after.rssMb, bytesPerSecond: bytes / wall};
	} finally {
		tmux(socket, 'kill-server');
		rmSync(path.join(tmpdir(), `${socket}.out`), {force: true});
	}
}

const has = (program: string) => spawnSync('which', [program]).status === 0;

/** labdeck's idle console on `config` beside glances, btop and htop, with ratios. */
export async function benchIdle(config: string, stateDir: string): Promise<Record<string, number | string>> {
	const figures: Record<string, number | string> = {};
	// --no-serve: the console polls by itself even where a service runs for this config.
	const ours = await idleFigure([process.execPath, labdeck, '--no-serve', '--config', config], {LABDECK_STATE_DIR: stateDir, XDG_CONFIG_HOME: stateDir});
	figures['labdeck console, demo lab: CPU % of one core (target ≤ 1)'] = ours.cpuPercent;
	figures['labdeck console, demo lab: RSS MB (target ≤ 90)'] = ours.rssMb;
	figures['labdeck console, demo lab: terminal output, bytes/s'] = ours.bytesPerSecond;
	const attached = await attachedFigure(config, stateDir);
	figures['labdeck console attached to labdeck serve (drawing only): CPU %'] = attached.cpuPercent;
	figures['labdeck console attached to labdeck serve (drawing only): RSS MB'] = attached.rssMb;
	figures['  so polling the demo lab costs the console, CPU %'] = ours.cpuPercent - attached.cpuPercent;
	// The stack's own floor: React + Ink + yoga drawing a full screen of text whose only change is a
	// clock (bench/ink-floor-child.tsx), bundled like the product. No console on this stack costs less.
	const floorChild = await bundleBenchChild('ink-floor-child');
	const floor = await idleFigure([process.execPath, floorChild], {NODE_ENV: 'production'});
	figures['floor: React + Ink, a 200×60 screen of text and a 1 Hz clock: CPU %'] = floor.cpuPercent;
	figures['floor: React + Ink, a 200×60 screen of text and a 1 Hz clock: RSS MB'] = floor.rssMb;
	figures['  labdeck above the floor: CPU %, RSS MB'] = `${(ours.cpuPercent - floor.cpuPercent).toFixed(2)}, ${(ours.rssMb - floor.rssMb).toFixed(1)}`;
	// The same screen with every row's text changing each second (a pane whose every visible row moves).
	const rowsFloor = await idleFigure([process.execPath, floorChild], {NODE_ENV: 'production', BENCH_FLOOR: 'rows'});
	figures['floor: React + Ink, every row of the screen changing at 1 Hz: CPU %'] = rowsFloor.cpuPercent;
	const peers: [string, string[]][] = [
		['glances', ['glances']],
		['btop', ['btop']],
		['htop', ['htop']],
	];
	for (const [name, argv] of peers) {
		if (!has(argv[0]!)) {
			figures[name] = `skipped: ${name} not installed`;
			continue;
		}
		// eslint-disable-next-line no-await-in-loop -- one program at a time, or they share the cores
		const peer = await idleFigure(argv);
		figures[`${name}: CPU % of one core`] = peer.cpuPercent;
		figures[`${name}: RSS MB`] = peer.rssMb;
		figures[`${name}: terminal output, bytes/s`] = peer.bytesPerSecond;
		figures[`  labdeck / ${name}: CPU ×, RSS ×`] = `${(ours.cpuPercent / Math.max(peer.cpuPercent, 0.01)).toFixed(1)}×, ${(ours.rssMb / peer.rssMb).toFixed(1)}×`;
	}
	return figures;
}

/** The console attached to a `labdeck serve` that polls the demo lab (the service not counted). */
async function attachedFigure(config: string, stateDir: string): Promise<IdleFigure> {
	const socketPath = path.join(stateDir, 'bench-serve.sock');
	const env = {...process.env, LABDECK_STATE_DIR: stateDir, XDG_CONFIG_HOME: stateDir, LABDECK_SOCKET: socketPath};
	const service = await startService(config, env);
	try {
		return await idleFigure([process.execPath, labdeck, '--config', config], {LABDECK_STATE_DIR: stateDir, XDG_CONFIG_HOME: stateDir, LABDECK_SOCKET: socketPath});
	} finally {
		await service.stop();
	}
}

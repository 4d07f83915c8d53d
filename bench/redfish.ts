// Benchmark: a 10-BMC lab on the Redfish simulator with 1 s of latency injected into every
// reply (BMCs are slow). Polls all ten at once as the poller would: the first poll (discovery
// and inventory), then a steady-state poll, reporting wall times and requests per BMC per
// interval after the first (target ≤ 4), and keypress → frame p95 of the real console (the
// synthetic 200×60 rig of bench/bench-render.tsx) rendering in the same process meanwhile.
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import type {PluginDeps, PluginInstance} from '../src/plugin-api.js';
import {plugin} from '../plugins/redfish/index.js';
import {benchRender} from './bench-render.js';

type SimBmc = {readonly name: string; readonly host: string; readonly port: number; readonly user: string; readonly password: string; readonly fingerprint: string};
const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 'local', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: () => {}, requestPoll: () => {}};

export async function benchRedfish(): Promise<Record<string, number | string>> {
	// The simulators run in their own process (bench/redfish-sim-child.ts), as real BMCs would.
	const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'redfish-sim-child.ts'), '1000'], {stdio: ['pipe', 'pipe', 'inherit']});
	const lines = createInterface({input: child.stdout});
	const nextLine = async () => new Promise<string>((resolve, reject) => {
		lines.once('line', resolve);
		child.once('exit', code => reject(new Error(`simulator exited ${code}`)));
	});
	const bmcs = JSON.parse(await nextLine()) as SimBmc[];
	const counts = async () => {
		const reply = nextLine();
		child.stdin.write('count\n');
		return JSON.parse(await reply) as number[];
	};
	const instances: PluginInstance[] = bmcs.map(bmc => plugin.create({id: bmc.name, type: 'redfish', interval: 30, timeout: 20, host: bmc.host, port: bmc.port, user: bmc.user, password: bmc.password, fingerprint: bmc.fingerprint}, deps));
	const delay = monitorEventLoopDelay({resolution: 5});
	try {
		const pollAll = async () => {
			const started = performance.now();
			const results = await Promise.all(instances.map(async instance => instance.poll(AbortSignal.timeout(60_000))));
			const partial = results.filter(result => result.partial).length;
			if (partial > 0) throw new Error(`${partial} BMCs answered only in part`);
			return performance.now() - started;
		};
		const rig = benchRender({pane: 'vms', width: 200, height: 60});
		await rig.render();
		const timeKeys = async (count: number, latencies: number[], isDone: () => boolean) => {
			for (let index = 0; index < count && !isDone(); index++) {
				await new Promise(resolve => setTimeout(resolve, 40));
				const frame = rig.waitFrame();
				const pressed = performance.now();
				rig.pressKey(index % 2 === 0 ? '\u001B[B' : '\u001B[A');
				latencies.push((await frame) - pressed);
			}
			return latencies.sort((a, b) => a - b);
		};
		// The same keys with no poll running: the rig's own figure on this machine, for comparison.
		const idle = await timeKeys(60, [], () => false);
		const latencies: number[] = [];
		let isPolling = true;
		const keys = timeKeys(Number.POSITIVE_INFINITY, latencies, () => !isPolling);
		delay.enable();
		let firstMs: number;
		let steadyMs: number;
		let before: number[];
		try {
			firstMs = await pollAll();
			before = await counts();
			steadyMs = await pollAll();
		} finally {
			delay.disable();
			isPolling = false;
			await keys;
			rig.unmount();
		}
		const after = await counts();
		const perBmc = after.map((total, index) => total - before[index]!);
		return {
			'10 BMCs, 1 s per reply: first poll (discovery), wall ms': firstMs,
			'10 BMCs, 1 s per reply: later poll, wall ms': steadyMs,
			'requests per BMC per interval after the first, max (target ≤ 4)': Math.max(...perBmc),
			'requests per BMC per interval after the first, mean': perBmc.reduce((sum, value) => sum + value, 0) / perBmc.length,
			'keypress → frame p95 during the polls, ms (target ≤ 33)': latencies[Math.floor(latencies.length * 0.95)] ?? Number.NaN,
			'keypresses timed': latencies.length,
			'keypress → frame p95 with no poll running, same rig, ms': idle[Math.floor(idle.length * 0.95)] ?? Number.NaN,
			'event-loop delay p95 during the polls, ms': delay.percentile(95) / 1e6,
		};
	} finally {
		await Promise.all(instances.map(async instance => instance.close?.()));
		child.stdin.end();
		await new Promise(resolve => child.once('exit', resolve));
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	for (const [name, value] of Object.entries(await benchRedfish())) process.stdout.write(`${name.padEnd(70)} ${typeof value === 'number' ? value.toFixed(1) : value}\n`);
}

// Benchmark: a 10-BMC lab on the Redfish simulator with 1 s of latency injected into every
// reply (BMCs are slow). Polls all ten at once as the poller would: the first poll (discovery
// and inventory), then a steady-state poll, reporting wall times and requests per BMC per
// interval after the first (target ≤ 4), and the event loop's delay p95 while they run (what a
// keypress would wait for; the frame itself is measured by the render benches).
import {join} from 'node:path';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import type {PluginDeps, PluginInstance} from '../src/plugin-api.js';
import {plugin} from '../plugins/redfish/index.js';
import {bmcShapes, startBmcLab} from '../plugins/redfish/sim/index.js';

const fixturesDir = fileURLToPath(new URL('../fixtures', import.meta.url));
const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 'local', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: () => {}, requestPoll: () => {}};

export async function benchRedfish(): Promise<Record<string, number | string>> {
	const specs = Array.from({length: 10}, (_, index) => ({name: `bmc${index}`, shape: bmcShapes[index % bmcShapes.length]!, latencyMs: 1000}));
	const lab = await startBmcLab(specs, {fixturesDir: join(fixturesDir)});
	const instances: PluginInstance[] = lab.bmcs.map(bmc => plugin.create({id: bmc.name, type: 'redfish', interval: 30, timeout: 20, host: bmc.host, port: bmc.port, user: bmc.user, password: bmc.password, fingerprint: bmc.fingerprint}, deps));
	const delay = monitorEventLoopDelay({resolution: 5});
	try {
		const pollAll = async () => {
			const started = performance.now();
			const results = await Promise.all(instances.map(async instance => instance.poll(AbortSignal.timeout(60_000))));
			const partial = results.filter(result => result.partial).length;
			if (partial > 0) throw new Error(`${partial} BMCs answered only in part`);
			return performance.now() - started;
		};
		delay.enable();
		const firstMs = await pollAll();
		const before = lab.bmcs.map(bmc => bmc.totalRequests());
		const steadyMs = await pollAll();
		delay.disable();
		const perBmc = lab.bmcs.map((bmc, index) => bmc.totalRequests() - before[index]!);
		return {
			'10 BMCs, 1 s per reply: first poll (discovery), wall ms': firstMs,
			'10 BMCs, 1 s per reply: later poll, wall ms': steadyMs,
			'requests per BMC per interval after the first, max (target ≤ 4)': Math.max(...perBmc),
			'requests per BMC per interval after the first, mean': perBmc.reduce((sum, value) => sum + value, 0) / perBmc.length,
			'event-loop delay p95 during the polls, ms (keypress budget 33)': delay.percentile(95) / 1e6,
		};
	} finally {
		await Promise.all(instances.map(async instance => instance.close?.()));
		await lab.stop();
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	for (const [name, value] of Object.entries(await benchRedfish())) process.stdout.write(`${name.padEnd(70)} ${typeof value === 'number' ? value.toFixed(1) : value}\n`);
}

// Large reply: keypress → frame while one Proxmox source (its simulator in a child process)
// answers 100,000 guests every poll. The console side is bench/large-reply-child.tsx, bundled like
// the product (esbuild, React production build) and run in its own process.
import {spawn, spawnSync} from 'node:child_process';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {bundleBenchChild} from './bundle-child.js';

export async function benchLargeReply(): Promise<Record<string, number | string>> {
	const guests = Number(process.env.BENCH_GUESTS ?? '100000');
	const out = await bundleBenchChild('large-reply-child', ['ssh2', 'net-snmp']);
	const simulator = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'pve-sim-child.ts'), String(guests)], {stdio: ['pipe', 'pipe', 'inherit']});
	try {
		const line = await new Promise<string>((resolve, reject) => {
			createInterface({input: simulator.stdout}).once('line', resolve);
			simulator.once('exit', code => reject(new Error(`simulator exited ${code}`)));
		});
		const env: NodeJS.ProcessEnv = {...process.env, FORCE_COLOR: '1', NODE_ENV: 'production', BENCH_PVE: line};
		delete env.CI;
		const result = spawnSync(process.execPath, [out], {encoding: 'utf8', env, timeout: 300_000});
		if (result.status !== 0) throw new Error(`large-reply child exited ${result.status}: ${result.stderr.slice(-300)}`);
		type Keys = {p50: number; p95: number; max: number; keys: number};
		const figures = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {before: Keys; during: Keys; after: Keys; polls: number; pollMs: number | null; guests: number; status: string; lastError: string | null};
		return {
			[`guests in the store from the ${guests}-guest source`]: figures.guests,
			'polls completed while keys were timed': figures.polls,
			'mean poll round (simulator included), ms': figures.pollMs ?? 'none',
			'source status at the end': `${figures.status}${figures.lastError ? `: ${figures.lastError}` : ''}`,
			'keypress → frame p95 before it answers, ms': figures.before.p95,
			[`keypress → frame p50 while it polls (${figures.during.keys} keys), ms`]: figures.during.p50,
			'keypress → frame p95 while it polls, ms (target ≤ 33)': figures.during.p95,
			'keypress → frame max while it polls, ms': figures.during.max,
			'keypress → frame p95, 100,000 guests stored, no poll, ms': figures.after.p95,
		};
	} finally {
		simulator.stdin.end();
		simulator.kill('SIGTERM');
	}
}

if (process.argv[1] === import.meta.filename) {
	for (const [name, value] of Object.entries(await benchLargeReply())) process.stdout.write(`${name.padEnd(58)} ${typeof value === 'number' ? Number(value.toFixed(2)) : value}\n`);
}

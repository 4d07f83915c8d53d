// `npm run bench`: labdeck's speed and memory figures, each beside a peer measured the same way
// in the same run where the issue names one. Prints a table; asserts nothing (targets are
// printed next to the figures). Not part of the tests.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundleBenchChild} from './bundle-child.js';
import {labdeck, startDemo, startService} from './children.js';

type Row = {readonly name: string; readonly value: string; readonly target?: string};
const rows: Row[] = [];
const report = (name: string, value: string, target?: string) => {
	rows.push({name, value, ...(target ? {target} : {})});
	process.stdout.write(`${name.padEnd(58)} ${value.padEnd(26)} ${target ?? ''}\n`);
};

const root = path.resolve(import.meta.dirname, '..');
const median = (values: readonly number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number) => `${value.toFixed(0)} ms`;

/** Runs `use` while a `labdeck serve` for the config listens on a socket of its own (its environment given to `use`). */
async function withService<T>(config: string, use: (env: NodeJS.ProcessEnv) => T): Promise<T | undefined> {
	const run = mkdtempSync(path.join(tmpdir(), 'labdeck-bench-run-'));
	const env: NodeJS.ProcessEnv = {XDG_RUNTIME_DIR: run, LABDECK_SOCKET: path.join(run, 'labdeck.sock')};
	const service = await startService(config, {...process.env, LABDECK_STATE_DIR: path.join(run, 'state'), ...env}).catch(() => undefined);
	try {
		if (!service) return undefined;
		// Its first poll round: until then an attached one-shot would wait for it.
		for (let index = 0; index < 40 && spawnSync(process.execPath, [labdeck, 'status', '--json', '--config', config], {env: {...process.env, LABDECK_STATE_DIR: stateDir, ...env}}).status !== 0; index++) await new Promise(resolve => setTimeout(resolve, 250));
		return use(env);
	} finally {
		await service?.stop();
		rmSync(run, {recursive: true, force: true});
	}
}

function firstFrame(marker: string, argv: readonly string[], env: NodeJS.ProcessEnv = {}): number | undefined {
	const result = spawnSync('python3', [path.join(root, 'bench', 'first-frame.py'), marker, ...argv], {encoding: 'utf8', env: {...process.env, LABDECK_STATE_DIR: stateDir, ...env}});
	const value = Number.parseFloat(result.stdout);
	return Number.isFinite(value) ? value : undefined;
}

function wallTime(argv: readonly string[], env: NodeJS.ProcessEnv = {}): number {
	const started = performance.now();
	spawnSync(argv[0]!, argv.slice(1), {stdio: 'ignore', env: {...process.env, LABDECK_STATE_DIR: stateDir, ...env}});
	return performance.now() - started;
}

const stateDir = mkdtempSync(path.join(tmpdir(), 'labdeck-bench-'));
const runs = 10;

async function main() {
	process.stdout.write(`labdeck bench on node ${process.version}, ${(await import('node:os')).cpus().length} cores\n\n`);
	const demo = await startDemo({...process.env, LABDECK_STATE_DIR: stateDir});
	try {
		// 1. Start → first full frame, in an 80×24 pseudo-terminal, beside htop.
		const ours: number[] = [];
		for (let index = 0; index < runs; index++) {
			const value = firstFrame('\\? help', [process.execPath, labdeck, '--config', demo.config]);
			if (value !== undefined) ours.push(value);
		}
		report('console first frame, demo lab (median of 10)', ours.length > 0 ? ms(median(ours)) : 'failed', '≤ 1.2× htop');
		if (spawnSync('which', ['htop']).status === 0) {
			const htop: number[] = [];
			for (let index = 0; index < runs; index++) {
				const value = firstFrame('F10', ['htop']);
				if (value !== undefined) htop.push(value);
			}
			report('htop first frame (median of 10)', htop.length > 0 ? ms(median(htop)) : 'failed');
			if (ours.length > 0 && htop.length > 0) report('  labdeck / htop', `${(median(ours) / median(htop)).toFixed(2)}×`, '≤ 1.2×');
			// The floors under it: Node starting and exiting, and the smallest Ink app drawing its first frame.
			report('  floor: node -e 0 (median of 10)', ms(median(Array.from({length: runs}, () => wallTime([process.execPath, '-e', '0'])))));
			const floorChild = await bundleBenchChild('ink-floor-child');
			const floor: number[] = [];
			for (let index = 0; index < runs; index++) {
				const value = firstFrame('ink floor', [process.execPath, floorChild], {NODE_ENV: 'production'});
				if (value !== undefined) floor.push(value);
			}
			report('  floor: React + Ink first frame, a screen of text (median of 10)', floor.length > 0 ? ms(median(floor)) : 'failed');
		} else report('htop first frame', 'skipped: htop not installed (apt-get install htop)');

		// 2. One-shot `status --json`, beside glances.
		const oneShot = Array.from({length: runs}, () => wallTime([process.execPath, labdeck, 'status', '--json', '--config', demo.config]));
		report('labdeck status --json, demo lab (median of 10)', ms(median(oneShot)), '≤ 300 ms');
		// Where a one-shot's time goes: each source's first-poll latency as the document reports it (median of 5 more runs, slowest first).
		const latencies = new Map<string, number[]>();
		for (let index = 0; index < 5; index++) {
			const result = spawnSync(process.execPath, [labdeck, 'status', '--json', '--config', demo.config], {encoding: 'utf8', env: {...process.env, LABDECK_STATE_DIR: stateDir}});
			try {
				for (const source of (JSON.parse(result.stdout) as {sources: {id: string; type: string; latencyMs: number | null}[]}).sources) if (source.latencyMs !== null) latencies.set(`${source.id} (${source.type})`, [...(latencies.get(`${source.id} (${source.type})`) ?? []), source.latencyMs]);
			} catch {}
		}
		for (const [source, values] of [...latencies].sort((a, b) => median(b[1]) - median(a[1]))) report(`  first poll: ${source}`, ms(median(values)));
		// The same one-shot answered by a running `labdeck serve` (README › Service mode): no device polled.
		const attached = await withService(demo.config, env => Array.from({length: runs}, () => wallTime([process.execPath, labdeck, 'status', '--json', '--config', demo.config], env)));
		report('labdeck status --json, demo lab, attached to labdeck serve (median of 10)', attached ? ms(median(attached)) : 'failed', '≤ 300 ms');
		const localOnly = Array.from({length: runs}, () => wallTime([process.execPath, labdeck, 'status', '--json'], {LABDECK_CONFIG: '', XDG_CONFIG_HOME: stateDir}));
		report('labdeck status --json, no config: this machine (median of 10)', ms(median(localOnly)), '≤ 150 ms');
		if (spawnSync('which', ['glances']).status === 0) {
			const glances = Array.from({length: 3}, () => wallTime(['glances', '--stdout-json', 'cpu,mem', '--stop-after', '1']));
			report('glances --stdout-json cpu,mem --stop-after 1 (median of 3)', ms(median(glances)));
		} else report('glances', 'skipped: glances not installed (apt-get install glances)');

		// 3. The idle console on the demo lab beside glances, btop and htop, each alone in tmux.
		if (spawnSync('which', ['tmux']).status === 0) {
			const {benchIdle} = await import('./idle.js');
			for (const [name, value] of Object.entries(await benchIdle(demo.config, stateDir))) report(`idle: ${name}`, typeof value === 'number' ? String(Number(value.toFixed(2))) : value);
		} else report('idle console', 'skipped: tmux not installed (apt-get install tmux)');
	} finally {
		await demo.stop();
	}

	// 4. Plugin and view figures contributed by each plugin's bench module.
	const modules: [string, string, string][] = [
		['bench/render-synthetic.ts', 'benchRenderSynthetic', 'synthetic store render'],
		['bench/incidents.ts', 'benchIncidents', 'incident correlation (synthetic store)'],
		['bench/proxmox.ts', 'benchProxmox', 'proxmox'],
		['bench/ssh-gpus.ts', 'benchSshGpus', 'ssh + nvidia'],
		['bench/snmp-power.ts', 'benchSnmpPower', 'snmp power'],
		['bench/exe.ts', 'benchExe', 'single executable'],
		['bench/redfish.ts', 'benchRedfish', 'redfish'],
		['bench/automations.ts', 'benchAutomations', 'automations'],
		['bench/large-reply.ts', 'benchLargeReply', 'large reply (100,000 guests)'],
		['bench/serve.ts', 'benchServe', 'labdeck serve'],
	];
	for (const [file, exported, label] of modules) {
		if (!existsSync(path.join(root, file))) {
			report(label, `skipped: ${file} missing`);
			continue;
		}
		try {
			const module = (await import(path.join(root, file))) as Record<string, () => Promise<Record<string, number | string>>>;
			const figures = await module[exported]!();
			for (const [name, value] of Object.entries(figures)) report(`${label}: ${name}`, typeof value === 'number' ? String(Number(value.toFixed(2))) : value);
		} catch (error) {
			report(label, `failed: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
}

try {
	await main();
} finally {
	rmSync(stateDir, {recursive: true, force: true});
}

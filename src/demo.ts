// The demo lab: every plugin's simulator on loopback (random ports), a config pointing at them
// written into a private temporary directory, and the local machine as a real source. The same
// plugin code paths as production, speaking the real protocols.
import {EventEmitter} from 'node:events';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {DemoContribution, DemoWorld, PluginDefinition} from './plugin-api.js';

export const scenarios = ['power-outage', 'node-down', 'gpu-overheat'] as const;
export type Scenario = (typeof scenarios)[number];

export type DemoLab = {
	readonly configPath: string;
	readonly config: Record<string, unknown>;
	/** One line per simulator that failed to start (the rest of the lab still runs). */
	readonly warnings: readonly string[];
	stop(): Promise<void>;
};

/** The project root: the nearest folder above this module with a package.json (src/, dist/ or dist/chunks/). */
export function projectRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
	return dir;
}

export async function startDemo(plugins: readonly PluginDefinition[], scenario: Scenario | undefined): Promise<DemoLab> {
	const tmpDir = mkdtempSync(path.join(tmpdir(), 'labdeck-demo-'));
	const world: DemoWorld = {events: new EventEmitter(), scenario, fixturesDir: path.join(projectRoot(), 'fixtures'), tmpDir};
	world.events.setMaxListeners(50);
	const withDemo = plugins.filter(plugin => plugin.demo);
	const settled = await Promise.allSettled(withDemo.map(async plugin => plugin.demo!(world)));
	const contributions: DemoContribution[] = [];
	const warnings: string[] = [];
	for (const [index, result] of settled.entries()) {
		if (result.status === 'fulfilled') contributions.push(result.value);
		else warnings.push(`demo: ${withDemo[index]!.type} simulator did not start: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
	}
	const config = {
		lab: scenario ? `demo (${scenario})` : 'demo',
		sources: [{id: 'local', type: 'local', name: 'this machine'}, ...contributions.flatMap(contribution => contribution.sources)],
		racks: [{id: 'main', name: 'Main rack', height: 42}],
		devices: contributions.flatMap(contribution => contribution.devices ?? []),
	};
	const configPath = path.join(tmpDir, 'labdeck-demo.json');
	writeFileSync(configPath, `${JSON.stringify(config, null, '\t')}\n`, {mode: 0o600});
	let isStopped = false;
	return {
		configPath,
		config,
		warnings,
		async stop() {
			if (isStopped) return;
			isStopped = true;
			await Promise.allSettled(contributions.map(async contribution => contribution.stop()));
			world.events.removeAllListeners();
			rmSync(tmpDir, {recursive: true, force: true});
		},
	};
}

// The demo lab: the simulators that lab.ts lists, on loopback (random ports), a config pointing at
// them written into a private temporary directory, and the local machine as a real source. The
// same plugin code paths as production, speaking the real protocols.
import {EventEmitter} from 'node:events';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {demoLab, type Scenario} from './lab.js';
import {simulatorAdapters} from './simulators.js';
import {playedParts, type DemoLabData, type DemoWorld, type StartedSimulator} from './types.js';

export {scenarios, type Scenario} from './lab.js';

export type DemoLab = {
	readonly configPath: string;
	readonly config: Record<string, unknown>;
	/** One line per simulator that failed to start (the rest of the lab still runs). */
	readonly warnings: readonly string[];
	stop(): Promise<void>;
};

/** The project root: the nearest folder above this module with a package.json (app/demo/, dist/ or dist/chunks/). */
export function projectRoot(): string {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
	return dir;
}

export async function startDemo(scenario: Scenario | undefined, lab: DemoLabData = demoLab): Promise<DemoLab> {
	const tmpDir = mkdtempSync(path.join(tmpdir(), 'labdeck-demo-'));
	const world: DemoWorld = {events: new EventEmitter(), lab, scenarioName: scenario, scenario: scenario ? lab.scenarios[scenario] : undefined, fixturesDir: path.join(projectRoot(), 'fixtures'), tmpDir};
	world.events.setMaxListeners(50);
	const settled = await Promise.allSettled(lab.simulators.map(async entry => {
		const load = simulatorAdapters[entry.sim];
		if (!load) throw new Error(`no simulator adapter "${entry.sim}" (known: ${Object.keys(simulatorAdapters).join(', ')})`);
		return (await load())(entry, playedParts(lab, entry.source), world);
	}));
	const started: StartedSimulator[] = [];
	const warnings: string[] = [];
	for (const [index, result] of settled.entries()) {
		if (result.status === 'fulfilled') started.push(result.value);
		else warnings.push(`demo: ${lab.simulators[index]!.source} (${lab.simulators[index]!.sim}) simulator did not start: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`);
	}
	const config = {
		lab: scenario ? `demo (${scenario})` : 'demo',
		sources: [...lab.sources, ...started.flatMap(simulator => simulator.sources)],
		racks: lab.racks,
		devices: topologyDevices(lab, started),
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
			await Promise.allSettled(started.map(async simulator => simulator.stop()));
			world.events.removeAllListeners();
			rmSync(tmpDir, {recursive: true, force: true});
		},
	};
}

/** One topology device per lab device: its place, its feed, its UPS and every entity the simulators report about it. */
export function topologyDevices(lab: DemoLabData, started: readonly StartedSimulator[]): Record<string, unknown>[] {
	const upsOfPdu = new Map(lab.devices.flatMap(device => (device.ups ? [[device.id, device.ups] as const] : [])));
	return lab.devices.map(device => {
		const ups = device.ups ?? (device.outlet ? upsOfPdu.get(device.outlet.pdu) : undefined);
		return {
			id: device.id,
			name: device.name ?? device.id,
			...(device.rack === undefined ? {} : {rack: device.rack}),
			...(device.u === undefined ? {} : {u: device.u}),
			...(device.height === undefined ? {} : {height: device.height}),
			...(ups === undefined ? {} : {ups}),
			...(device.priority === undefined ? {} : {priority: device.priority}),
			power: device.outlet ? [`outlet:${device.outlet.pdu}/${device.outlet.number}`] : [],
			entities: [...new Set(started.flatMap(simulator => simulator.entities[device.id] ?? []))],
		};
	});
}

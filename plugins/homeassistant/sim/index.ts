// The Home Assistant simulator's starter for the demo lab and tests: starts the simulator from the
// project's fixtures and returns the source block pointing at it. The lead's demo lab puts Home
// Assistant on a guest of the demo Proxmox cluster (`runsOn`) and calls `setDown(true)` when that
// guest stops, so its automations go stale as one incident.
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {startHaSimulator, type HaSimulator, type SimState} from './server.js';

export type HaDemo = {
	readonly sources: readonly Record<string, unknown>[];
	readonly simulator: HaSimulator;
	stop(): Promise<void>;
};

const isoPattern = /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})$/;

/** Moves every fixture time so that the newest is a minute ago: the demo's ages stay realistic. */
function rebase(states: readonly SimState[]): SimState[] {
	const text = JSON.stringify(states);
	const times = [...text.matchAll(/"(\d{4}-\d{2}-\d{2}T[^"]+)"/g)].map(match => Date.parse(match[1]!)).filter(ms => !Number.isNaN(ms));
	const shift = Date.now() - 60_000 - Math.max(...times);
	return JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' && isoPattern.test(value) ? new Date(Date.parse(value) + shift).toISOString() : value)) as SimState[];
}

export async function startHomeAssistantDemo(options: {readonly fixturesDir: string; readonly sourceId?: string; readonly runsOn?: string}): Promise<HaDemo> {
	const dir = join(options.fixturesDir, 'homeassistant');
	const states = rebase(JSON.parse(readFileSync(join(dir, 'states.json'), 'utf8')) as SimState[]);
	const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
	const token = randomBytes(24).toString('hex');
	const simulator = await startHaSimulator({states, config, token});
	const source: Record<string, unknown> = {
		id: options.sourceId ?? 'ha-demo',
		type: 'homeassistant',
		name: 'Home Assistant',
		host: '127.0.0.1',
		port: simulator.port,
		token,
		interval: 5,
		timeout: 2,
		sensors: ['sensor.rack_temperature', 'binary_sensor.ups_on_battery'],
		watch: [{entity: 'automation.nightly_backup', withinSec: 90_000}],
	};
	if (options.runsOn) source.runsOn = options.runsOn;
	return {sources: [source], simulator, stop: async () => simulator.stop()};
}

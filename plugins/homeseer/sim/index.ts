// The HS4 simulator's starter for the demo lab and tests: starts it from the project's fixtures
// (times moved to the present) and returns the source block pointing at it (the rack fan and UPS
// relay shown, the fan settable).
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {startHsSimulator, type HsSimOptions, type HsSimulator} from './server.js';

export type HsDemo = {readonly sources: readonly Record<string, unknown>[]; readonly simulator: HsSimulator; stop(): Promise<void>};

/** Moves every `/Date(ms)/` of a fixture so that the newest is ten minutes ago: the demo's ages stay realistic. */
function rebase(text: string): string {
	const pattern = /\\\/Date\((\d+)/g;
	const times = [...text.matchAll(pattern)].map(match => Number(match[1]));
	if (times.length === 0) return text;
	const shift = Date.now() - 600_000 - Math.max(...times);
	return text.replace(pattern, (_match, ms: string) => `\\/Date(${Number(ms) + shift}`);
}

export async function startHomeSeerDemo(options: {readonly fixturesDir: string; readonly sourceId?: string; readonly runsOn?: string}): Promise<HsDemo> {
	const dir = join(options.fixturesDir, 'homeseer');
	const read = (name: string): unknown => JSON.parse(rebase(readFileSync(join(dir, name), 'utf8')));
	const password = randomBytes(12).toString('hex');
	const simulator = await startHsSimulator({status: read('getstatus.json') as HsSimOptions['status'], events: read('getevents.json') as HsSimOptions['events'], user: 'labdeck', password});
	const source: Record<string, unknown> = {
		id: options.sourceId ?? 'hs4-demo', type: 'homeseer', name: 'HS4 Pi', host: '127.0.0.1', port: simulator.port, user: 'labdeck', password, interval: 5, timeout: 2,
		devices: [3571, 3580], control: [{ref: 3570, values: [0, 255]}],
	};
	if (options.runsOn) source.runsOn = options.runsOn;
	return {sources: [source], simulator, stop: async () => simulator.stop()};
}

// Starts one of the demo lab's simulator adapters the way app/demo/demo.ts does (its entry and
// parts from lab.ts), in a world the test holds, for the adapter tests.
import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {demoLab, type Scenario} from '../../app/demo/lab.js';
import {simulatorAdapters} from '../../app/demo/simulators.js';
import {playedParts, type DemoWorld, type StartedSimulator} from '../../app/demo/types.js';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

export type StartedAdapter = StartedSimulator & {readonly world: DemoWorld};

/** Starts the simulator whose source id is `source` in lab.ts; stop() also removes its temp folder. */
export async function startAdapter(source: string, scenario?: Scenario): Promise<StartedAdapter> {
	const entry = demoLab.simulators.find(candidate => candidate.source === source);
	if (!entry) throw new Error(`no simulator ${source} in app/demo/lab.ts`);
	const tmpDir = mkdtempSync(join(tmpdir(), 'labdeck-demo-test-'));
	const world: DemoWorld = {events: new EventEmitter(), lab: demoLab, scenarioName: scenario, scenario: scenario ? demoLab.scenarios[scenario] : undefined, fixturesDir, tmpDir};
	const started = await (await simulatorAdapters[entry.sim]!())(entry, playedParts(demoLab, source), world);
	return {
		...started,
		world,
		async stop() {
			await started.stop();
			rmSync(tmpDir, {recursive: true, force: true});
		},
	};
}

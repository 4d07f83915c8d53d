// The rows cap on NUT's LIST replies, against the simulator on 127.0.0.1: a reply with more lines
// than the cap fails with one line naming it (not "unexpected line").
import {afterEach, describe, expect, it} from 'vitest';
import {defaultCaps} from '../../src/caps.js';
import type {PluginInstance} from '../../src/plugin-api.js';
import {startNutSimulator, type NutSimulator} from './sim/simulator.js';
import {createInstance, fixture} from '../../test/support/nut.js';

let simulator: NutSimulator | undefined;
let instance: PluginInstance | undefined;
afterEach(async () => {
	await instance?.close?.();
	await simulator?.stop();
});

describe('nut: caps', () => {
	it('fails a LIST reply longer than the rows cap, naming the cap; within it the poll reads', async () => {
		simulator = await startNutSimulator({ups: {desk: fixture('desk.dev')}, users: {}});
		instance = createInstance({port: simulator.port, caps: {...defaultCaps, rows: 5}});
		const error = await instance.poll(new AbortController().signal).catch((caught: unknown) => caught);
		expect((error as Error).message).toMatch(/^nut-test: LIST VAR desk: reply exceeds the rows cap of 5 rows \(got more than 5 lines in LIST VAR\): raise caps.rows/);
		await instance.close?.();
		instance = createInstance({port: simulator.port});
		expect((await instance.poll(new AbortController().signal)).entities.length).toBeGreaterThan(0);
	});
});

import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {PluginDeps, PluginInstance, SourceConfig} from '../../src/plugin-api.js';
import {repoRoot} from '../../test/support/cli.js';
import {gateRig, type GateRig} from '../../test/support/gate.js';
import {plugin} from './index.js';
import {startHsSimulator, type HsSimOptions, type HsSimulator} from './sim/server.js';

const read = (name: string): unknown => JSON.parse(readFileSync(path.join(repoRoot, 'fixtures', 'homeseer', name), 'utf8'));
const simOptions = {status: read('getstatus.json') as HsSimOptions['status'], events: read('getevents.json') as HsSimOptions['events'], user: 'admin', password: 'pw'};
const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 't', exec: async () => Promise.reject(new Error('unused'))}, warn() {}, requestPoll() {}};

let sim: HsSimulator | undefined;
let instance: PluginInstance | undefined;
let rig: GateRig | undefined;
afterEach(async () => {
	rig?.dispose();
	await instance?.close?.();
	await sim?.stop();
	sim = undefined;
	instance = undefined;
	rig = undefined;
});

function start(extra: Partial<SourceConfig> = {}): PluginInstance {
	instance = plugin.create({id: 'hs4', type: 'homeseer', name: 'HS4 Pi', interval: 5, timeout: 2, host: '127.0.0.1', port: sim!.port, user: 'admin', password: 'pw', devices: [3571], control: [{ref: 3570, values: [0, 255]}], ...extra} as SourceConfig, deps);
	return instance;
}

describe('homeseer plugin against the simulator', () => {
	it('polls events and the listed devices', async () => {
		sim = await startHsSimulator(simOptions);
		const result = await start().poll(AbortSignal.timeout(5000));
		expect(result.entities.map(entity => entity.localId)).toEqual(['event/12', 'event/13', 'event/20', 'event/31', 'device/3570', 'device/3571']);
		expect(result.entities.every(entity => entity.kind === 'automation' && entity.hub === 'HS4 Pi')).toBe(true);
	});

	it('refuses a wrong password with one line naming the source, without the password', async () => {
		sim = await startHsSimulator(simOptions);
		const error = await start({password: 'nope'}).poll(AbortSignal.timeout(5000)).catch((caught: unknown) => caught as Error);
		expect((error as Error).message).toBe('hs4: request=getevents: HS4 refused user admin (HTTP 401)');
	});

	it('gates event.run and device.set (high) and runs them on the hub', async () => {
		sim = await startHsSimulator(simOptions);
		rig = await gateRig('hs4', start());
		const run = rig.layer.plan('event.run', ['automation:hs4/event/12']);
		expect(run.risk).toBe('high');
		expect(run.lines).toEqual(['run HS4 event "Power: Graceful shutdown" on hs4']);
		await expect(rig.layer.execute(run, {isConfirmed: false}, {origin: 'cli'})).rejects.toMatchObject({reason: 'confirmation'});
		expect(sim.calls).toEqual([]);
		expect((await rig.layer.execute(run, {isConfirmed: true}, {origin: 'cli'})).ok).toBe(true);
		expect(sim.calls).toEqual(['runevent Power/Graceful shutdown']);
		const recent = await instance!.poll(AbortSignal.timeout(5000));
		expect(recent.entities.find(entity => entity.localId === 'event/12')).toMatchObject({recentRuns: [expect.any(String)]});

		const set = rig.layer.plan('device.set', ['automation:hs4/device/3570'], {value: '255'});
		expect(set.risk).toBe('high');
		await expect(rig.layer.execute(set, {isConfirmed: false}, {origin: 'cli'})).rejects.toMatchObject({reason: 'confirmation'});
		expect((await rig.layer.execute(set, {isConfirmed: true}, {origin: 'cli'})).ok).toBe(true);
		expect(sim.device(3570)).toMatchObject({value: 255, status: 'On'});
		expect(() => rig!.layer.plan('device.set', ['automation:hs4/device/3570'], {value: '50'})).toThrow(/value must be one of 0, 255/);
		expect(() => rig!.layer.plan('device.set', ['automation:hs4/device/3571'], {value: '0'})).toThrow(/does not apply/);
	});
});

import {readFileSync} from 'node:fs';
import {createServer, type Socket} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {PluginDeps, PluginInstance, SourceConfig} from '../../src/plugin-api.js';
import {repoRoot} from '../../test/support/cli.js';
import {gateRig, type GateRig} from '../../test/support/gate.js';
import {plugin} from './index.js';
import type {AutomationDraft} from './parse.js';
import {startHaSimulator, type HaSimulator, type SimState} from './sim/server.js';

const fixtureDir = path.join(repoRoot, 'fixtures', 'homeassistant');
const states = JSON.parse(readFileSync(path.join(fixtureDir, 'states.json'), 'utf8')) as SimState[];
const config = JSON.parse(readFileSync(path.join(fixtureDir, 'config.json'), 'utf8')) as Record<string, unknown>;
const token = 'test-token-123';

let sim: HaSimulator | undefined;
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

async function until<T>(read: () => T | Promise<T>, isDone: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (isDone(value)) return value;
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 300)}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

function start(extra: Partial<SourceConfig> = {}, polls: string[] = []): PluginInstance {
	const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 't', exec: async () => Promise.reject(new Error('unused'))}, warn() {}, requestPoll: () => polls.push('poll')};
	instance = plugin.create({id: 'ha', type: 'homeassistant', interval: 5, timeout: 2, host: '127.0.0.1', port: sim!.port, token, sensors: ['sensor.rack_temperature'], ...extra} as SourceConfig, deps);
	return instance;
}

const poll = async (source: PluginInstance) => source.poll(AbortSignal.timeout(5000));
const find = (result: Awaited<ReturnType<typeof poll>>, localId: string) => result.entities.find(entity => entity.localId === localId) as AutomationDraft | undefined;

describe('homeassistant plugin against the simulator', () => {
	it('polls automations, scripts, scenes and named sensors, with the hub name from /api/config', async () => {
		sim = await startHaSimulator({states, config, token});
		const result = await poll(start());
		expect(result.partial).toBeUndefined();
		expect(result.entities).toHaveLength(10);
		expect(find(result, 'automation.nightly_backup')).toMatchObject({hub: 'Lab HA', state: 'on'});
		expect(find(result, 'sensor.kitchen_humidity')).toBeUndefined();
	});

	it('refuses a bad token with one line naming the source', async () => {
		sim = await startHaSimulator({states, config, token});
		await expect(poll(start({token: 'wrong'}))).rejects.toThrow(/^ha: GET \/api\/: access token rejected \(HTTP 401\)$/);
	});

	it('follows state_changed events over the WebSocket, survives a dropped socket and recovers', async () => {
		sim = await startHaSimulator({states, config, token});
		const polls: string[] = [];
		const source = start({}, polls);
		await poll(source);
		await until(() => sim!.subscriberCount, count => count === 1);
		sim.setState('automation.porch_lights', 'on');
		await until(() => polls.length, count => count > 0);
		expect(find(await poll(source), 'automation.porch_lights')?.state).toBe('on');
		sim.dropSockets({refuseNew: true});
		const degraded = await until(() => poll(source), result => result.partial !== undefined);
		expect(degraded.partial).toMatch(/^live updates down for \d+s .*; polling \/api\/states$/);
		expect(degraded.entities).toHaveLength(10);
		sim.setState('automation.porch_lights', 'off');
		expect(find(await poll(source), 'automation.porch_lights')?.state).toBe('off');
		sim.acceptSockets();
		const healed = await until(() => poll(source), result => result.partial === undefined, 10_000);
		expect(healed.entities).toHaveLength(10);
		sim.setState('script.wake_gpu_boxes', 'on', {current: 1});
		await until(async () => find(await poll(source), 'script.wake_gpu_boxes')?.state, state => state === 'running');
	});

	it('fails the poll when the hub goes down, so its entities go stale instead of blank', async () => {
		sim = await startHaSimulator({states, config, token});
		const source = start({live: false});
		await poll(source);
		sim.setDown(true);
		await expect(poll(source)).rejects.toThrow(/^ha: GET \/api\/states: /);
		sim.setDown(false);
		expect((await poll(source)).entities).toHaveLength(10);
	});

	it('shows automations becoming unavailable in a scenario', async () => {
		sim = await startHaSimulator({states, config, token});
		const source = start({live: false});
		sim.makeUnavailable();
		const result = await poll(source);
		expect(result.entities.filter(entity => entity.kind === 'automation' && entity.state === 'unavailable').map(entity => entity.localId)).toHaveLength(7);
	});

	it('gates every action by its risk and runs the service on the simulator', async () => {
		sim = await startHaSimulator({states, config, token, scriptRunMs: 100});
		rig = await gateRig('ha', start({live: false}));
		const cases = [
			['automation.trigger', 'automation.nightly_backup', 'high', 'automation.trigger automation.nightly_backup'],
			['automation.turn-off', 'automation.nightly_backup', 'high', 'automation.turn_off automation.nightly_backup'],
			['automation.turn-on', 'automation.porch_lights', 'low', 'automation.turn_on automation.porch_lights'],
			['script.run', 'script.graceful_shutdown', 'high', 'script.turn_on script.graceful_shutdown'],
			['script.stop', 'script.wake_gpu_boxes', 'low', 'script.turn_off script.wake_gpu_boxes'],
			['scene.activate', 'scene.power_restored', 'high', 'scene.turn_on scene.power_restored'],
		] as const;
		for (const [action, entity, risk, call] of cases) {
			const plan = rig.layer.plan(action, [`automation:ha/${entity}`]);
			expect(plan.risk, action).toBe(risk);
			expect(plan.lines.join(' '), action).toContain(entity);
			await expect(rig.layer.execute(plan, {isConfirmed: false}, {origin: 'cli'})).rejects.toMatchObject({reason: 'confirmation'});
			expect(sim.calls).not.toContain(call);
			const outcome = await rig.layer.execute(plan, {isConfirmed: true}, {origin: 'cli'});
			expect(outcome.ok, outcome.message).toBe(true);
			expect(sim.calls.at(-1)).toBe(call);
		}
		expect(sim.state('automation.nightly_backup')?.state).toBe('off');
		expect(() => rig!.layer.plan('script.run', ['automation:ha/automation.nightly_backup'])).toThrow(/does not apply/);
	});

	it('turns a service call HA rejects into one line naming the entity', async () => {
		sim = await startHaSimulator({states, config, token});
		rig = await gateRig('ha', start({live: false}));
		const outcome = await rig.layer.execute(rig.layer.plan('automation.trigger', ['automation:ha/automation.zigbee_leak_alarm']), {isConfirmed: true}, {origin: 'cli'});
		expect(outcome.ok).toBe(false);
		expect(outcome.message).toBe('ha: automation.trigger automation.zigbee_leak_alarm: Home Assistant rejected automation.trigger for automation.zigbee_leak_alarm (HTTP 400: Entity automation.zigbee_leak_alarm is unavailable)');
	});

	it('times out within its budget on a server that never answers', async () => {
		const sockets = new Set<Socket>();
		const silent = createServer(socket => sockets.add(socket));
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		try {
			const port = (silent.address() as {port: number}).port;
			instance = plugin.create({id: 'ha', type: 'homeassistant', interval: 5, timeout: 1, host: '127.0.0.1', port, token} as SourceConfig, {transport: () => undefined, localTransport: {host: 't', exec: async () => Promise.reject(new Error('unused'))}, warn() {}, requestPoll() {}});
			const started = performance.now();
			await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toThrow('ha: GET /api/: no answer within 1 s');
			expect(performance.now() - started).toBeLessThan(2500);
		} finally {
			for (const socket of sockets) socket.destroy();
			await new Promise(resolve => silent.close(resolve));
		}
	});
});

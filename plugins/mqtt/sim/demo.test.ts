import {afterEach, describe, expect, it} from 'vitest';
import type {AutomationEntity} from '../../../src/entities.js';
import type {PluginDeps, PluginInstance, SourceConfig} from '../../../src/plugin-api.js';
import {repoRoot} from '../../../test/support/cli.js';
import {gateRig, type GateRig} from '../../../test/support/gate.js';
import {plugin} from '../index.js';
import {startMqttDemo, type MqttDemo} from './index.js';

const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 't', exec: async () => Promise.reject(new Error('unused'))}, warn() {}, requestPoll() {}};
let demo: MqttDemo | undefined;
let instance: PluginInstance | undefined;
let rig: GateRig | undefined;
afterEach(async () => {
	rig?.dispose();
	await instance?.close?.();
	await demo?.stop();
	rig = undefined;
	instance = undefined;
	demo = undefined;
});

async function until(read: () => Promise<readonly AutomationEntity[]>, isDone: (list: readonly AutomationEntity[]) => boolean): Promise<readonly AutomationEntity[]> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const list = await read();
		if (isDone(list)) return list;
		if (Date.now() > deadline) throw new Error(`not met: ${JSON.stringify(list.map(entity => [entity.localId, entity.value]))}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

describe('mqtt demo broker (aedes)', () => {
	it('serves the rack temperature and the UPS relay, and the relay follows a publish preset', async () => {
		demo = await startMqttDemo({fixturesDir: `${repoRoot}/fixtures`, tickMs: 50});
		instance = plugin.create(demo.sources[0] as unknown as SourceConfig, deps);
		const source = instance;
		const read = async () => (await source.poll(AbortSignal.timeout(5000))).entities as unknown as AutomationEntity[];
		const list = await until(read, entities => entities.some(entity => entity.name === 'Rack A temperature' && entity.value !== '26.5 °C'));
		expect(list.find(entity => entity.name === 'UPS relay')).toMatchObject({localId: 'stat/ups-relay/POWER', state: 'on'});
		rig = await gateRig('mqtt-demo', source);
		const outcome = await rig.layer.execute(rig.layer.plan('mqtt.publish', ['automation:mqtt-demo/stat/ups-relay/POWER'], {preset: 'relay off'}), {isConfirmed: true}, {origin: 'cli'});
		expect(outcome.ok, outcome.message).toBe(true);
		await until(read, entities => entities.some(entity => entity.name === 'UPS relay' && entity.state === 'off'));
	});

	it('speaks MQTT over WebSocket (ws://)', async () => {
		demo = await startMqttDemo({fixturesDir: `${repoRoot}/fixtures`});
		instance = plugin.create({...(demo.sources[0] as unknown as SourceConfig), url: `ws://127.0.0.1:${demo.wsPort}/mqtt`}, deps);
		const source = instance;
		const list = await until(async () => (await source.poll(AbortSignal.timeout(5000))).entities as unknown as AutomationEntity[], entities => entities.some(entity => entity.name === 'UPS relay'));
		expect(list.find(entity => entity.name === 'UPS relay')?.state).toBe('on');
	});
});

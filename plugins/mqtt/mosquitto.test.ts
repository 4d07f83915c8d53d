// The mqtt plugin against the real Eclipse Mosquitto broker (password file, ACL), started and
// stopped by the tests.
import mqtt, {type MqttClient} from 'mqtt';
import {afterEach, describe, expect, it} from 'vitest';
import type {AutomationEntity} from '../../src/entities.js';
import type {PluginDeps, PluginInstance, SourceConfig} from '../../src/plugin-api.js';
import {gateRig, type GateRig} from '../../test/support/gate.js';
import {makeTestCertificate} from '../../test/support/cert.js';
import {plugin} from './index.js';
import {startMosquitto, type Mosquitto} from './mosquitto.js';

const users = {labdeck: 'lab-pass', writer: 'writer-pass'};
const acl = ['user labdeck', 'topic read lab/#', 'topic read homeassistant/#', 'topic read zigbee2mqtt/#', 'topic readwrite lab/relay/set', '', 'user writer', 'topic readwrite #', ''].join('\n');
const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 't', exec: async () => Promise.reject(new Error('unused'))}, warn() {}, requestPoll() {}};

let broker: Mosquitto | undefined;
let writer: MqttClient | undefined;
let instance: PluginInstance | undefined;
let rig: GateRig | undefined;
afterEach(async () => {
	rig?.dispose();
	await instance?.close?.();
	await writer?.endAsync(true);
	await broker?.stop();
	broker = undefined;
	writer = undefined;
	instance = undefined;
	rig = undefined;
});

async function until<T>(read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read().catch((error: unknown) => error as T);
		if (isDone(value)) return value;
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${String(value instanceof Error ? value.message : JSON.stringify(value)).slice(0, 300)}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

function start(extra: Partial<SourceConfig> = {}): PluginInstance {
	instance = plugin.create({id: 'mq', type: 'mqtt', name: 'Lab broker', interval: 5, timeout: 3, url: broker!.url, user: 'labdeck', password: 'lab-pass', topics: ['lab/#', 'homeassistant/#', 'zigbee2mqtt/#'], ...extra} as SourceConfig, deps);
	return instance;
}

const entitiesOf = async (source: PluginInstance) => (await source.poll(AbortSignal.timeout(5000))).entities as unknown as AutomationEntity[];

describe('mqtt plugin against mosquitto', () => {
	it('keeps the latest value per topic, with discovery names and Zigbee2MQTT availability', async () => {
		broker = await startMosquitto({users, acl});
		writer = await mqtt.connectAsync(broker.url, {username: 'writer', password: 'writer-pass'});
		await writer.publishAsync('homeassistant/sensor/rack/temp/config', JSON.stringify({name: 'Rack temperature', state_topic: 'lab/rack/temp', unit_of_measurement: '°C'}), {retain: true, qos: 1});
		await writer.publishAsync('lab/rack/temp', '26.0', {retain: true, qos: 1});
		const source = start();
		const first = await until(() => entitiesOf(source), list => Array.isArray(list) && list.some(entity => entity.localId === 'lab/rack/temp'));
		expect(first.find(entity => entity.localId === 'lab/rack/temp')).toMatchObject({name: 'Rack temperature', value: '26.0 °C', hub: 'Lab broker', attributes: {retained: 'yes'}});
		await writer.publishAsync('lab/rack/temp', '31.5', {qos: 1});
		await writer.publishAsync('zigbee2mqtt/ups-relay', '{"state":"ON"}', {qos: 1});
		await writer.publishAsync('zigbee2mqtt/ups-relay/availability', '{"state":"offline"}', {qos: 1});
		const later = await until(() => entitiesOf(source), list => Array.isArray(list) && list.some(entity => entity.localId === 'zigbee2mqtt/ups-relay' && entity.state === 'unavailable') && list.some(entity => entity.value === '31.5 °C'));
		expect(later.map(entity => entity.localId).sort()).toEqual(['lab/rack/temp', 'zigbee2mqtt/ups-relay']);
	});

	it('refuses a wrong password with one line naming the source', async () => {
		broker = await startMosquitto({users, acl});
		const error = await start({password: 'wrong'}).poll(AbortSignal.timeout(5000)).catch((caught: unknown) => caught as Error);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).name).toBe('AuthError');
		expect((error as Error).message).toMatch(/^mq: connect mqtt:\/\/127\.0\.0\.1:\d+: broker refused user labdeck: .*(Bad User Name or Password|Not authorized)/);
	});

	it('gates mqtt.publish (high, retain explicit), publishes an allowed preset, and turns an ACL refusal into one line', async () => {
		broker = await startMosquitto({users, acl});
		writer = await mqtt.connectAsync(broker.url, {username: 'writer', password: 'writer-pass'});
		await writer.subscribeAsync('lab/#', {qos: 1});
		const received: string[] = [];
		writer.on('message', (topic, payload) => received.push(`${topic}=${String(payload)}`));
		rig = await gateRig('mq', start({publish: [{name: 'on', topic: 'lab/relay/set', payload: 'ON', retain: false}, {name: 'off', topic: 'lab/fan/set', payload: 'OFF', retain: true}]}));
		const plan = rig.layer.plan('mqtt.publish', ['automation:mq/lab/relay/set'], {preset: 'on'});
		expect(plan.risk).toBe('high');
		expect(plan.lines).toEqual(['publish "ON" to lab/relay/set (retain off) on mq']);
		await expect(rig.layer.execute(plan, {isConfirmed: false}, {origin: 'cli'})).rejects.toMatchObject({reason: 'confirmation'});
		expect((await rig.layer.execute(plan, {isConfirmed: true}, {origin: 'cli'})).ok).toBe(true);
		await until(async () => received, list => list.includes('lab/relay/set=ON'));
		const refused = await rig.layer.execute(rig.layer.plan('mqtt.publish', ['automation:mq/lab/fan/set'], {preset: 'off'}), {isConfirmed: true}, {origin: 'cli'});
		expect(refused.ok).toBe(false);
		expect(refused.message).toBe("mq: publish lab/fan/set: the broker's ACL refused the publish (Not authorized) for user labdeck");
		expect(received).not.toContain('lab/fan/set=OFF');
		expect(plugin.check?.({id: 'mq', type: 'mqtt', interval: 5, timeout: 3, url: broker!.url, topics: ['#'], publish: [{name: 'x', topic: 'lab/+/set', payload: '1', retain: false}]} as SourceConfig)).toBe('publish preset "x": topic lab/+/set has a wildcard; publish needs one exact topic');
	});

	it('goes down with the age of the drop when the broker stops, and reconnects when it is back', async () => {
		broker = await startMosquitto({users, acl});
		writer = await mqtt.connectAsync(broker.url, {username: 'writer', password: 'writer-pass'});
		await writer.publishAsync('lab/ups/relay', 'ON', {retain: false, qos: 1});
		const source = start();
		await entitiesOf(source);
		await writer.publishAsync('lab/ups/relay', 'OFF', {qos: 1});
		await until(() => entitiesOf(source), list => Array.isArray(list) && list.length === 1);
		await writer.endAsync(true);
		writer = undefined;
		const port = broker.port;
		await broker.stop();
		const lost = await until(() => source.poll(AbortSignal.timeout(2000)), value => value instanceof Error);
		expect((lost as unknown as Error).message).toMatch(/^mq: connect mqtt:\/\/127\.0\.0\.1:\d+: broker connection lost \d+ s ago.*; reconnecting$/);
		broker = await startMosquitto({users, acl, port});
		const back = await until(() => entitiesOf(source), list => Array.isArray(list), 15_000);
		expect(back.map(entity => entity.localId)).toEqual(['lab/ups/relay']);
	});

	it('connects over mqtts:// to a pinned certificate and refuses a wrong pin before sending credentials', async () => {
		const certificate = await makeTestCertificate('mosquitto');
		try {
			broker = await startMosquitto({users, acl, tls: {certFile: certificate.certFile, keyFile: certificate.keyFile}});
			writer = await mqtt.connectAsync(broker.url, {username: 'writer', password: 'writer-pass', rejectUnauthorized: false});
			await writer.publishAsync('lab/tls/check', 'ok', {retain: true, qos: 1});
			const pinned = start({fingerprint: certificate.fingerprint256});
			const list = await until(() => entitiesOf(pinned), value => Array.isArray(value) && value.length === 1);
			expect(list[0]).toMatchObject({localId: 'lab/tls/check', value: 'ok'});
			await instance!.close?.();
			const wrong = start({fingerprint: 'AB'.repeat(32)});
			await expect(wrong.poll(AbortSignal.timeout(5000))).rejects.toThrow(/^mq: TLS handshake: certificate fingerprint mismatch: expected AB:AB:.*, got /);
			await instance!.close?.();
			await expect(start({}).poll(AbortSignal.timeout(5000))).rejects.toThrow('mq: TLS handshake: certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT): set "fingerprint" to pin it, or "caFile"');
		} finally {
			await certificate.dispose();
		}
	});
});

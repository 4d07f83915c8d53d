// The demo lab's MQTT broker: an embedded aedes broker on loopback (so `labdeck demo` needs no
// daemon), with a password, the retained topics of fixtures/mqtt/demo-topics.json (HA discovery
// configs, a rack temperature, a Tasmota-style UPS relay with its LWT), a temperature that drifts
// every `tickMs`, and a relay that follows publishes to its command topic. Returns the source block.
import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createServer as createHttpServer} from 'node:http';
import {createServer, type AddressInfo} from 'node:net';
import {join} from 'node:path';
import {Aedes} from 'aedes';
import {createWebSocketStream, WebSocketServer} from 'ws';

type DemoTopics = {
	readonly retained: readonly {readonly topic: string; readonly payload: unknown}[];
	readonly temperature: {readonly topic: string; readonly base: number; readonly swing: number};
	readonly relay: {readonly state: string; readonly command: string};
};

export type MqttDemo = {
	readonly sources: readonly Record<string, unknown>[];
	readonly port: number;
	/** The same broker over WebSocket: `ws://127.0.0.1:<wsPort>/mqtt`. */
	readonly wsPort: number;
	/** Publishes a retained message as the lab's devices would. */
	publish(topic: string, payload: string): Promise<void>;
	stop(): Promise<void>;
};

export async function startMqttDemo(options: {readonly fixturesDir: string; readonly sourceId?: string; readonly tickMs?: number}): Promise<MqttDemo> {
	const topics = JSON.parse(readFileSync(join(options.fixturesDir, 'mqtt', 'demo-topics.json'), 'utf8')) as DemoTopics;
	const password = randomBytes(12).toString('hex');
	const broker = await Aedes.createBroker();
	broker.authenticate = (_client, user, pass, done) => done(null, user === 'labdeck' && String(pass) === password);
	const publish = async (topic: string, payload: string) => new Promise<void>((resolve, reject) => broker.publish({cmd: 'publish', topic, payload, qos: 0, retain: true, dup: false}, error => (error ? reject(error) : resolve())));
	for (const item of topics.retained) await publish(item.topic, typeof item.payload === 'string' ? item.payload : JSON.stringify(item.payload));
	broker.on('publish', (packet, client) => {
		if (client && packet.topic === topics.relay.command) void publish(topics.relay.state, String(packet.payload).toUpperCase() === 'OFF' ? 'OFF' : 'ON');
	});
	const server = createServer(broker.handle);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const http = createHttpServer();
	const wss = new WebSocketServer({server: http, path: '/mqtt'});
	wss.on('connection', socket => broker.handle(createWebSocketStream(socket)));
	await new Promise<void>((resolve, reject) => {
		http.once('error', reject);
		http.listen(0, '127.0.0.1', resolve);
	});
	let step = 0;
	const timer = setInterval(() => {
		step++;
		const value = topics.temperature.base + topics.temperature.swing * Math.sin(step / 5);
		void publish(topics.temperature.topic, value.toFixed(1));
	}, options.tickMs ?? 2000);
	timer.unref();
	const port = (server.address() as AddressInfo).port;
	return {
		port,
		wsPort: (http.address() as AddressInfo).port,
		publish,
		sources: [{
			id: options.sourceId ?? 'mqtt-demo', type: 'mqtt', name: 'Lab broker', url: `mqtt://127.0.0.1:${port}`, user: 'labdeck', password, mqttVersion: '3.1.1', interval: 5, timeout: 2,
			topics: ['lab/#', 'stat/#', 'tele/#', 'homeassistant/#'],
			publish: [{name: 'relay on', topic: topics.relay.command, stateTopic: topics.relay.state, payload: 'ON', retain: false}, {name: 'relay off', topic: topics.relay.command, stateTopic: topics.relay.state, payload: 'OFF', retain: false}],
		}],
		async stop() {
			clearInterval(timer);
			for (const socket of wss.clients) socket.terminate();
			wss.close();
			http.close();
			server.close();
			await new Promise<void>(resolve => broker.close(() => resolve()));
		},
	};
}

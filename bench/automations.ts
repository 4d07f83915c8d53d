// Bench: 500 Home Assistant automations with state_changed events over the WebSocket (50 events/s)
// and 2,000 MQTT topics at 1,000 messages/s (an aedes broker in this process, a publisher
// client), into the console in a child process (bench/automations-child.tsx, bundled like the
// product): the child's CPU % of one core (target ≤ 20), frames per second (gated at 1 Hz), and
// keypress → frame p95 (target ≤ 33 ms).
import {spawn} from 'node:child_process';
import path from 'node:path';
import mqtt from 'mqtt';
import {startHaSimulator, type SimState} from '../plugins/homeassistant/sim/server.js';
import {startMqttDemo} from '../plugins/mqtt/sim/index.js';
import {bundleBenchChild} from './bundle-child.js';

const root = path.resolve(import.meta.dirname, '..');

function haStates(count: number): SimState[] {
	const now = new Date().toISOString();
	return Array.from({length: count}, (_, index) => ({
		entity_id: `automation.bench_${index}`, state: index % 17 === 0 ? 'off' : 'on',
		attributes: {id: String(index), friendly_name: `Bench automation ${index}`, mode: 'single', current: 0, last_triggered: now},
		last_changed: now, last_updated: now,
	}));
}

export async function benchAutomations(): Promise<Record<string, number | string>> {
	const out = await bundleBenchChild('automations-child', ['ws', 'mqtt', 'undici']);
	const ha = await startHaSimulator({states: haStates(500), config: {location_name: 'Bench HA', version: '2026.11.0'}, token: 'bench'});
	const broker = await startMqttDemo({fixturesDir: path.join(root, 'fixtures'), sourceId: 'mqtt-bench', tickMs: 60_000});
	const brokerSource: Record<string, unknown> = {...broker.sources[0]!, topics: ['bench/#'], maxTopics: 5000, publish: []};
	const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, {username: 'labdeck', password: String(brokerSource['password']), protocolVersion: 4});
	let sent = 0;
	let events = 0;
	// 1,000 messages/s (BENCH_MQTT_RATE), topped up every 10 ms to the count the elapsed time asks
	// for; 50 HA events/s in 100 ms batches of 5.
	const rate = Number(process.env.BENCH_MQTT_RATE ?? '1000');
	const publishStart = performance.now();
	const mqttTimer = setInterval(() => {
		const due = Math.floor(((performance.now() - publishStart) / 1000) * rate);
		while (sent < due) publisher.publish(`bench/sensor/${sent % 2000}`, String((sent++ % 1000) / 10));
	}, 10);
	const haTimer = setInterval(() => {
		for (let index = 0; index < 5; index++) {
			const id = `automation.bench_${events++ % 500}`;
			ha.setState(id, 'on', {last_triggered: new Date().toISOString()});
		}
	}, 100);
	const started = Date.now();
	try {
		const sources = [
			{id: 'ha-bench', type: 'homeassistant', host: '127.0.0.1', port: ha.port, token: 'bench', interval: 10, timeout: 5},
			{...brokerSource, interval: 5, timeout: 5},
		];
		const env: NodeJS.ProcessEnv = {...process.env, NODE_ENV: 'production', FORCE_COLOR: '1', BENCH_SOURCES: JSON.stringify(sources)};
		delete env.CI;
		const child = spawn(process.execPath, [out], {env, cwd: root, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += String(chunk)));
		child.stderr.on('data', chunk => (stderr += String(chunk)));
		const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
		if (code !== 0) throw new Error(`automations child exited ${code}: ${stderr.slice(-300)}`);
		const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as {loaded: number; cpuPercent: number; framesPerSecond: number; writesPerSecond: number; storeUpdatesPerSecond: number; p50: number; p95: number};
		const seconds = (Date.now() - started) / 1000;
		return {
			'rows loaded (500 automations + 2,000 topics)': figures.loaded,
			'MQTT messages/s offered': sent / seconds,
			'HA state_changed events/s offered': events / seconds,
			'console CPU % of one core (target ≤ 20)': figures.cpuPercent,
			'frames per second (gated at 1 Hz)': figures.framesPerSecond,
			'stdout writes per second': figures.writesPerSecond,
			'store updates per second': figures.storeUpdatesPerSecond,
			'keypress → frame p50, ms': figures.p50,
			'keypress → frame p95, ms (target ≤ 33)': figures.p95,
		};
	} finally {
		clearInterval(mqttTimer);
		clearInterval(haTimer);
		await publisher.endAsync(true);
		await broker.stop();
		await ha.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	for (const [name, value] of Object.entries(await benchAutomations())) process.stdout.write(`${name.padEnd(52)} ${typeof value === 'number' ? Number(value.toFixed(2)) : value}\n`);
}

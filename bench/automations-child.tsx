// Child process of bench/automations.ts: the real homeassistant and mqtt plugins, the real poller
// and store, and the real App on the automations pane (200×60, frames gated at 1 Hz by the frame
// store) in a fake TTY, fed by the parent's Home Assistant simulator (500 automations, events over
// the WebSocket) and broker (2,000 topics at 1,000 messages/s). Measures this process's CPU % of
// one core over BENCH_SECONDS, frames written per second, then keypress → frame latency.
// Prints one JSON line of figures.
import type {PluginDeps, SourceConfig} from '../src/plugin-api.js';
import {Poller} from '../src/poller.js';
import {emptySnapshot, setSources, Store} from '../src/store.js';
import {plugin as homeassistant} from '../plugins/homeassistant/index.js';
import {plugin as mqttPlugin} from '../plugins/mqtt/index.js';
import {source} from '../views/test-fixtures/lab.js';
import {appRig} from './app-rig.js';

const seconds = Number(process.env.BENCH_SECONDS ?? '20');
const sources = JSON.parse(process.env.BENCH_SOURCES ?? '[]') as SourceConfig[];
const width = 200;
const height = 60;

const store = new Store({...emptySnapshot('bench'), providers: {...emptySnapshot('bench').providers, automation: ['homeassistant', 'mqtt']}});
store.apply(s => setSources(s, sources.map(config => source(config.id, config.type, config.interval))));
let poller: Poller | undefined;
const depsFor = (id: string): PluginDeps => ({transport: () => undefined, localTransport: {host: 'bench', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn() {}, requestPoll: () => poller?.pollNow(id)});
const instances = sources.map(config => ({id: config.id, interval: config.interval, timeout: config.timeout, instance: (config.type === 'mqtt' ? mqttPlugin : homeassistant).create(config, depsFor(config.id))}));
poller = new Poller(store, instances);
poller.start();

const rig = appRig(store, {width, height, pane: 'automations'});
const {stdout, waitFrame} = rig;
// Wait until both sources filled the store before measuring.
const deadline = Date.now() + 20_000;
while (store.getSnapshot().byKind.automation.length < 2400 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100));
const loaded = store.getSnapshot().byKind.automation.length;
await rig.render();

const cpuStart = process.cpuUsage();
const wallStart = performance.now();
const writesStart = stdout.writes;
const framesStart = stdout.frames;
let storeUpdates = 0;
const unsubscribe = store.subscribe(() => storeUpdates++);
await new Promise(resolve => setTimeout(resolve, seconds * 1000));
const cpu = process.cpuUsage(cpuStart);
const wall = performance.now() - wallStart;
unsubscribe();
const cpuPercent = ((cpu.user + cpu.system) / 1000 / wall) * 100;
const framesPerSecond = (stdout.frames - framesStart) / (wall / 1000);
const writesPerSecond = (stdout.writes - writesStart) / (wall / 1000);

const latencies: number[] = [];
for (let index = 0; index < Number(process.env.BENCH_KEYS ?? '100'); index++) {
	await new Promise(resolve => setTimeout(resolve, 40));
	const frame = waitFrame(3000);
	const pressed = performance.now();
	rig.pressKey(index % 2 === 0 ? '\u001B[B' : '\u001B[A');
	latencies.push((await frame) - pressed);
}
rig.unmount();
poller.stop();
await Promise.all(instances.map(async item => item.instance.close?.()));
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
process.stdout.write(`${JSON.stringify({loaded, cpuPercent, framesPerSecond, writesPerSecond, storeUpdatesPerSecond: storeUpdates / (wall / 1000), p50: at(0.5), p95: at(0.95)})}\n`);
process.exit(0);

// Child process of bench/large-reply.ts: the real App (bundled like the product) over a store that
// a real Poller fills from one Proxmox source answering 100,000 guests (its simulator in another
// process), while keys (Down/Up on the Hosts pane) are timed to the next frame. Prints one JSON
// line of figures.
import {benchRender} from './bench-render.js';
import {Poller} from '../src/poller.js';
import {setSources} from '../src/store.js';
import {plugin} from '../plugins/proxmox/index.js';
import {localTransport} from '../src/local-transport.js';

const sim = JSON.parse(process.env.BENCH_PVE ?? '{}') as {port: number; fingerprint: string; tokenId: string; token: string};
const seconds = Number(process.env.BENCH_SECONDS ?? '40');
const rig = benchRender({pane: 'hosts', width: 200, height: 60, guests: 200});
await rig.render();
rig.store.apply(snapshot => setSources(snapshot, [...Object.values(snapshot.sources), {id: 'pve-big', type: 'proxmox', name: 'pve-big', status: 'pending', interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0}]));
const instance = plugin.create({id: 'pve-big', type: 'proxmox', interval: 5, timeout: 60, host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.token, fingerprint: sim.fingerprint}, {
	transport: () => undefined,
	localTransport,
	warn: () => {},
	requestPoll: () => {},
});
const pollMs: number[] = [];
const poller = new Poller(rig.store, [{id: 'pve-big', interval: 5, timeout: 90, expireAfter: 600, instance}], {
	onPolled: () => {
		const health = rig.store.getSnapshot().sources['pve-big'];
		if (health?.latencyMs !== null && health?.latencyMs !== undefined) pollMs.push(health.latencyMs);
	},
});

/** Keys (Down/Up, one every 40 ms) timed to the next frame, until `isDone`. */
async function timeKeys(isDone: (count: number) => boolean): Promise<{p50: number; p95: number; max: number; keys: number}> {
	const latencies: number[] = [];
	let index = 0;
	while (!isDone(latencies.length)) {
		await new Promise(resolve => setTimeout(resolve, 40));
		const frame = rig.waitFrame(10_000);
		const pressed = performance.now();
		rig.pressKey(index++ % 2 === 0 ? '\u001B[B' : '\u001B[A');
		latencies.push((await frame) - pressed);
	}
	latencies.sort((a, b) => a - b);
	const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
	return {p50: at(0.5), p95: at(0.95), max: latencies.at(-1)!, keys: latencies.length};
}

// A: the console before the big source answers; B: while it polls (100,000 guests a round);
// C: the poller stopped, the 100,000 guests in the store (what the views cost on their own).
const before = await timeKeys(count => count >= 100);
poller.start();
const until = performance.now() + seconds * 1000;
const during = await timeKeys(() => performance.now() > until && pollMs.length >= 2);
poller.stop();
const after = await timeKeys(count => count >= 100);
await instance.close?.();
rig.unmount();
const guests = rig.store.getSnapshot().byKind.guest.filter(entity => entity.source === 'pve-big').length;
const health = rig.store.getSnapshot().sources['pve-big'];
process.stdout.write(`${JSON.stringify({before, during, after, polls: pollMs.length, pollMs: pollMs.length ? pollMs.reduce((a, b) => a + b, 0) / pollMs.length : null, guests, status: health?.status, lastError: health?.lastError})}\n`);
process.exit(0);

import {performance} from 'node:perf_hooks';
import {benchRender} from '../views/bench-render.js';
for (const pane of ['vms', 'gpus', 'power'] as const) {
	const rig = benchRender({pane});
	const t0 = performance.now();
	await rig.render();
	const first = performance.now() - t0;
	const lat: number[] = [];
	for (let i = 0; i < 60; i++) {
		const f = rig.waitFrame();
		const t = performance.now();
		rig.pressKey(i % 20 === 19 ? '\u001B[6~' : '\u001B[B');
		lat.push((await f) - t);
		await new Promise(r => setTimeout(r, 40));
	}
	const tickLat: number[] = [];
	for (let i = 0; i < 10; i++) { const f = rig.waitFrame(); const t = performance.now(); rig.tick(); tickLat.push((await f) - t); await new Promise(r => setTimeout(r, 40)); }
	lat.sort((a, b) => a - b); tickLat.sort((a, b) => a - b);
	console.log(pane, 'first', first.toFixed(0), 'ms; key p50', lat[30]!.toFixed(1), 'p95', lat[57]!.toFixed(1), '; tick→frame p50', tickLat[5]!.toFixed(1), 'rss', (process.memoryUsage().rss / 1e6).toFixed(0), 'MB');
	rig.unmount();
}
process.exit(0);

import {performance} from 'node:perf_hooks';
import {describe, expect, it} from 'vitest';
import {benchRender} from './bench-render.js';

describe.skipIf(process.env['CI'] === 'true')('bench rig', () => {
	it('renders the synthetic store and answers a keypress with a frame', async () => {
		const rig = benchRender({guests: 300, gpus: 16, outlets: 24});
		await rig.render();
		const frame = rig.waitFrame();
		const before = performance.now();
		rig.pressKey('\u001B[B');
		expect(await frame).toBeGreaterThanOrEqual(before);
		rig.tick();
		await rig.waitFrame();
		rig.unmount();
	});
});

// The bench rig renders, and answers a keypress with a frame. Ink draws nothing interactively when
// CI is set (as CI machines set it), so CI is cleared before Ink is first loaded in this file's
// own worker, the way the console does for a terminal.
import {performance} from 'node:perf_hooks';
import {describe, expect, it} from 'vitest';

describe('bench rig', () => {
	it('renders the synthetic store and answers a keypress with a frame', async () => {
		delete process.env['CI'];
		const {benchRender} = await import('../bench/bench-render.js');
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

// plugin.demo(world): the nut-demo source and the dev-ws device, the power-outage scenario on the
// world's events, and a clean stop.
import {EventEmitter} from 'node:events';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {UpsEntity} from '../../src/entities.js';
import {plugin} from './index.js';
import {createInstance} from './test-helpers.js';
import {testRunContext} from '../../test/support/actions.js';

describe('nut demo', () => {
	it('contributes nut-demo (UPS desk powering dev-ws) and follows the power-outage scenario', async () => {
		const events = new EventEmitter();
		const power: unknown[] = [];
		events.on('power', event => power.push(event));
		const demo = await plugin.demo!({events, scenario: undefined, fixturesDir: fileURLToPath(new URL('../../fixtures/', import.meta.url)), tmpDir: '/tmp'});
		try {
			const [source] = demo.sources;
			expect(source).toMatchObject({id: 'nut-demo', type: 'nut', host: '127.0.0.1'});
			expect(demo.devices).toEqual([{id: 'dev-ws', ups: 'ups:nut-demo/desk'}]);
			const instance = createInstance({...source, timeout: 2});
			const read = async () => (await instance.poll(new AbortController().signal)).entities.find(entity => entity.id === 'ups:nut-demo/desk') as UpsEntity;
			expect((await read()).flags).toEqual(['online']);
			events.emit('scenario', {name: 'power-outage'});
			expect((await read()).flags).toEqual(['on-battery', 'discharging']);
			const outlet = (await instance.poll(new AbortController().signal)).entities.find(entity => entity.id === 'outlet:nut-demo/desk.1')!;
			await instance.actions!.find(action => action.id === 'outlet.off')!.run([{...outlet, seenAt: 0}] as never, testRunContext());
			expect(power).toEqual([{device: 'dev-ws', isOn: false}]);
			await instance.close?.();
		} finally {
			await demo.stop();
		}
	});
});

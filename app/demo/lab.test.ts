// The demo lab's one data file: consistent in itself, and a machine added there (and nowhere
// else) is in the demo's config with its rack place, its outlet, its UPS and its draw.
import {describe, expect, it} from 'vitest';
import type {UpsEntity} from '../../src/entities.js';
import {localTransport} from '../../src/local-transport.js';
import type {SourceConfig} from '../../src/plugin-api.js';
import {plugin as ups} from '../../plugins/ups/index.js';
import {startDemo} from './demo.js';
import {demoLab} from './lab.js';
import {simulatorAdapters} from './simulators.js';
import type {DemoDevice, DemoLabData} from './types.js';

describe('demo lab data (lab.ts)', () => {
	it('names only simulators it lists, each with an adapter; ids and outlets once each; drills on real devices', () => {
		const sources = demoLab.simulators.map(entry => entry.source);
		expect(new Set(sources).size).toBe(sources.length);
		for (const entry of demoLab.simulators) expect(Object.keys(simulatorAdapters), entry.sim).toContain(entry.sim);
		const devices: readonly DemoDevice[] = demoLab.devices;
		expect(new Set(devices.map(device => device.id)).size).toBe(devices.length);
		for (const device of devices) for (const part of device.playedBy ?? []) expect(sources, device.id).toContain(part.source);
		const outlets = devices.flatMap(device => (device.outlet ? [`${device.outlet.pdu}/${device.outlet.number}`] : []));
		expect(new Set(outlets).size).toBe(outlets.length);
		for (const device of devices) if (device.rack) expect(demoLab.racks.map(rack => rack.id)).toContain(device.rack);
		expect(devices.map(device => device.id)).toEqual(expect.arrayContaining([demoLab.scenarios['node-down'].nodeDown.device, demoLab.scenarios['gpu-overheat'].gpuOverheat.device]));
	});

	it('a machine added to lab.ts alone appears in the demo config, fed by its outlet behind the PDU\'s UPS, and the UPS carries its draw', async () => {
		const lab: DemoLabData = {
			...demoLab,
			simulators: demoLab.simulators.filter(entry => entry.sim === 'apc-pdu' || entry.sim === 'ups'),
			devices: [...demoLab.devices, {id: 'nas', name: 'NAS', rack: 'main', u: 10, height: 2, outlet: {pdu: 'pdu-a', number: 8, watts: 90}, priority: 7}],
		};
		const demo = await startDemo(undefined, lab);
		try {
			expect(demo.warnings).toEqual([]);
			const devices = demo.config.devices as Record<string, unknown>[];
			expect(devices.find(device => device.id === 'nas')).toEqual({id: 'nas', name: 'NAS', rack: 'main', u: 10, height: 2, ups: 'ups:ups-a/ups', priority: 7, power: ['outlet:pdu-a/8'], entities: []});
			expect(devices.find(device => device.id === 'pdu-a')).toMatchObject({entities: ['pdu:pdu-a/pdu'], ups: 'ups:ups-a/ups'});
			const block = (demo.config.sources as SourceConfig[]).find(source => source.id === 'ups-a')!;
			const deps = {transport: () => undefined, localTransport, warn: () => {}, requestPoll: () => {}};
			const [upsEntity] = (await ups.create(block, deps).poll(AbortSignal.timeout(5000))).entities as UpsEntity[];
			const draw = lab.devices.reduce((sum, device) => sum + (device.outlet?.watts ?? 0), 0);
			expect(upsEntity!.loadWatts).toBeCloseTo(draw, -1);
		} finally {
			await demo.stop();
		}
	});
});

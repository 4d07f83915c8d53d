// The demo lab's one data file: consistent in itself, and a machine added there (and nowhere
// else) is in the demo's config with its rack place, its outlet, its UPS and its draw.
import {describe, expect, it} from 'vitest';
import type {BmcEntity, Entity, UpsEntity} from '../../src/entities.js';
import {localTransport} from '../../src/local-transport.js';
import type {SourceConfig} from '../../src/plugin-api.js';
import {plugin as apcPdu} from '../../plugins/apc-pdu/index.js';
import {plugin as homeassistant} from '../../plugins/homeassistant/index.js';
import {plugin as proxmox} from '../../plugins/proxmox/index.js';
import {plugin as redfish} from '../../plugins/redfish/index.js';
import {plugin as ups} from '../../plugins/ups/index.js';
import {testRunContext} from '../../test/support/actions.js';
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
		expect(devices.map(device => device.id)).toEqual(expect.arrayContaining([demoLab.scenarios['node-down'].nodeDown.device, demoLab.scenarios['gpu-overheat'].gpuOverheat.device, demoLab.scenarios['psu-failure'].psuFailure.device]));
		const bmcParts = devices.flatMap(device => (device.playedBy ?? []).filter(part => part.source === 'bmc-demo').map(part => [device.id, part.shape]));
		expect(bmcParts).toEqual([['pve1', 'ilo4'], ['pve2', 'idrac9'], ['pve3', 'cimc-m6']]);
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

	it('a BMC force-off takes its machine\'s node and the Home Assistant guest on it down; a BMC power-on brings them back; after an outlet comes back the server waits for its BMC', async () => {
		const lab: DemoLabData = {...demoLab, simulators: demoLab.simulators.filter(entry => ['pdu-a', 'pve-demo', 'bmc-demo', 'ha-demo'].includes(entry.source))};
		const demo = await startDemo(undefined, lab);
		const deps = {transport: () => undefined, localTransport, warn: () => {}, requestPoll: () => {}};
		const block = (id: string) => (demo.config.sources as SourceConfig[]).find(source => source.id === id)!;
		const pve = proxmox.create(block('pve-demo'), deps);
		const bmc = redfish.create(block('pve1-bmc'), deps);
		const ha = homeassistant.create(block('ha-demo'), deps);
		const pdu = apcPdu.create(block('pdu-a'), deps);
		try {
			expect(demo.warnings).toEqual([]);
			const devices = demo.config.devices as {id: string; entities: string[]}[];
			expect(devices.find(device => device.id === 'pve1')!.entities).toEqual(['host:pve-demo/pve1', 'bmc:pve1-bmc/1']);
			const readBmc = async () => (await bmc.poll(AbortSignal.timeout(5000))).entities[0] as BmcEntity;
			const act = async (id: string) => bmc.actions!.find(action => action.id === id)!.run([await readBmc()], testRunContext());
			expect((await pve.poll(AbortSignal.timeout(5000))).partial).toBeUndefined();
			await ha.poll(AbortSignal.timeout(5000));
			await act('bmc.force-off');
			expect((await pve.poll(AbortSignal.timeout(5000))).partial).toBe('node pve1 offline');
			await expect(ha.poll(AbortSignal.timeout(5000))).rejects.toThrow(/ha-demo/);
			await act('bmc.power-on');
			expect((await pve.poll(AbortSignal.timeout(5000))).partial).toBeUndefined();
			expect((await ha.poll(AbortSignal.timeout(5000))).entities.length).toBeGreaterThan(0);
			const outlet = async () => (await pdu.poll(AbortSignal.timeout(5000))).entities.find(entity => entity.id === 'outlet:pdu-a/1') as Entity;
			const switchOutlet = async (id: string) => pdu.actions!.find(action => action.id === id)!.run([await outlet()], testRunContext());
			await switchOutlet('outlet.off');
			expect((await pve.poll(AbortSignal.timeout(5000))).partial).toBe('node pve1 offline');
			expect((await readBmc()).powerState).toBe('off');
			await switchOutlet('outlet.on');
			expect((await pve.poll(AbortSignal.timeout(5000))).partial).toBe('node pve1 offline');
			await act('bmc.power-on');
			expect((await pve.poll(AbortSignal.timeout(5000))).partial).toBeUndefined();
		} finally {
			for (const instance of [pve, bmc, ha, pdu]) await instance.close?.();
			await demo.stop();
		}
	});
});

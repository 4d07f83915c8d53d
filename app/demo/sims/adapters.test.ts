// Each demo simulator adapter started from lab.ts: the sources it writes answer through the real
// plugins, the entities it claims for devices are ones the sources report, and the drills and
// power events reach the simulators.
import {once} from 'node:events';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {AutomationEntity, BmcEntity, Entity, UpsEntity} from '../../../src/entities.js';
import {UnreachableError} from '../../../src/errors.js';
import {localTransport} from '../../../src/local-transport.js';
import type {PluginDefinition, PluginDeps, PluginInstance, SourceConfig} from '../../../src/plugin-api.js';
import {plugin as apcPdu} from '../../../plugins/apc-pdu/index.js';
import {plugin as homeassistant} from '../../../plugins/homeassistant/index.js';
import {plugin as homeseer} from '../../../plugins/homeseer/index.js';
import {plugin as mqtt} from '../../../plugins/mqtt/index.js';
import {plugin as nut} from '../../../plugins/nut/index.js';
import {plugin as nvidia} from '../../../plugins/nvidia/index.js';
import {plugin as proxmox} from '../../../plugins/proxmox/index.js';
import {plugin as redfish} from '../../../plugins/redfish/index.js';
import {plugin as ssh} from '../../../plugins/ssh/index.js';
import {plugin as ups} from '../../../plugins/ups/index.js';
import {plugins} from '../../../plugins/registry.js';
import {plugin as wol} from '../../../plugins/wol/index.js';
import {testRunContext, testView} from '../../../test/support/actions.js';
import {startAdapter, type StartedAdapter} from '../../../test/support/demo.js';

const definitions: Record<string, PluginDefinition> = {'apc-pdu': apcPdu, nut, nvidia, proxmox, ssh, ups, wol, redfish, homeassistant, homeseer, mqtt};
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(source: string, scenario?: Parameters<typeof startAdapter>[1]): Promise<StartedAdapter> {
	const started = await startAdapter(source, scenario);
	cleanups.push(async () => started.stop());
	return started;
}

/** Plugin instances over the adapter's source blocks, wired as the lab wires them (`via`). */
function instancesOf(started: StartedAdapter): Map<string, PluginInstance> {
	const instances = new Map<string, PluginInstance>();
	const deps: PluginDeps = {transport: id => instances.get(id)?.transport, localTransport, warn: () => {}, requestPoll: () => {}};
	for (const block of started.sources) {
		const config = block as SourceConfig;
		const instance = definitions[config.type]!.create(config, deps);
		typeOf.set(instance, config.type);
		instances.set(config.id, instance);
	}
	cleanups.push(async () => {
		for (const instance of instances.values()) await instance.close?.();
	});
	return instances;
}

const typeOf = new WeakMap<PluginInstance, string>();

/** Polls once; every entity's kind must be one the registry says this plugin reports. */
async function entitiesOf(instance: PluginInstance): Promise<Entity[]> {
	const entities = (await instance.poll(AbortSignal.timeout(5000))).entities.map(draft => ({...draft, seenAt: 0}) as Entity);
	const type = typeOf.get(instance)!;
	for (const entity of entities) expect(plugins.kinds[type], `${type} reported a ${entity.kind}`).toContain(entity.kind);
	return entities;
}

describe('demo simulator adapters', () => {
	it('apc-pdu: pdu-a with the outlets lab.ts wires; switching an outlet powers its device off', async () => {
		const started = await start('pdu-a');
		expect(started.sources[0]).toMatchObject({id: 'pdu-a', type: 'apc-pdu', host: '127.0.0.1'});
		expect(started.entities).toEqual({'pdu-a': ['pdu:pdu-a/pdu']});
		const instance = instancesOf(started).get('pdu-a')!;
		const outlets = (await entitiesOf(instance)).filter(entity => entity.kind === 'outlet');
		expect(outlets).toHaveLength(8);
		const power: unknown[] = [];
		started.world.events.on('power', event => power.push(event));
		await instance.actions!.find(action => action.id === 'outlet.off')!.run([outlets[6]!], testRunContext());
		expect(power).toEqual([{device: 'dev-ws', isOn: false}]);
	});

	it('ups: ups-a on battery in the power-outage drill, its load following pdu-a outlets', async () => {
		const started = await start('ups-a', 'power-outage');
		expect(started.entities).toEqual({'ups-a': ['ups:ups-a/ups']});
		const instance = instancesOf(started).get('ups-a')!;
		const before = (await entitiesOf(instance))[0] as UpsEntity;
		expect(before.flags).toContain('on-battery');
		expect(before.loadWatts).toBeGreaterThan(2100);
		started.world.events.emit('outlet', {pdu: 'pdu:pdu-a/pdu', outlet: 4, state: 'off'});
		const after = (await entitiesOf(instance))[0] as UpsEntity;
		expect(before.loadWatts! - after.loadWatts!).toBeGreaterThan(600);
	});

	it('proxmox: pve-demo with a device per node; pve3 goes down in the node-down drill', async () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
		let started: StartedAdapter;
		try {
			started = await start('pve-demo', 'node-down');
			vi.advanceTimersByTime(20_000);
		} finally {
			vi.useRealTimers();
		}
		expect(started.entities).toEqual({pve1: ['host:pve-demo/pve1'], pve2: ['host:pve-demo/pve2'], pve3: ['host:pve-demo/pve3']});
		const result = await instancesOf(started).get('pve-demo')!.poll(AbortSignal.timeout(5000));
		expect(result.partial).toBe('node pve3 offline');
		const guests: unknown[] = [];
		started.world.events.on('guest', event => guests.push(event));
		started.world.events.emit('power', {device: 'pve1', isOn: false});
		expect((await instancesOf(started).get('pve-demo')!.poll(AbortSignal.timeout(5000))).partial).toMatch(/pve1/);
		expect(guests).toContainEqual({guest: 'guest:pve-demo/102', isRunning: false});
		started.world.events.emit('power', {device: 'pve1', isOn: true});
		expect(guests.at(-1)).toMatchObject({isRunning: true});
		expect(guests).toContainEqual({guest: 'guest:pve-demo/102', isRunning: true});
	});

	it('ssh: every host lab.ts gives it, with its GPUs through nvidia sources; power events drop a host', async () => {
		const started = await start('ssh-demo', 'gpu-overheat');
		expect(started.sources.map(source => source.id)).toEqual(['pve2-ssh', 'gpus-pve2', 'gpu-box-1', 'gpus-box-1', 'gpu-box-2', 'gpus-box-2']);
		const instances = instancesOf(started);
		const ids: string[] = [];
		for (const [id, instance] of instances) {
			const entities = await entitiesOf(instance);
			ids.push(...entities.map(entity => entity.id));
			if (id === 'gpus-pve2') expect(entities[0]).toMatchObject({host: 'pve2', pciBusId: '0000:41:00.0', name: 'NVIDIA GeForce RTX 4080'});
		}
		for (const claimed of Object.values(started.entities)) for (const id of claimed) expect(ids).toContain(id);
		started.world.events.emit('power', {device: 'gpu-box-2', isOn: false});
		await expect(instances.get('gpus-box-2')!.poll(AbortSignal.timeout(5000))).rejects.toThrow(UnreachableError);
		expect(await entitiesOf(instances.get('gpus-box-1')!)).toHaveLength(2);
	});

	it('nut: the desk UPS; its outlet 1 switched off powers dev-ws off; a scenario event takes mains away', async () => {
		const started = await start('nut-demo');
		const power: unknown[] = [];
		started.world.events.on('power', event => power.push(event));
		const instance = instancesOf(started).get('nut-demo')!;
		const read = async () => (await entitiesOf(instance)).find(entity => entity.id === 'ups:nut-demo/desk') as UpsEntity;
		expect((await read()).flags).toEqual(['online']);
		started.world.events.emit('scenario', {name: 'power-outage'});
		expect((await read()).flags).toEqual(['on-battery', 'discharging']);
		const outlet = (await entitiesOf(instance)).find(entity => entity.id === 'outlet:nut-demo/desk.1')!;
		await instance.actions!.find(action => action.id === 'outlet.off')!.run([outlet], testRunContext());
		expect(power).toEqual([{device: 'dev-ws', isOn: false}]);
	});

	it('wol: waking dev-ws powers it on in the demo world', async () => {
		const started = await start('wol-demo');
		expect(started.sources[0]).toMatchObject({id: 'wol-demo', type: 'wol', hosts: [{name: 'dev-ws', mac: '3c:7c:3f:1e:a2:09', broadcast: '127.0.0.1'}]});
		expect(started.entities).toEqual({'dev-ws': ['host:wol-demo/dev-ws']});
		const instance = instancesOf(started).get('wol-demo')!;
		const entities = await entitiesOf(instance);
		const powered = once(started.world.events, 'power');
		await instance.actions!.find(action => action.id === 'host.wake')!.run(entities, testRunContext());
		expect(await powered).toEqual([{device: 'dev-ws', isOn: true}]);
	});
});

/** Polls until the entities meet the condition (a push source fills in after it subscribes). */
async function until(instance: PluginInstance, isDone: (entities: readonly Entity[]) => boolean): Promise<Entity[]> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const entities = await entitiesOf(instance);
		if (isDone(entities)) return entities;
		if (Date.now() > deadline) throw new Error(`not met: ${entities.map(entity => entity.id).join(', ')}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

describe('demo simulator adapters: BMCs and hubs', () => {
	it('redfish: a BMC per Proxmox node (iLO 4, iDRAC 9, CIMC); the psu-failure drill fails a supply then a fan on pve2', async () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
		let started: StartedAdapter;
		try {
			started = await start('bmc-demo', 'psu-failure');
			vi.advanceTimersByTime(10_000);
			vi.advanceTimersByTime(20_000);
		} finally {
			vi.useRealTimers();
		}
		expect(started.sources.map(source => source.id)).toEqual(['pve1-bmc', 'pve2-bmc', 'pve3-bmc']);
		expect(Object.keys(started.entities)).toEqual(['pve1', 'pve2', 'pve3']);
		const instances = instancesOf(started);
		const bmcs = new Map<string, BmcEntity>();
		for (const instance of instances.values()) for (const entity of await entitiesOf(instance)) bmcs.set(entity.id, entity as BmcEntity);
		for (const claimed of Object.values(started.entities)) for (const id of claimed) expect([...bmcs.keys()]).toContain(id);
		const [pve1, pve2, pve3] = (['pve1', 'pve2', 'pve3'] as const).map(device => bmcs.get(started.entities[device]![0]!)!);
		expect(pve2).toMatchObject({psuRedundancyLost: true, health: 'critical'});
		expect(pve2!.fans.some(fan => fan.health === 'critical')).toBe(true);
		expect(pve1!.psuRedundancyLost).not.toBe(true);
		expect([pve1!.model, pve2!.model, pve3!.model].join(' ')).toMatch(/ProLiant.*PowerEdge.*UCS/);
	});

	it('redfish: force-off through a BMC powers its machine off in the world, power-on back on; with its outlet off power-on fails', async () => {
		const started = await start('bmc-demo');
		const power: unknown[] = [];
		started.world.events.on('power', event => power.push(event));
		const instance = instancesOf(started).get('pve1-bmc')!;
		const action = (id: string) => instance.actions!.find(def => def.id === id)!;
		const read = async () => (await entitiesOf(instance))[0] as BmcEntity;
		const bmc = await read();
		await action('bmc.force-off').run([bmc], testRunContext({view: testView([bmc])}));
		expect(power).toEqual([{device: 'pve1', isOn: false}]);
		await action('bmc.power-on').run([await read()], testRunContext());
		expect(power).toEqual([{device: 'pve1', isOn: false}, {device: 'pve1', isOn: true}]);
		started.world.events.emit('outlet', {pdu: 'pdu:pdu-a/pdu', outlet: 1, state: 'off'});
		started.world.events.emit('power', {device: 'pve1', isOn: false});
		expect((await read()).powerState).toBe('off');
		await action('bmc.power-on').run([await read()], testRunContext({noWait: true}));
		const after = await read();
		expect(after.powerState).toBe('off');
		expect(power).toHaveLength(3);
		started.world.events.emit('outlet', {pdu: 'pdu:pdu-a/pdu', outlet: 1, state: 'on'});
		await action('bmc.power-on').run([after], testRunContext());
		expect(power.at(-1)).toEqual({device: 'pve1', isOn: true});
	});

	it('homeassistant: runs on guest 102; the guest stopping takes it down, running again brings it back', async () => {
		const started = await start('ha-demo');
		expect(started.sources[0]).toMatchObject({id: 'ha-demo', type: 'homeassistant', runsOn: 'guest:pve-demo/102'});
		const instance = instancesOf(started).get('ha-demo')!;
		const entities = (await entitiesOf(instance)) as AutomationEntity[];
		expect(entities.length).toBeGreaterThan(3);
		expect(entities.every(entity => entity.runsOn === 'guest:pve-demo/102')).toBe(true);
		started.world.events.emit('guest', {guest: 'guest:pve-demo/102', isRunning: false});
		await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toThrow(/ha-demo/);
		started.world.events.emit('guest', {guest: 'guest:pve-demo/102', isRunning: true});
		expect(await entitiesOf(instance)).toHaveLength(entities.length);
	});

	it('homeseer: the HS4 hub with its events and the devices it shows', async () => {
		const started = await start('hs4-demo');
		const entities = (await entitiesOf(instancesOf(started).get('hs4-demo')!)) as AutomationEntity[];
		expect(entities.some(entity => entity.automationType === 'event')).toBe(true);
		const devices = entities.filter(entity => entity.automationType === 'device');
		expect(devices.length).toBeGreaterThan(0);
		// The fixture's times are moved to the present: the newest change is minutes old, not a year.
		const newest = Math.max(...devices.map(entity => Date.parse(entity.lastTriggered ?? '')).filter(ms => !Number.isNaN(ms)));
		expect(Date.now() - newest).toBeLessThan(3_600_000);
	});

	it('mqtt: the rack temperature and the UPS relay on the embedded broker', async () => {
		const started = await start('mqtt-demo');
		const entities = (await until(instancesOf(started).get('mqtt-demo')!, list => list.some(entity => entity.name === 'UPS relay') && list.some(entity => entity.name === 'Rack A temperature'))) as AutomationEntity[];
		expect(entities.find(entity => entity.name === 'UPS relay')).toMatchObject({state: 'on'});
		expect(entities.find(entity => entity.name === 'Rack A temperature')?.value).toMatch(/°C$/);
	});
});

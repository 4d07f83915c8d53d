import {describe, expect, it} from 'vitest';
import {planShedLoad, projectRuntime, type PlanDevice, type PlanInput, type PlanOutlet} from './shed-load-plan.js';

const ups = {id: 'ups:ups-a/ups', name: 'ups-a', runtimeSec: 600, loadWatts: 1000, loadPercent: 50, nominalWatts: 2000, outputVolts: 230};
const outlet = (n: number, powerWatts: number | null, state: PlanOutlet['state'] = 'on', loadAmps: number | null = null): PlanOutlet => ({id: `outlet:pdu-a/${n}`, name: `outlet ${n}`, state, powerWatts, loadAmps});
const outlets = [outlet(1, 150), outlet(2, 200), outlet(3, 150), outlet(4, 300), outlet(5, 120), outlet(6, 30), outlet(7, 50), outlet(8, 0, 'off')];
const devices: PlanDevice[] = [
	{id: 'pve1', power: ['outlet:pdu-a/1']},
	{id: 'pve2', power: ['outlet:pdu-a/2'], priority: 4, graceful: {guests: ['guest:pve-demo/120', 'guest:pve-demo/121']}},
	{id: 'pve3', power: ['outlet:pdu-a/3'], priority: 5},
	{id: 'gpu-box-1', power: ['outlet:pdu-a/4'], priority: 3},
	{id: 'gpu-box-2', power: ['outlet:pdu-a/5'], priority: 2},
	{id: 'switch', power: ['outlet:pdu-a/6'], priority: 0, neverShed: true},
	{id: 'dev-ws', power: ['outlet:pdu-a/7'], priority: 1, warnDelaySec: 30},
];
const guests = [
	{id: 'guest:pve-demo/120', name: 'ml-train', status: 'running'},
	{id: 'guest:pve-demo/121', name: 'scratch', status: 'stopped'},
];
const base: PlanInput = {ups, outlets, devices, guests};

describe('projectRuntime', () => {
	it('scales runtime inversely with load, capped at 10×', () => {
		expect(projectRuntime(600, 1000, 500)).toBe(1200);
		expect(projectRuntime(600, 1000, 1000)).toBe(600);
		expect(projectRuntime(600, 1000, 0)).toBe(6000);
		expect(projectRuntime(600, 0, 0)).toBe(600);
	});
});

describe('planShedLoad', () => {
	it('sheds lowest priority first, guests before outlets, and stops once the target is projected', () => {
		const plan = planShedLoad(base);
		expect(plan.steps.map(step => [step.action, step.devices.join('+'), step.targets.join('+'), step.savesWatts, step.loadAfterWatts, Math.round(step.projectedRuntimeSec!)])).toEqual([
			['outlet.off', 'dev-ws', 'outlet:pdu-a/7', 50, 950, 632],
			['outlet.off', 'gpu-box-2', 'outlet:pdu-a/5', 120, 830, 723],
			['outlet.off', 'gpu-box-1', 'outlet:pdu-a/4', 300, 530, 1132],
			['guest.shutdown', 'pve2', 'guest:pve-demo/120', 0, 530, 1132],
			['outlet.off', 'pve2', 'outlet:pdu-a/2', 200, 330, 1818],
		]);
		expect(plan.steps[0]!.delayBeforeSec).toBe(30);
		expect(plan.reachesTarget).toBe(true);
		expect(plan.targetRuntimeSec).toBe(1800);
		expect(plan.steps.flatMap(step => step.devices)).not.toContain('pve3');
		expect(plan.steps.flatMap(step => step.devices)).not.toContain('switch');
		expect(plan.steps.flatMap(step => step.devices)).not.toContain('pve1');
	});

	it('plans nothing when the runtime already meets the target', () => {
		const plan = planShedLoad({...base, ups: {...ups, runtimeSec: 2400}});
		expect(plan.steps).toEqual([]);
		expect(plan.reachesTarget).toBe(true);
	});

	it('honours a custom target, and says when even shedding everything falls short', () => {
		expect(planShedLoad({...base, targetRuntimeSec: 700}).steps.map(step => step.devices[0])).toEqual(['dev-ws', 'gpu-box-2']);
		const plan = planShedLoad({...base, targetRuntimeSec: 7200});
		expect(plan.reachesTarget).toBe(false);
		expect(plan.steps.filter(step => step.action === 'outlet.off').map(step => step.devices[0])).toEqual(['dev-ws', 'gpu-box-2', 'gpu-box-1', 'pve2', 'pve3']);
		expect(Math.round(plan.projectedRuntimeSec!)).toBe(Math.round((600 * 1000) / 180));
	});

	it('never sheds an outlet shared with a neverShed device', () => {
		const shared = devices.map(device => (device.id === 'gpu-box-1' ? {...device, power: ['outlet:pdu-a/4', 'outlet:pdu-a/6']} : device));
		const plan = planShedLoad({...base, devices: shared});
		expect(plan.steps.flatMap(step => step.targets)).not.toContain('outlet:pdu-a/6');
		expect(plan.steps.flatMap(step => step.devices)).not.toContain('gpu-box-1');
		expect(plan.skipped).toContainEqual({device: 'gpu-box-1', reason: 'shares an outlet with switch, which is never shed'});
	});

	it('sheds devices on a shared outlet together, with the guests of both first', () => {
		const shared: PlanDevice[] = [
			{id: 'nas', power: ['outlet:pdu-a/3'], priority: 2, graceful: {guests: ['guest:pve-demo/200']}},
			{id: 'nas-shelf', power: ['outlet:pdu-a/3', 'outlet:pdu-a/5'], priority: 1, warnDelaySec: 10, graceful: {guests: ['guest:pve-demo/201']}},
		];
		const plan = planShedLoad({...base, devices: shared});
		expect(plan.steps.map(step => [step.action, step.devices, step.targets, step.delayBeforeSec])).toEqual([
			['guest.shutdown', ['nas-shelf', 'nas'], ['guest:pve-demo/201', 'guest:pve-demo/200'], 10],
			['outlet.off', ['nas-shelf', 'nas'], ['outlet:pdu-a/3', 'outlet:pdu-a/5'], 0],
		]);
		expect(plan.steps[1]!.savesWatts).toBe(270);
	});

	it('skips outlets already off and devices fed straight from the UPS', () => {
		const plan = planShedLoad({...base, devices: [{id: 'spare', power: ['outlet:pdu-a/8'], priority: 1}, {id: 'nas', ups: 'ups:ups-a/ups', priority: 1}]});
		expect(plan.steps).toEqual([]);
		expect(plan.skipped).toEqual([{device: 'nas', reason: 'fed by the UPS without a switchable outlet'}, {device: 'spare', reason: 'its outlets are already off'}]);
	});

	it('derives watts from load % × nominal, then from the outlets, then gives up projecting', () => {
		const fromPercent = planShedLoad({...base, ups: {...ups, loadWatts: null}});
		expect(fromPercent.loadWatts).toBe(1000);
		const fromOutlets = planShedLoad({...base, ups: {...ups, loadWatts: null, loadPercent: null}});
		expect(fromOutlets.loadWatts).toBe(1000);
		expect(fromOutlets.notes).toContain('UPS load in watts unknown: taken as the sum of its outlets (optimistic)');
		const blind = planShedLoad({...base, ups: {...ups, loadWatts: null, loadPercent: null}, outlets: outlets.map(o => ({...o, powerWatts: null}))});
		expect(blind.loadWatts).toBeNull();
		expect(blind.projectedRuntimeSec).toBe(600);
		expect(blind.reachesTarget).toBe(false);
	});

	it('turns amps into watts at the UPS output voltage', () => {
		const amps = outlets.map(o => (o.id === 'outlet:pdu-a/7' ? {...o, powerWatts: null, loadAmps: 0.5} : o));
		expect(planShedLoad({...base, outlets: amps}).steps[0]!.savesWatts).toBe(115);
	});

	it('lists every eligible device when the runtime is unknown', () => {
		const plan = planShedLoad({...base, ups: {...ups, runtimeSec: null}});
		expect(plan.steps.filter(step => step.action === 'outlet.off')).toHaveLength(5);
		expect(plan.projectedRuntimeSec).toBeNull();
		expect(plan.notes[0]).toMatch(/runtime unknown/);
	});

	it('keeps going past a device of unknown load without crediting it', () => {
		const unknown = outlets.map(o => (o.id === 'outlet:pdu-a/7' ? {...o, powerWatts: null} : o));
		const plan = planShedLoad({...base, outlets: unknown});
		expect(plan.steps[0]).toMatchObject({devices: ['dev-ws'], savesWatts: null, projectedRuntimeSec: 600});
		expect(plan.reachesTarget).toBe(true);
	});

	it('leaves out devices without a priority', () => {
		const plan = planShedLoad({...base, devices: devices.map(({priority: _, ...device}) => device)});
		expect(plan.steps).toEqual([]);
		expect(plan.notes.at(-1)).toMatch(/no device on this UPS can be shed/);
	});
});

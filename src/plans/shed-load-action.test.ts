// power.shed-load over a fake lab: a live entity map that the fake `invoke` changes the way the
// real plugins would (an outlet off lowers the UPS load and raises its runtime, with a new seenAt).
import {describe, expect, it} from 'vitest';
import type {Entity, OutletEntity, UpsEntity} from '../entities.js';
import type {ActionRunContext, ActionView} from '../plugin-api.js';
import {createShedLoadAction} from './shed-load-action.js';
import type {PlanDevice} from './shed-load-plan.js';

const upsEntity: UpsEntity = {
	id: 'ups:ups-a/ups', kind: 'ups', source: 'ups-a', localId: 'ups', name: 'ups-a', seenAt: 1, model: null, flags: ['on-battery', 'discharging'], statusText: 'on battery',
	chargePercent: 60, runtimeSec: 600, loadPercent: 50, loadWatts: 1000, nominalWatts: 2000, inputVolts: 0, outputVolts: 230, batteryTempCelsius: null,
	lastTransferReason: null, selfTestResult: null, selfTestDate: null, timeOnBatterySec: 60,
};
const outletEntity = (n: number, watts: number): OutletEntity => ({id: `outlet:pdu-a/${n}`, kind: 'outlet', source: 'pdu-a', localId: String(n), name: `outlet ${n}`, seenAt: 1, pdu: 'pdu:pdu-a/pdu', number: n, state: 'on', loadAmps: null, powerWatts: watts});
const devices: PlanDevice[] = [
	{id: 'dev-ws', power: ['outlet:pdu-a/7'], priority: 1, warnDelaySec: 5},
	{id: 'gpu-box-2', power: ['outlet:pdu-a/5'], priority: 2},
	{id: 'gpu-box-1', power: ['outlet:pdu-a/4'], priority: 3, graceful: {guests: ['guest:pve-demo/130']}},
	{id: 'nas', power: ['outlet:pdu-a/3'], priority: 4},
	{id: 'switch', power: ['outlet:pdu-a/6'], neverShed: true},
];

function lab() {
	const entities = new Map<string, Entity>([upsEntity, outletEntity(3, 150), outletEntity(4, 300), outletEntity(5, 120), outletEntity(6, 30), outletEntity(7, 50)].map(entity => [entity.id, entity]));
	const dependents: Record<string, string[]> = {
		'ups:ups-a/ups': ['device:pdu-a', 'pdu:pdu-a/pdu', 'outlet:pdu-a/3', 'outlet:pdu-a/4', 'outlet:pdu-a/5', 'outlet:pdu-a/6', 'outlet:pdu-a/7'],
		'outlet:pdu-a/4': ['device:gpu-box-1', 'host:gpu-box-1/gpu-box-1'],
		'outlet:pdu-a/7': ['device:dev-ws'],
	};
	const view: ActionView = {
		entity: id => entities.get(id),
		entities: kind => [...entities.values()].filter(entity => !kind || entity.kind === kind),
		dependents: id => dependents[id] ?? [],
		devices: () => [],
	};
	const invoked: string[] = [];
	let clock = 10;
	/** The real UPS gains more than the model says (Peukert): runtime ∝ load^-1.3. */
	const invoke: ActionRunContext['invoke'] = async (actionId, targetIds) => {
		invoked.push(`${actionId} ${targetIds.join(',')}`);
		if (actionId === 'outlet.off') {
			const ups = entities.get('ups:ups-a/ups') as UpsEntity;
			let load = ups.loadWatts!;
			for (const id of targetIds) {
				const outlet = entities.get(id) as OutletEntity;
				load -= outlet.powerWatts ?? 0;
				entities.set(id, {...outlet, state: 'off', powerWatts: 0});
			}
			entities.set(ups.id, {...ups, loadWatts: load, runtimeSec: 600 * (1000 / load) ** 1.3, seenAt: ++clock * 1e12});
		}
		return {ok: true, message: `${actionId} done`};
	};
	const progress: string[] = [];
	const slept: number[] = [];
	const context = (params: Record<string, string> = {}): ActionRunContext => ({signal: new AbortController().signal, params, view, progress: line => progress.push(line), noWait: false, invoke, requestPoll: () => {}});
	const action = createShedLoadAction({devices: () => devices, settleMs: 1000, settlePollMs: 1, sleep: async ms => void slept.push(ms)});
	return {entities, view, invoked, context, action, progress, slept};
}

describe('power.shed-load', () => {
	it('is a destructive ups action that describes the whole plan with its blast radius', () => {
		const {action, view, entities} = lab();
		expect(action.risk).toBe('destructive');
		expect(action.kind).toBe('ups');
		const lines = action.describe!([entities.get('ups:ups-a/ups')!], {}, view);
		expect(lines[0]).toBe('ups-a: runtime 10 min at 1000 W; target 30 min');
		expect(lines).toContain('  1. after a 5 s warning, outlet: switch off outlet 7 (dev-ws): saves 50 W → runtime ≈ 11 min');
		expect(lines).toContain('  3. guests: shut down guest:pve-demo/130 gracefully (gpu-box-1; up to 300 s, then the plan moves on)');
		expect(lines).toContain('     blast radius: gpu-box-1, host:gpu-box-1/gpu-box-1');
		expect(lines).toContain('  projected runtime ≈ 26 min: does NOT reach the target');
		expect(lines.join('\n')).not.toMatch(/outlet 6/);
	});

	it('runs the steps through invoke, re-reads the runtime and stops at the target', async () => {
		const {action, entities, invoked, context, slept} = lab();
		const outcome = await action.run([entities.get('ups:ups-a/ups')!], context({targetMinutes: '20'}));
		// The model (runtime ∝ 1/load) needs the nas too; the real UPS reaches 20 min before it.
		expect(invoked).toEqual(['outlet.off outlet:pdu-a/7', 'outlet.off outlet:pdu-a/5', 'guest.shutdown guest:pve-demo/130', 'outlet.off outlet:pdu-a/4']);
		expect(outcome.ok).toBe(true);
		expect(outcome.message).toMatch(/^ups-a: target reached after 4 of 5 steps \(runtime 23 min\)/);
		expect(slept[0]).toBe(5000);
	});

	it('stops when mains comes back', async () => {
		const {action, entities, invoked, context} = lab();
		entities.set('ups:ups-a/ups', {...upsEntity, flags: ['online', 'charging']});
		const outcome = await action.run([upsEntity], context());
		expect(invoked).toEqual([]);
		expect(outcome.message).toMatch(/mains is back/);
	});

	it('stops at a failed step and reports it', async () => {
		const {action, context} = lab();
		const failing: ActionRunContext = {...context(), invoke: async () => ({ok: false, message: 'pdu-a: outlet.off: write community refused'})};
		const outcome = await action.run([upsEntity], failing);
		expect(outcome.ok).toBe(false);
		expect(outcome.message).toMatch(/step 1 \(outlet.off\) failed: pdu-a: outlet.off: write community refused; stopped/);
	});

	it('runs a machine in stages: guests, its OS, its outlet, each invoked with its stage timeout', async () => {
		const {entities, view} = lab();
		const hostEntity = {id: 'host:gpu-box-1/gpu-box-1', kind: 'host', source: 'gpu-box-1', localId: 'gpu-box-1', name: 'gpu-box-1', seenAt: 1, role: 'remote', isOnline: true} as unknown as Entity;
		entities.set(hostEntity.id, hostEntity);
		const staged = createShedLoadAction({
			devices: () => devices.map(device => (device.id === 'gpu-box-1' ? {...device, entities: [hostEntity.id], graceful: {guests: ['guest:pve-demo/130'], timeoutSec: {os: 90}}} : device)),
			settleMs: 1, settlePollMs: 1, sleep: async () => undefined,
		});
		const withActions: ActionView = {...view, actions: id => (id === hostEntity.id ? ['host.shutdown', 'host.reboot'] : [])};
		const lines = staged.describe!([upsEntity], {targetMinutes: '20'}, withActions);
		expect(lines.filter(line => line.includes('(gpu-box-1')).map(line => line.trim().replace(/^\d+\. /, '').split(':')[0])).toEqual(['guests', 'OS', 'outlet']);
		expect(lines.join('\n')).toContain('OS: shut down gpu-box-1 (gpu-box-1; host.shutdown; up to 90 s, else the plan stops before cutting power)');
		const calls: string[] = [];
		const recording = (ok: (action: string) => boolean): ActionRunContext => ({
			signal: new AbortController().signal, params: {targetMinutes: '20'}, view: withActions, progress: () => {}, noWait: false, requestPoll: () => {},
			invoke: async (actionId, targetIds, _params, options) => {
				calls.push(`${actionId} ${targetIds.join(',')} ${options?.timeoutMs ?? '-'}`);
				return ok(actionId) ? {ok: true, message: 'done'} : {ok: false, message: `${actionId}: no answer within 90 s`};
			},
		});
		// Guests that do not stop in time go down with their OS; the plan moves on.
		calls.length = 0;
		await staged.run([upsEntity], recording(id => id !== 'guest.shutdown'));
		expect(calls.slice(2, 5)).toEqual(['guest.shutdown guest:pve-demo/130 300000', 'host.shutdown host:gpu-box-1/gpu-box-1 90000', 'outlet.off outlet:pdu-a/4 30000']);
		// An OS that does not stop in time stops the plan before its power is cut.
		calls.length = 0;
		const outcome = await staged.run([upsEntity], recording(id => id !== 'host.shutdown'));
		expect(outcome.ok).toBe(false);
		expect(outcome.message).toMatch(/\(host\.shutdown\) failed: host\.shutdown: no answer within 90 s; stopped/);
		expect(calls.at(-1)).toMatch(/^host\.shutdown /);
	});

	it('refuses before asking when there is nothing to do or no topology', () => {
		const {action, view, entities} = lab();
		entities.set('ups:ups-a/ups', {...upsEntity, runtimeSec: 4000});
		expect(action.validate!([entities.get('ups:ups-a/ups')!], {}, view)).toBe('ups-a: runtime already at or above the target');
		expect(createShedLoadAction().validate!([upsEntity], {}, view)).toMatch(/no topology devices/);
		expect(action.validate!([upsEntity], {targetMinutes: 'soon'}, view)).toMatch(/positive number/);
	});

	it('reads devices from view.devices() when the core offers it', () => {
		const {view} = lab();
		const withDevices: ActionView = {...view, devices: () => devices as unknown as ReturnType<ActionView["devices"]>};
		const lines = createShedLoadAction().describe!([upsEntity], {}, withDevices);
		expect(lines.length).toBeGreaterThan(3);
	});
});

// The real plugin (client, parser, actions) against the simulator on 127.0.0.1, port 0.
import {afterEach, describe, expect, it} from 'vitest';
import type {UpsEntity} from '../../src/entities.js';
import {AuthError, DeviceReplyError, TimeoutError, UnreachableError} from '../../src/errors.js';
import type {PluginInstance} from '../../src/plugin-api.js';
import {applyPoll, emptySnapshot, setSources} from '../../src/store.js';
import {startNutSimulator, type NutSimulator} from './sim/simulator.js';
import {action, asEntities, createInstance, fixture, runContext, viewOf} from '../../test/support/nut.js';

let simulator: NutSimulator | undefined;
let instance: PluginInstance | undefined;
const signal = () => new AbortController().signal;

afterEach(async () => {
	await instance?.close?.();
	await simulator?.stop();
	instance = undefined;
	simulator = undefined;
});

async function start(fields: Record<string, unknown> = {}) {
	simulator = await startNutSimulator({ups: {desk: fixture('desk.dev'), closet: fixture('closet.dev')}, users: {admin: {password: 'secret', instcmds: 'ALL'}}});
	instance = createInstance({port: simulator.port, ...fields});
	return {simulator, instance};
}

describe('nut plugin against the simulator', () => {
	it('reads every UPS and its outlets, reusing one connection across polls', async () => {
		const {simulator: sim, instance: plugin} = await start();
		const first = await plugin.poll(signal());
		expect(first.partial).toBeUndefined();
		expect(first.entities.map(entity => entity.id).sort()).toEqual(['outlet:nut-test/desk.1', 'outlet:nut-test/desk.2', 'ups:nut-test/closet', 'ups:nut-test/desk']);
		const desk = first.entities.find(entity => entity.id === 'ups:nut-test/desk') as UpsEntity;
		expect(desk).toMatchObject({flags: ['online'], chargePercent: 100, runtimeSec: 2400, loadWatts: 180, model: 'EATON 5PX 1500'});
		await plugin.poll(signal());
		expect(sim.connectionCount).toBe(1);
		expect(sim.requests.filter(line => line.startsWith('LIST CMD'))).toHaveLength(2);
	});

	it('reconnects transparently after upsd dropped an idle connection', async () => {
		const {simulator: sim, instance: plugin} = await start();
		await plugin.poll(signal());
		sim.dropConnections();
		await new Promise(resolve => setImmediate(resolve));
		const again = await plugin.poll(signal());
		expect(again.entities).toHaveLength(4);
		expect(sim.connectionCount).toBe(2);
	});

	it('returns a stale UPS through `partial`, so the store keeps its last-known entity', async () => {
		const {simulator: sim, instance: plugin} = await start();
		let snapshot = setSources(emptySnapshot('t'), [{id: 'nut-test', type: 'nut', name: 'nut-test', status: 'pending', interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0}]);
		snapshot = applyPoll(snapshot, 'nut-test', await plugin.poll(signal()), 1000, 5);
		sim.staleUps.add('closet');
		const result = await plugin.poll(signal());
		expect(result.partial).toMatch(/closet: ERR DATA-STALE/);
		expect(result.entities.some(entity => entity.id === 'ups:nut-test/closet')).toBe(false);
		snapshot = applyPoll(snapshot, 'nut-test', result, 2000, 5);
		expect(snapshot.sources['nut-test']!.status).toBe('degraded');
		expect(snapshot.entities.get('ups:nut-test/closet')?.seenAt).toBe(1000);
		expect(snapshot.entities.get('ups:nut-test/desk')?.seenAt).toBe(2000);
	});

	it('fails with UnreachableError when upsd is dead', async () => {
		const {simulator: sim, instance: plugin} = await start();
		await plugin.poll(signal());
		await sim.stop();
		simulator = undefined;
		await expect(plugin.poll(signal())).rejects.toBeInstanceOf(UnreachableError);
	});

	it('times out within budget when the server accepts and never answers', async () => {
		const {simulator: sim, instance: plugin} = await start({timeout: 0.3});
		sim.mode = 'hang';
		const started = performance.now();
		const error = await plugin.poll(signal()).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(TimeoutError);
		expect((error as Error).message).toMatch(/^nut-test: LIST UPS: no answer within 300 ms$/);
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('stops at once when the caller aborts', async () => {
		const {simulator: sim, instance: plugin} = await start({timeout: 30});
		sim.mode = 'hang';
		const controller = new AbortController();
		const started = performance.now();
		const pending = plugin.poll(controller.signal);
		setTimeout(() => controller.abort(new Error('stop')), 50);
		await expect(pending).rejects.toBeInstanceOf(TimeoutError);
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('turns garbage into a one-line DeviceReplyError', async () => {
		const {simulator: sim, instance: plugin} = await start();
		sim.mode = 'garbage';
		const error = await plugin.poll(signal()).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(DeviceReplyError);
		expect((error as Error).message).not.toMatch(/\n/);
		sim.mode = 'normal';
		expect((await plugin.poll(signal())).entities).toHaveLength(4);
	});

	it('reports a truncated LIST VAR as a DeviceReplyError', async () => {
		const {simulator: sim, instance: plugin} = await start();
		sim.mode = 'truncated';
		await expect(plugin.poll(signal())).rejects.toThrow(/LIST VAR desk: reply ended after \d+ lines/);
	});

	it('runs instant commands with the right password, offered only where listed', async () => {
		const {simulator: sim, instance: plugin} = await start({user: 'admin', password: 'secret'});
		const entities = asEntities((await plugin.poll(signal())).entities);
		const desk = entities.find(entity => entity.id === 'ups:nut-test/desk')!;
		const closet = entities.find(entity => entity.id === 'ups:nut-test/closet')!;
		const view = viewOf(entities, {'ups:nut-test/desk': ['outlet:nut-test/desk.1', 'device:dev-ws']});
		const test = action(plugin, 'ups.test-battery');
		expect(test.appliesTo!(desk)).toBe(true);
		expect(test.appliesTo!(closet)).toBe(true); // test.battery.start.quick
		expect(test.appliesTo!({...desk, source: 'other'})).toBe(false);
		expect(test.appliesTo!({...desk, id: 'ups:nut-test/unlisted'})).toBe(false);
		const outcome = await test.run([desk], runContext(view));
		expect(outcome.ok).toBe(true);
		expect(sim.commandLog).toEqual(['desk:test.battery.start']);
		const loadOff = action(plugin, 'ups.load-off');
		expect(loadOff.risk).toBe('destructive');
		expect(loadOff.describe!([desk], {}, view).join('\n')).toMatch(/INSTCMD load.off[\s\S]*affects: outlet:nut-test\/desk.1, device:dev-ws/);
		await loadOff.run([desk], runContext(view));
		const after = (await plugin.poll(signal())).entities.find(entity => entity.id === 'ups:nut-test/desk') as UpsEntity;
		expect(after.flags).toEqual(['off']);
		const shutdown = action(plugin, 'ups.shutdown');
		expect(shutdown.validate!([closet], {mode: 'stayoff'}, view)).toMatch(/does not offer shutdown.stayoff/);
		expect(shutdown.validate!([closet], {mode: 'return'}, view)).toBeUndefined();
	});

	it('switches a NUT outlet off through outlet.N.load.off', async () => {
		const {simulator: sim, instance: plugin} = await start({user: 'admin', password: 'secret'});
		const entities = asEntities((await plugin.poll(signal())).entities);
		const outlet = entities.find(entity => entity.id === 'outlet:nut-test/desk.2')!;
		const off = action(plugin, 'outlet.off');
		expect(off.appliesTo!(outlet)).toBe(true);
		await off.run([outlet], runContext(viewOf(entities)));
		expect(sim.commandLog).toEqual(['desk:outlet.2.load.off']);
		const polled = (await plugin.poll(signal())).entities.find(entity => entity.id === 'outlet:nut-test/desk.2');
		expect(polled).toMatchObject({state: 'off', powerWatts: 0});
	});

	it('maps a wrong password to AuthError, and refuses without credentials', async () => {
		const {simulator: sim, instance: plugin} = await start({user: 'admin', password: 'wrong'});
		const entities = asEntities((await plugin.poll(signal())).entities);
		const desk = entities.find(entity => entity.id === 'ups:nut-test/desk')!;
		const error = await action(plugin, 'ups.beeper-mute').run([desk], runContext(viewOf(entities))).catch((error_: unknown) => error_);
		expect(error).toBeInstanceOf(AuthError);
		expect((error as Error).message).toMatch(/^nut-test: INSTCMD desk beeper.mute: upsd answered ERR ACCESS-DENIED/);
		expect((error as Error).message).not.toMatch(/wrong/);
		expect(sim.commandLog).toEqual([]);
		// The session is still usable after an ERR reply.
		expect((await plugin.poll(signal())).entities).toHaveLength(4);
		expect(sim.connectionCount).toBe(1);
		const anonymous = createInstance({port: sim.port});
		await anonymous.poll(signal());
		expect(action(anonymous, 'ups.beeper-mute').validate!([desk], {}, viewOf(entities))).toMatch(/need "user" and "password"/);
		await anonymous.close?.();
	});

	it('maps ERR UNKNOWN-UPS to a DeviceReplyError naming the code', async () => {
		const {instance: plugin} = await start({user: 'admin', password: 'secret'});
		const entities = asEntities((await plugin.poll(signal())).entities);
		const ghost = {...entities.find(entity => entity.id === 'ups:nut-test/desk')!, localId: 'ghost', name: 'ghost'};
		await expect(action(plugin, 'ups.test-battery').run([ghost], runContext(viewOf(entities)))).rejects.toThrow(/ERR UNKNOWN-UPS/);
	});
});

import dgram from 'node:dgram';
import {EventEmitter} from 'node:events';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import type {Entity, OutletEntity, PduEntity} from '../../src/entities.js';
import {AuthError, TimeoutError} from '../../src/errors.js';
import type {ActionDef, ActionRunContext, ActionView, PluginDeps, SourceConfig} from '../../src/plugin-api.js';
import {plugin} from './index.js';
import {startPduSimulator, type PduSimulator} from './sim/simulator.js';
import {testRunContext, testView} from '../../test/support/actions.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/apc-pdu/${name}`, import.meta.url));
const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 'local', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: () => {}, requestPoll: () => {}};
const stops: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	while (stops.length > 0) await stops.pop()!();
});

async function sim(name: string, extra: Partial<Parameters<typeof startPduSimulator>[0]> = {}): Promise<PduSimulator> {
	const simulator = await startPduSimulator({fixture: fixture(name), ...extra});
	stops.push(() => simulator.close());
	return simulator;
}

function configFor(simulator: {port: number}, extra: Record<string, unknown> = {}): SourceConfig {
	return {id: 'pdu-t', type: 'apc-pdu', interval: 5, timeout: 2, host: '127.0.0.1', port: simulator.port, community: 'public', writeCommunity: 'private', ...extra};
}

const view = (dependents: Record<string, string[]> = {}): ActionView => testView([], {dependents});
const context = (actionView = view()): ActionRunContext => testRunContext({view: actionView});

const action = (actions: readonly ActionDef[] | undefined, id: string) => actions!.find(entry => entry.id === id)!;
const outletsOf = (entities: readonly unknown[]) => (entities as Entity[]).filter((entity): entity is OutletEntity => entity.kind === 'outlet');

describe('apc-pdu against its simulator', () => {
	it.each([
		['ap8941-rpdu2.snmprec', 8, 'rpdu2'],
		['ap7921-rpdu.snmprec', 8, 'rpdu'],
		['masterswitch-spdu.snmprec', 8, 'spdu'],
	])('polls %s over v2c and v1', async (name, count) => {
		const simulator = await sim(name);
		for (const version of ['2c', '1']) {
			const instance = plugin.create(configFor(simulator, {version}), deps);
			const result = await instance.poll(AbortSignal.timeout(5000));
			expect(outletsOf(result.entities)).toHaveLength(count);
			expect(result.partial).toBeUndefined();
		}
	});

	it('switches an outlet off with the write community, reads it back, and the load follows', async () => {
		const events = new EventEmitter();
		const seen: unknown[] = [];
		events.on('outlet', event => seen.push(['outlet', event]));
		events.on('power', event => seen.push(['power', event]));
		const simulator = await sim('ap8941-rpdu2.snmprec', {events, pduEntityId: 'pdu:pdu-t/pdu', devices: new Map([[4, 'gpu-box-1']])});
		const instance = plugin.create(configFor(simulator), deps);
		const before = await instance.poll(AbortSignal.timeout(5000));
		const outlet = outletsOf(before.entities)[3]!;
		const off = action(instance.actions, 'outlet.off');
		const outcome = await off.run([outlet], context());
		expect(outcome).toMatchObject({ok: true, details: {outlets: [{id: 'outlet:pdu-t/4', state: 'off'}]}});
		expect(simulator.isOn(4)).toBe(false);
		expect(seen).toEqual([['outlet', {pdu: 'pdu:pdu-t/pdu', outlet: 4, state: 'off'}], ['power', {device: 'gpu-box-1', isOn: false}]]);
		const after = await instance.poll(AbortSignal.timeout(5000));
		const pduBefore = before.entities[0] as PduEntity;
		const pduAfter = after.entities[0] as PduEntity;
		expect(pduBefore.powerWatts! - pduAfter.powerWatts!).toBeGreaterThanOrEqual(640);
		expect(outletsOf(after.entities)[3]).toMatchObject({state: 'off', powerWatts: 0});
		const on = await action(instance.actions, 'outlet.on').run([outletsOf(after.entities)[3]!], context());
		expect(on.ok).toBe(true);
		const reboot = await action(instance.actions, 'outlet.reboot').run([outletsOf(after.entities)[3]!], context());
		expect(reboot.ok).toBe(true);
		expect(simulator.isOn(4)).toBe(true);
	});

	it.each(['ap7921-rpdu.snmprec', 'masterswitch-spdu.snmprec'])('switches outlets on %s', async name => {
		const simulator = await sim(name);
		const instance = plugin.create(configFor(simulator), deps);
		const outlet = outletsOf((await instance.poll(AbortSignal.timeout(5000))).entities).find(entry => entry.state === 'off')!;
		const outcome = await action(instance.actions, 'outlet.on').run([outlet], context());
		expect(outcome.ok).toBe(true);
		expect(simulator.isOn(Number(outlet.localId))).toBe(true);
	});

	it('refuses a SET sent with the read community (noAccess) and leaves the outlet as it was', async () => {
		const simulator = await sim('ap8941-rpdu2.snmprec');
		const instance = plugin.create(configFor(simulator, {writeCommunity: 'public'}), deps);
		const outlet = outletsOf((await instance.poll(AbortSignal.timeout(5000))).entities)[0]!;
		await expect(action(instance.actions, 'outlet.off').run([outlet], context())).rejects.toThrow(AuthError);
		expect(simulator.isOn(1)).toBe(true);
	});

	it('without writeCommunity an action fails before sending anything', async () => {
		const simulator = await sim('ap8941-rpdu2.snmprec');
		const instance = plugin.create(configFor(simulator, {writeCommunity: undefined}), deps);
		const outlet = outletsOf((await instance.poll(AbortSignal.timeout(5000))).entities)[0]!;
		await expect(action(instance.actions, 'outlet.off').run([outlet], context())).rejects.toThrow(/no writeCommunity/);
	});

	it('risk: destructive when the outlet powers something, high otherwise, low to switch on', async () => {
		const off = action(plugin.create(configFor({port: 161}), deps).actions, 'outlet.off');
		const on = action(plugin.create(configFor({port: 161}), deps).actions, 'outlet.on');
		const outlet = {id: 'outlet:pdu-t/2', kind: 'outlet', source: 'pdu-t', localId: '2', name: 'pve2', seenAt: 0, pdu: 'pdu:pdu-t/pdu', number: 2, state: 'on', loadAmps: null, powerWatts: null} as const;
		const risk = off.risk as (targets: readonly Entity[], view: ActionView) => string;
		expect(risk([outlet], view({'outlet:pdu-t/2': ['device:pve2', 'host:pve-demo/pve2']}))).toBe('destructive');
		expect(risk([outlet], view())).toBe('high');
		expect(on.risk).toBe('low');
		expect(off.describe!([outlet], {}, view({'outlet:pdu-t/2': ['host:pve-demo/pve2']}))).toEqual(['switch off pve2 (outlet:pdu-t/2): powers host:pve-demo/pve2']);
	});

	it('SNMPv3 authPriv (SHA/AES) polls and switches', async () => {
		const v3User = {name: 'labops', authProtocol: 'sha', auth: 'auth-secret-1', privProtocol: 'aes', priv: 'priv-secret-1'} as const;
		const simulator = await sim('ap8941-rpdu2.snmprec', {v3User});
		const instance = plugin.create(configFor(simulator, {version: '3', user: 'labops', authProtocol: 'sha', auth: 'auth-secret-1', privProtocol: 'aes', priv: 'priv-secret-1'}), deps);
		const outlets = outletsOf((await instance.poll(AbortSignal.timeout(5000))).entities);
		expect(outlets).toHaveLength(8);
		expect((await action(instance.actions, 'outlet.off').run([outlets[7]!], context())).ok).toBe(true);
		const wrong = plugin.create(configFor(simulator, {version: '3', user: 'labops', auth: 'wrong-secret-1', priv: 'priv-secret-1', timeout: 0.6, retries: 0}), deps);
		await expect(wrong.poll(AbortSignal.timeout(5000))).rejects.toThrow();
	});

	it('a wrong community times out with a message that says so, within budget', async () => {
		const simulator = await sim('ap8941-rpdu2.snmprec');
		const instance = plugin.create(configFor(simulator, {community: 'nope', requestTimeout: 0.3, retries: 1}), deps);
		const started = Date.now();
		const error = await instance.poll(AbortSignal.timeout(5000)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(TimeoutError);
		expect((error as Error).message).toMatch(/pdu-t: .*no answer \(agent down or wrong community\)/);
		expect(Date.now() - started).toBeLessThan(1500);
	});

	it('an agent that never answers: timeout within budget, and the abort signal ends it sooner', async () => {
		const socket = dgram.createSocket('udp4');
		await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', () => resolve()));
		stops.push(() => new Promise<void>(resolve => socket.close(() => resolve())));
		const {port} = socket.address();
		const instance = plugin.create(configFor({port}, {requestTimeout: 0.25, retries: 1}), deps);
		let started = Date.now();
		await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toThrow(TimeoutError);
		expect(Date.now() - started).toBeLessThan(1000);
		const slow = plugin.create(configFor({port}, {requestTimeout: 3, retries: 2}), deps);
		started = Date.now();
		const controller = new AbortController();
		setTimeout(() => controller.abort(new TimeoutError({source: 'pdu-t', operation: 'poll'}, 200)), 200);
		await expect(slow.poll(controller.signal)).rejects.toThrow(/poll: no answer within 200 ms/);
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('an agent that stops answering in the middle of the walks: timeout, not a hang', async () => {
		let requests = 0;
		const simulator = await sim('ap8959-24-rpdu2.snmprec', {shouldDrop: () => ++requests > 4});
		const instance = plugin.create(configFor(simulator, {requestTimeout: 0.3, retries: 0, maxRepetitions: 5}), deps);
		await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toThrow(TimeoutError);
	});
});


import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Entity} from '../../src/entities.js';
import {ActionRefusedError} from '../../src/errors.js';
import type {ActionDef, ActionRunContext, PluginDeps, SourceConfig} from '../../src/plugin-api.js';
import {plugin} from './index.js';
import {startWolListener, type WolListener} from './sim/simulator.js';
import {testRunContext} from '../../test/support/actions.js';

const deps: PluginDeps = {
	transport: () => undefined,
	localTransport: {host: 'test', exec: async () => Promise.reject(new Error('not used'))},
	warn() {},
	requestPoll() {},
};

function runContext(signal = new AbortController().signal): ActionRunContext & {lines: string[]} {
	const lines: string[] = [];
	return {...testRunContext({signal, progress: line => lines.push(line)}), lines};
}

async function pollEntities(config: SourceConfig): Promise<{entities: Entity[]; wake: ActionDef}> {
	const instance = plugin.create(config, deps);
	const result = await instance.poll(new AbortController().signal);
	const wake = instance.actions?.find(action => action.id === 'host.wake');
	if (!wake) throw new Error('no host.wake action');
	return {entities: result.entities.map(entity => ({...entity, seenAt: 0}) as Entity), wake};
}

let listener: WolListener | undefined;
afterEach(async () => {
	await listener?.stop();
	listener = undefined;
});

describe('wol plugin', () => {
	it('polls one host per machine and wakes it through the loopback listener', async () => {
		const woken: string[] = [];
		listener = await startWolListener({onWake: mac => woken.push(mac)});
		const {entities, wake} = await pollEntities({
			id: 'lab-wol', type: 'wol', interval: 60, timeout: 2,
			hosts: [{name: 'nas', mac: 'aa-bb-cc-dd-ee-01', broadcast: '127.0.0.1', port: listener.port}, {name: 'ws', mac: 'aabb.ccdd.ee02', broadcast: '127.0.0.1', port: listener.port}],
		});
		expect(entities.map(entity => entity.id)).toEqual(['host:lab-wol/nas', 'host:lab-wol/ws']);
		expect(wake.risk).toBe('low');
		expect(entities.every(entity => wake.appliesTo?.(entity))).toBe(true);
		expect(wake.describe?.(entities, {}, runContext().view)).toEqual([
			`send a Wake-on-LAN magic packet for nas (aa:bb:cc:dd:ee:01) via 127.0.0.1:${listener.port}`,
			`send a Wake-on-LAN magic packet for ws (aa:bb:cc:dd:ee:02) via 127.0.0.1:${listener.port}`,
		]);
		const context = runContext();
		const outcome = await wake.run(entities, context);
		expect(outcome.ok).toBe(true);
		expect(outcome.message).toContain('magic packet sent to nas (aa:bb:cc:dd:ee:01)');
		await vi.waitFor(() => expect(woken).toEqual(['aa:bb:cc:dd:ee:01', 'aa:bb:cc:dd:ee:02']));
		expect(context.lines).toEqual(['magic packet sent to nas', 'magic packet sent to ws']);
	});

	it('refuses a target it has no MAC for', async () => {
		const {entities, wake} = await pollEntities({id: 'lab-wol', type: 'wol', interval: 60, timeout: 2, hosts: [{name: 'nas', mac: 'aa:bb:cc:dd:ee:01', broadcast: '127.0.0.1'}]});
		const stranger = {...entities[0]!, id: 'host:other/pve1', source: 'other', localId: 'pve1', name: 'pve1'} as Entity;
		expect(wake.appliesTo?.(stranger)).toBe(false);
		expect(wake.validate?.([stranger], {}, runContext().view)).toBe('no MAC configured in lab-wol for pve1');
		await expect(wake.run([stranger], runContext())).rejects.toThrow(ActionRefusedError);
	});

	it('stops when the action is aborted, before sending', async () => {
		const {entities, wake} = await pollEntities({id: 'lab-wol', type: 'wol', interval: 60, timeout: 2, hosts: [{name: 'nas', mac: 'aa:bb:cc:dd:ee:01', broadcast: '127.0.0.1', port: 9}]});
		const controller = new AbortController();
		const reason = new Error('action timed out');
		controller.abort(reason);
		await expect(wake.run(entities, runContext(controller.signal))).rejects.toBe(reason);
	});

});

describe('wol listener (simulator)', () => {
	it('records every datagram and wakes only for magic packets', async () => {
		const {createSocket} = await import('node:dgram');
		const woken: string[] = [];
		listener = await startWolListener({onWake: mac => woken.push(mac)});
		const sender = createSocket('udp4');
		try {
			for (const bytes of [Buffer.from('garbage'), Buffer.alloc(102, 0xff)]) {
				await new Promise<void>((resolve, reject) => sender.send(bytes, listener!.port, '127.0.0.1', error => (error ? reject(error) : resolve())));
			}
			await vi.waitFor(() => expect(listener!.received).toHaveLength(2));
		} finally {
			sender.close();
		}
		expect(listener.received.map(entry => entry.mac)).toEqual([undefined, 'ff:ff:ff:ff:ff:ff']);
		expect(woken).toEqual(['ff:ff:ff:ff:ff:ff']);
	});
});

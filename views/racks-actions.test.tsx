// `a` on a machine in the Racks pane acts on the machine (its host entity, where shut down,
// reboot, power on and power off live), not on whichever of its entities the config lists first:
// the real ActionLayer with the core's machine power actions behind the real console.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {ActionLayer} from '../src/actions.js';
import {openAuditLog} from '../src/audit.js';
import {globalActions} from '../src/plans/global-actions.js';
import type {ActionDef} from '../src/plugin-api.js';
import type {Topology} from '../src/topology.js';
import {App} from './App.js';
import {manualClock} from './clock.js';
import {machineEntity} from './RacksPane.js';
import {keys, waitForFrame} from './test-fixtures/harness.js';
import {labStore, t0, topology as labTopology} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
let cleanup: (() => void) | undefined;
afterEach(() => {
	cleanup?.();
	cleanup = undefined;
});

/** pve2 lists its GPU before its host, and gpu-box-1 lists GPUs only. */
const topology: Topology = {...labTopology, devices: labTopology.devices.map(device => (device.id === 'pve2' ? {...device, entities: ['gpu:gpus-pve2/0', 'host:pve-demo/pve2']} : device))};

function start() {
	const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-racks-actions-'));
	const store = labStore();
	const ran: string[] = [];
	const osAction = (verb: 'shutdown' | 'reboot', label: string): ActionDef => ({id: `host.${verb}`, kind: 'host', label, risk: 'low', appliesTo: entity => entity.kind === 'host', run: async targets => {
		ran.push(`host.${verb} ${targets.map(target => target.id).join(',')}`);
		return {ok: true, message: `${verb} sent to ${targets.map(target => target.name).join(', ')}`};
	}});
	const gpuAction: ActionDef = {id: 'gpu.set-power-limit', kind: 'gpu', label: 'Set power limit', risk: 'high', run: async () => ({ok: true, message: 'set'})};
	const actions = new ActionLayer({store, actionsBySource: new Map([['pve-demo', [osAction('shutdown', 'Shut down'), osAction('reboot', 'Reboot')]], ['gpus-pve2', [gpuAction]]]), globalActions, topology, audit: openAuditLog(dir), isReadonly: false, requestPoll: () => {}});
	const app = render(<App store={store} actions={actions} topology={topology} width={120} height={40} clock={manualClock(t0 + 1000)} initialPane="racks" onQuit={() => {}} />);
	cleanup = () => {
		app.unmount();
		rmSync(dir, {recursive: true, force: true});
	};
	return {app, store, ran, waitFor: (predicate: (frame: string) => boolean) => waitForFrame(app.lastFrame, predicate)};
}

describe('racks pane: the machine actions on a machine', () => {
	it('a on pve2 (its GPU listed first) offers shut down, reboot, power on and power off, and runs on its host', async () => {
		const {app, ran, waitFor} = start();
		await waitFor(frame => frame.includes('Racks 8'));
		// Top first: switch, gpu-box-1, pve3, pve2.
		for (let step = 0; step < 3; step++) app.stdin.write(keys.down);
		await waitFor(frame => /›.*pve2/.test(frame));
		app.stdin.write('a');
		const menu = await waitFor(frame => frame.includes('Actions for pve2'));
		for (const label of ['Shut down', 'Reboot', 'Power on', 'Power off hard']) expect(menu).toContain(label);
		expect(menu).not.toContain('Set power limit');
		// Reboot is the second entry.
		app.stdin.write(keys.down);
		app.stdin.write(keys.enter);
		await waitFor(frame => frame.includes('Reboot? (low)'));
		app.stdin.write('y');
		await waitFor(frame => frame.includes('reboot sent to pve2'));
		expect(ran).toEqual(['host.reboot host:pve-demo/pve2']);
	});

	it('picks the host, else the BMC, else the first entity', () => {
		const store = labStore({hasEveryKind: true});
		const snapshot = store.getSnapshot();
		const bmc = snapshot.byKind.bmc[0]!;
		const device = (entities: string[]) => ({id: 'x', name: 'x', power: [], entities});
		expect(machineEntity(snapshot, topology, device(['gpu:gpus-pve2/0', 'host:pve-demo/pve2']))?.id).toBe('host:pve-demo/pve2');
		expect(machineEntity(snapshot, topology, device(['gpu:gpus-box-1/0', bmc.id]))?.id).toBe(bmc.id);
		expect(machineEntity(snapshot, topology, device(['pdu:pdu-a/pdu', 'outlet:pdu-a/1']))?.id).toBe('pdu:pdu-a/pdu');
		expect(machineEntity(snapshot, topology, device(['gpu:nowhere/0']))).toBeUndefined();
	});
});

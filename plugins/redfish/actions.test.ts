// BMC actions against the simulator: every reset type changes the simulated machine's power state
// (and the plugin waits for it), only the ResetTypes in AllowableValues are offered, the LED is
// switched by the field the service has, and the action layer's gates hold (confirmation,
// the typed name for destructive resets, read-only mode) with every run audited.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ActionLayer} from '../../src/actions.js';
import {openAuditLog} from '../../src/audit.js';
import type {BmcEntity} from '../../src/entities.js';
import type {PluginInstance} from '../../src/plugin-api.js';
import {applyPoll, emptySnapshot, setSources, Store} from '../../src/store.js';
import {testRunContext, testView} from '../../test/support/actions.js';
import type {BmcLab, PowerEvent} from './sim/index.js';
import {action, createInstance, pollOne, startLab} from './test-helpers.js';

let lab: BmcLab;
const instances: PluginInstance[] = [];

beforeAll(async () => {
	lab = await startLab([{name: 'r640', shape: 'idrac9'}, {name: 'ml350', shape: 'ilo4'}, {name: 'r770', shape: 'idrac10'}]);
});

afterAll(async () => {
	await Promise.all(instances.map(async instance => instance.close?.()));
	await lab.stop();
});

function open(name: string): PluginInstance {
	const instance = createInstance(lab.bmc(name));
	instances.push(instance);
	return instance;
}

async function run(instance: PluginInstance, id: string, bmc: BmcEntity) {
	return action(instance, id).run([bmc], testRunContext({signal: AbortSignal.timeout(10_000), view: testView([bmc])}));
}

describe('bmc actions', () => {
	it('runs every reset type the system allows, waiting for the power state where it changes', async () => {
		const instance = open('r640');
		const events: PowerEvent[] = [];
		lab.events.on('power', (event: PowerEvent) => events.push(event));
		let {bmc} = await pollOne(instance);
		const steps: [string, 'on' | 'off'][] = [
			['bmc.force-off', 'off'], ['bmc.power-on', 'on'], ['bmc.shutdown', 'off'], ['bmc.power-on', 'on'],
			['bmc.restart', 'on'], ['bmc.force-restart', 'on'], ['bmc.power-cycle', 'on'],
		];
		for (const [id, expected] of steps) {
			if (bmc.kind !== 'bmc') throw new Error('not a bmc');
			expect(action(instance, id).appliesTo?.(bmc), id).toBe(true);
			const outcome = await run(instance, id, bmc);
			expect(outcome.ok, id).toBe(true);
			bmc = (await pollOne(instance)).bmc;
			expect(bmc.kind === 'bmc' && bmc.powerState, id).toBe(expected);
		}
		expect(events.filter(event => event.bmc === 'r640').map(event => event.resetType)).toEqual(['ForceOff', 'On', 'GracefulShutdown', 'On', 'GracefulRestart', 'ForceRestart', 'PowerCycle']);
		expect(events.find(event => event.resetType === 'ForceOff')).toMatchObject({isOn: false, system: 'System.Embedded.1'});
	});

	it('waits for a graceful shutdown to take effect, reading the power state until it changes', async () => {
		const bmc = lab.bmc('r640');
		const instance = open('r640');
		const {bmc: entity} = await pollOne(instance);
		if (entity.kind !== 'bmc' || entity.powerState !== 'on') throw new Error('expected r640 on');
		bmc.model.gracefulDelayMs = 300;
		try {
			const reads = bmc.requests.get('GET /redfish/v1/Systems/System.Embedded.1') ?? 0;
			const progress: string[] = [];
			const def = action(instance, 'bmc.shutdown');
			const outcome = await def.run([entity], testRunContext({signal: AbortSignal.timeout(10_000), view: testView([entity]), progress: line => progress.push(line)}));
			expect(outcome.message).toBe('Shut down (graceful): r640 is now off');
			expect(bmc.model.systems()[0]!.PowerState).toBe('Off');
			expect(bmc.requests.get('GET /redfish/v1/Systems/System.Embedded.1')! - reads).toBeGreaterThanOrEqual(1);
			expect(progress[0]).toBe('r640: GracefulShutdown accepted');
		} finally {
			bmc.model.gracefulDelayMs = 0;
			bmc.model.setPower(true);
		}
	});

	it('offers only the ResetTypes in AllowableValues, and the BMC refuses others', async () => {
		const instance = open('ml350');
		const {bmc} = await pollOne(instance);
		if (bmc.kind !== 'bmc') throw new Error('not a bmc');
		// iLO 4 lists On, ForceOff, ForceRestart, Nmi, PushPowerButton: no graceful shutdown, no power cycle.
		expect(action(instance, 'bmc.shutdown').appliesTo?.(bmc)).toBe(false);
		expect(action(instance, 'bmc.power-cycle').appliesTo?.(bmc)).toBe(false);
		expect(action(instance, 'bmc.force-restart').appliesTo?.(bmc)).toBe(true);
		expect(action(instance, 'bmc.shutdown').validate?.([bmc], {}, testView([bmc]))).toBe('ml350 does not offer ResetType GracefulShutdown (offered: On, ForceOff, ForceRestart, Nmi, PushPowerButton)');
		await expect(run(instance, 'bmc.shutdown', bmc)).rejects.toThrow(/does not offer ResetType GracefulShutdown/);
		expect(lab.bmc('ml350').model.reset('/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', 'GracefulShutdown')).toMatch(/not one of/);
	});

	it('switches the indicator LED through IndicatorLED or LocationIndicatorActive', async () => {
		for (const name of ['r640', 'r770']) {
			const instance = open(name);
			const {bmc} = await pollOne(instance);
			if (bmc.kind !== 'bmc') throw new Error('not a bmc');
			expect(bmc.indicatorLed, name).toBe('off');
			expect(action(instance, 'bmc.led-off').appliesTo?.(bmc)).toBe(false);
			await run(instance, 'bmc.led-on', bmc);
			const after = (await pollOne(instance)).bmc;
			expect(after.kind === 'bmc' && after.indicatorLed, name).toBe('on');
			await run(instance, 'bmc.led-off', after as BmcEntity);
		}
		const system = lab.bmc('r770').model.systems()[0]!;
		expect(system.LocationIndicatorActive).toBe(false);
		expect('IndicatorLED' in system).toBe(false);
	});

	describe('confirm gates through the action layer', () => {
		let dir: string;
		beforeAll(() => {
			dir = mkdtempSync(path.join(tmpdir(), 'labdeck-bmc-audit-'));
		});
		afterAll(() => rmSync(dir, {recursive: true, force: true}));

		async function layerFor(name: string, isReadonly: boolean) {
			const instance = open(name);
			const {result} = await pollOne(instance);
			const sourceId = `bmc-${name}`;
			const source = {id: sourceId, type: 'redfish', name, status: 'pending' as const, interval: 30, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
			const store = new Store(applyPoll(setSources(emptySnapshot('lab'), [source]), sourceId, result, Date.now(), 1));
			const layer = new ActionLayer({store, actionsBySource: new Map([[sourceId, instance.actions ?? []]]), topology: {racks: [], devices: []}, audit: openAuditLog(dir), isReadonly, requestPoll: () => {}});
			return {layer, id: result.entities[0]!.id};
		}

		it('low (power on) needs a yes; destructive (force off) needs the name typed; read-only refuses', async () => {
			const {layer, id} = await layerFor('r770', false);
			const forceOff = layer.plan('bmc.force-off', [id]);
			expect(forceOff.risk).toBe('destructive');
			expect(forceOff.confirmName).toBe('r770');
			expect(layer.plan('bmc.shutdown', [id]).risk).toBe('high');
			expect(forceOff.lines.join('\n')).toMatch(/cuts power to r770, PowerEdge R770, host r770, serial CN7016389Q0789/);
			await expect(layer.execute(forceOff, {isConfirmed: true}, {origin: 'cli'})).rejects.toMatchObject({name: 'ActionRefusedError', reason: 'confirmation'});
			expect(lab.bmc('r770').model.systems()[0]!.PowerState).toBe('On');
			await layer.execute(forceOff, {isConfirmed: true, typed: 'r770'}, {origin: 'cli'});
			expect(lab.bmc('r770').model.systems()[0]!.PowerState).toBe('Off');

			const refreshed = await layerFor('r770', false);
			const powerOn = refreshed.layer.plan('bmc.power-on', [refreshed.id]);
			expect(powerOn.risk).toBe('low');
			await expect(refreshed.layer.execute(powerOn, {isConfirmed: false}, {origin: 'console'})).rejects.toMatchObject({reason: 'confirmation'});
			await refreshed.layer.execute(powerOn, {isConfirmed: true}, {origin: 'console'});
			expect(lab.bmc('r770').model.systems()[0]!.PowerState).toBe('On');

			const readonly = await layerFor('r770', true);
			expect(readonly.layer.available((await pollOne(open('r770'))).bmc)).toEqual([]);
			await expect(readonly.layer.execute(readonly.layer.plan('bmc.force-off', [readonly.id]), {isConfirmed: true, typed: 'r770'}, {origin: 'cli'})).rejects.toMatchObject({reason: 'readonly'});
			expect(lab.bmc('r770').model.systems()[0]!.PowerState).toBe('On');

			const audit = readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as {action: string});
			expect(audit.map(record => record.action)).toEqual(['bmc.force-off', 'bmc.force-off', 'bmc.power-on', 'bmc.power-on', 'bmc.force-off']);
		});
	});
});

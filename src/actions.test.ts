import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ActionLayer} from './actions.js';
import {openAuditLog, type AuditRecord} from './audit.js';
import type {ActionDef, Risk} from './plugin-api.js';
import {applyPoll, emptySnapshot, setSources, Store} from './store.js';
import type {Topology} from './topology.js';
import {guestDraft, hostDraft, outletDraft} from '../test/support/entities.js';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-actions-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const topology: Topology = {racks: [], devices: [{id: 'pve1', name: 'pve1 box', power: ['outlet:pdu/1'], entities: ['host:pve/pve1']}]};

function setup(isReadonly = false) {
	const source = (id: string) => ({id, type: 't', name: id, status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});
	let snapshot = setSources(emptySnapshot('lab'), [source('pve'), source('pdu')]);
	snapshot = applyPoll(snapshot, 'pve', {entities: [hostDraft('pve', 'pve1'), guestDraft('pve', 101, 'pve1', {name: 'web'}), guestDraft('pve', 102, 'pve1', {name: 'db', status: 'stopped'})]}, Date.now(), 1);
	snapshot = applyPoll(snapshot, 'pdu', {entities: [outletDraft('pdu', 1), outletDraft('pdu', 2)]}, Date.now(), 1);
	const store = new Store(snapshot);
	const ran: string[] = [];
	const polled: string[] = [];
	const def = (id: string, kind: ActionDef['kind'], risk: ActionDef['risk'], extra: Partial<ActionDef> = {}): ActionDef => ({
		id, kind, label: id, risk,
		run: async targets => {
			ran.push(`${id} ${targets.map(target => target.id).join(',')}`);
			return {ok: true, message: `${id} done`};
		},
		...extra,
	});
	const outletRisk = (targets: Parameters<Exclude<ActionDef['risk'], Risk>>[0], view: Parameters<Exclude<ActionDef['risk'], Risk>>[1]): Risk => (targets.some(target => view.dependents(target.id).length > 0) ? 'destructive' : 'high');
	const layer = new ActionLayer({
		store,
		actionsBySource: new Map([
			['pve', [
				def('guest.status', 'guest', 'read'),
				def('guest.start', 'guest', 'low', {appliesTo: entity => entity.kind === 'guest' && entity.status === 'stopped'}),
				def('guest.shutdown', 'guest', 'high', {appliesTo: entity => entity.kind === 'guest' && entity.status === 'running'}),
				def('guest.slow', 'guest', 'low', {timeoutMs: 50, run: async (_targets, context) => new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason)))}),
			]],
			['pdu', [def('outlet.off', 'outlet', outletRisk)]],
		]),
		topology,
		audit: openAuditLog(dir),
		isReadonly,
		requestPoll: id => polled.push(id),
	});
	const audit = () => readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as AuditRecord);
	return {layer, ran, polled, audit};
}

describe('action layer', () => {
	it('runs a read action without confirmation', async () => {
		const {layer, ran} = setup();
		await layer.execute(layer.plan('guest.status', ['guest:pve/101']), {isConfirmed: false}, {origin: 'cli'});
		expect(ran).toEqual(['guest.status guest:pve/101']);
	});

	it('low risk: refuses without confirmation, runs with it, audits both, re-polls the source', async () => {
		const {layer, ran, polled, audit} = setup();
		const plan = layer.plan('guest.start', ['guest:pve/102']);
		expect(plan.risk).toBe('low');
		await expect(layer.execute(plan, {isConfirmed: false}, {origin: 'console'})).rejects.toMatchObject({name: 'ActionRefusedError', reason: 'confirmation'});
		expect(ran).toEqual([]);
		const outcome = await layer.execute(plan, {isConfirmed: true}, {origin: 'console'});
		expect(outcome).toMatchObject({ok: true, message: 'guest.start done'});
		expect(polled).toEqual(['pve']);
		expect(audit().map(record => [record.result, record.action, record.origin])).toEqual([['refused', 'guest.start', 'console'], ['ok', 'guest.start', 'console']]);
	});

	it('high risk lists every target and its impact', () => {
		const {layer} = setup();
		const plan = layer.plan('guest.shutdown', ['guest:pve/101']);
		expect(plan.risk).toBe('high');
		expect(plan.lines).toEqual(['guest.shutdown: 101 web']);
		expect(plan.confirmName).toBeUndefined();
	});

	it('destructive: computed from the topology, needs the target name typed', async () => {
		const {layer, ran, audit} = setup();
		const spare = layer.plan('outlet.off', ['outlet:pdu/2']);
		expect(spare.risk).toBe('high');
		const plan = layer.plan('outlet.off', ['outlet:pdu/1']);
		expect(plan.risk).toBe('destructive');
		expect(plan.confirmName).toBe('outlet 1');
		expect(plan.impact[0]?.dependents).toEqual(['pve1 box', '101 web', '102 db']);
		await expect(layer.execute(plan, {isConfirmed: true, typed: 'outlet 2'}, {origin: 'cli'})).rejects.toThrow('type "outlet 1" to confirm');
		await layer.execute(plan, {isConfirmed: true, typed: 'outlet 1'}, {origin: 'cli'});
		expect(ran).toEqual(['outlet.off outlet:pdu/1']);
		expect(audit().map(record => record.result)).toEqual(['refused', 'ok']);
	});

	it('read-only mode offers only read actions and refuses the rest, audited', async () => {
		const {layer, ran, audit} = setup(true);
		const guest = {id: 'guest:pve/102'};
		expect(layer.available(layer.view().entity(guest.id)!).map(action => action.id)).toEqual(['guest.status']);
		await expect(layer.execute(layer.plan('guest.start', [guest.id]), {isConfirmed: true}, {origin: 'cli'})).rejects.toMatchObject({reason: 'readonly'});
		expect(ran).toEqual([]);
		expect(audit()[0]).toMatchObject({result: 'refused', action: 'guest.start'});
	});

	it('refuses unknown targets, unsupported actions and actions that do not apply', () => {
		const {layer} = setup();
		expect(() => layer.plan('guest.start', ['guest:pve/999'])).toThrow('unknown entity "guest:pve/999"');
		expect(() => layer.plan('guest.fly', ['guest:pve/101'])).toThrow(/not offered for guest:pve\/101 \(offered: guest.status/);
		expect(() => layer.plan('guest.start', ['guest:pve/101'])).toThrow('does not apply to 101 web in its current state');
	});

	it('aborts an action at its time budget and records the failure', async () => {
		const {layer, audit} = setup();
		const outcome = await layer.execute(layer.plan('guest.slow', ['guest:pve/101']), {isConfirmed: true}, {origin: 'cli'});
		expect(outcome).toMatchObject({ok: false, message: 'pve: guest.slow: no answer within 50 ms'});
		expect(audit()[0]).toMatchObject({result: 'failed'});
	});

	it('a typed confirmation must match the target name whatever the risk; caller refusals are audited', async () => {
		const {layer, ran, audit} = setup();
		const low = layer.plan('guest.start', ['guest:pve/102']);
		expect(low.targetName).toBe('db');
		await expect(layer.execute(low, {isConfirmed: true, typed: 'nonsense'}, {origin: 'cli'})).rejects.toMatchObject({reason: 'confirmation', message: expect.stringContaining('"nonsense" does not match the target\'s name "db"')});
		const high = layer.plan('outlet.off', ['outlet:pdu/2']);
		await expect(layer.execute(high, {isConfirmed: true, typed: 'outlet 1'}, {origin: 'cli'})).rejects.toMatchObject({reason: 'confirmation'});
		expect(ran).toEqual([]);
		await layer.execute(low, {isConfirmed: true, typed: 'db'}, {origin: 'cli'});
		const error = layer.refusePlan(high, 'console', 'confirmation', 'cancelled in the confirm dialog');
		expect(error).toMatchObject({name: 'ActionRefusedError', reason: 'confirmation'});
		layer.refuse({origin: 'console', action: 'action.menu', targets: ['guest:pve/101'], risk: 'unknown', reason: 'readonly', detail: 'read-only mode'});
		expect(audit().map(record => [record.result, record.action, record.origin, record.message])).toEqual([
			['refused', 'guest.start', 'cli', 'labdeck: guest.start: the confirmation "nonsense" does not match the target\'s name "db"'],
			['refused', 'outlet.off', 'cli', 'labdeck: outlet.off: the confirmation "outlet 1" does not match the target\'s name "outlet 2"'],
			['ok', 'guest.start', 'cli', 'guest.start done'],
			['refused', 'outlet.off', 'console', 'labdeck: outlet.off: cancelled in the confirm dialog'],
			['refused', 'action.menu', 'console', 'labdeck: action.menu: read-only mode'],
		]);
	});
});

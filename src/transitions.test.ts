// Transitions on crafted snapshot pairs: each poll goes through the real store (applyPoll), then
// detectTransitions compares what the store held before and after.
import {describe, expect, it} from 'vitest';
import type {AtsEntity, BmcEntity, EntityDraft} from './entities.js';
import {applyPoll, emptySnapshot, setSources, type Snapshot} from './store.js';
import {capTransitions, detectTransitions, transitionSteps, transitionWork} from './transitions.js';
import {runSteps} from './slices.js';
import {gpu, guest, host, outlet, pdu, ups} from '../views/test-fixtures/entities.js';
import {source} from '../views/test-fixtures/lab.js';

const t0 = Date.UTC(2026, 11, 2, 6, 0, 0);

function polled(drafts: Record<string, readonly EntityDraft[]>, at: number, base?: Snapshot): Snapshot {
	let snapshot = base ?? setSources(emptySnapshot('lab'), Object.keys(drafts).map(id => source(id, id)));
	for (const [id, list] of Object.entries(drafts)) snapshot = applyPoll(snapshot, id, {entities: list}, at, 10);
	return snapshot;
}

/** The changes found when the lab goes from `before` to `after` (the same sources, a poll later). */
function changes(before: Record<string, readonly EntityDraft[]>, after: Record<string, readonly EntityDraft[]>) {
	const first = polled(before, t0);
	const second = polled(after, t0 + 5000, first);
	return detectTransitions(first, second, t0 + 5000).map(event => [event.details?.['change'], event.entity, event.message]);
}

const bmcDraft = (over: Partial<BmcEntity> = {}): EntityDraft => ({
	id: 'bmc:r640-bmc/1', kind: 'bmc', source: 'r640-bmc', localId: '1', name: 'r640', model: null, manufacturer: null, serial: null, hostname: 'r640-a', biosVersion: null, bmcFirmware: null,
	powerState: 'on', chassisPowerState: 'on', health: 'ok', subsystems: {system: 'ok', thermal: 'ok', power: 'ok', manager: 'ok'}, indicatorLed: 'off', temperatures: [], fans: [], fanRedundancyLost: null,
	powerSupplies: [], psuRedundancyLost: null, powerWatts: null, events: [], resetTypes: [], ...over,
});

const atsDraft = (over: Partial<AtsEntity> = {}): EntityDraft => ({
	id: 'ats:rack/ats', kind: 'ats', source: 'rack', localId: 'ats', name: 'ats-3', model: null, selectedInput: 'A', preferredInput: 'A', isRedundant: true,
	inputs: [{name: 'A', status: 'ok', volts: 230, frequencyHz: 50}, {name: 'B', status: 'ok', volts: 231, frequencyHz: 50}],
	loadAmps: null, powerWatts: null, outputVolts: null, banks: [], statusText: 'ok', ...over,
});

describe('transitions', () => {
	it('a UPS going to battery and back, and its battery going low', () => {
		expect(changes({'ups-a': [ups('ups-a')]}, {'ups-a': [ups('ups-a', {flags: ['on-battery'], runtimeSec: 720, chargePercent: 80, lastTransferReason: 'input voltage out of range'})]})).toEqual([
			['ups.on-battery', 'ups:ups-a/ups', 'ups-a: on battery (input voltage out of range), 12m runtime left, charge 80%'],
		]);
		expect(changes({'ups-a': [ups('ups-a', {flags: ['on-battery']})]}, {'ups-a': [ups('ups-a', {flags: ['on-battery', 'low-battery'], runtimeSec: 240})]})).toEqual([
			['ups.low-battery', 'ups:ups-a/ups', 'ups-a: battery low, 4m runtime left, charge 100%'],
		]);
		expect(changes({'ups-a': [ups('ups-a', {flags: ['on-battery']})]}, {'ups-a': [ups('ups-a', {chargePercent: 64})]})).toEqual([['ups.on-mains', 'ups:ups-a/ups', 'ups-a: back on mains, charge 64%']]);
	});

	it('an outlet switched off and on, naming its PDU; unknown is no transition', () => {
		const lab = (state: 'on' | 'off' | 'unknown') => ({'pdu-a': [pdu('pdu-a', {name: 'PDU A'}), outlet('pdu-a', 5, 'gpu-box-2', {state})]});
		expect(changes(lab('on'), lab('off'))).toEqual([['outlet.off', 'outlet:pdu-a/5', 'outlet 5 (gpu-box-2) of PDU A switched off']]);
		expect(changes(lab('off'), lab('on'))).toEqual([['outlet.on', 'outlet:pdu-a/5', 'outlet 5 (gpu-box-2) of PDU A switched on']]);
		expect(changes(lab('on'), lab('unknown'))).toEqual([]);
	});

	it('a node going offline and back, and a host that restarted between polls', () => {
		expect(changes({pve: [host('pve', 'pve2')]}, {pve: [host('pve', 'pve2', {isOnline: false})]})).toEqual([['host.offline', 'host:pve/pve2', 'node pve2 offline']]);
		expect(changes({pve: [host('pve', 'pve2', {isOnline: false})]}, {pve: [host('pve', 'pve2')]})).toEqual([['host.online', 'host:pve/pve2', 'node pve2 back online']]);
		expect(changes({box: [host('box', 'gpu-box', {role: 'remote', uptimeSec: 86_400})]}, {box: [host('box', 'gpu-box', {role: 'remote', uptimeSec: 42})]})).toEqual([
			['host.rebooted', 'host:box/gpu-box', 'gpu-box restarted (up 42s, was up 1d0h)'],
		]);
		// Uptime growing, or a few seconds of jitter, is no restart.
		expect(changes({box: [host('box', 'b', {uptimeSec: 100})]}, {box: [host('box', 'b', {uptimeSec: 95})]})).toEqual([]);
	});

	it('a guest stopped, started, paused and moved', () => {
		const lab = (status: 'running' | 'stopped' | 'paused', node = 'pve1') => ({pve: [guest('pve', 120, 'ml-train', {status, node})]});
		expect(changes(lab('running'), lab('stopped'))).toEqual([['guest.stopped', 'guest:pve/120', 'VM 120 ml-train stopped on pve1']]);
		expect(changes(lab('stopped'), lab('running'))).toEqual([['guest.started', 'guest:pve/120', 'VM 120 ml-train started on pve1']]);
		expect(changes(lab('running'), lab('paused'))).toEqual([['guest.status', 'guest:pve/120', 'VM 120 ml-train running → paused on pve1']]);
		expect(changes(lab('running'), lab('running', 'pve3'))).toEqual([['guest.moved', 'guest:pve/120', 'VM 120 ml-train moved from pve1 to pve3']]);
	});

	it('a GPU starting and stopping to throttle; idle clocks are not throttling', () => {
		const lab = (throttleReasons: string[], celsius = 60) => ({gpus: [gpu('gpus', 'gpu-box-1', 1, 'RTX 3090', {throttleReasons, temperature: {celsius, slowdownCelsius: 90, shutdownCelsius: 98}})]});
		expect(changes(lab(['idle']), lab(['sw-thermal', 'hw-slowdown'], 93))).toEqual([['gpu.throttling', 'gpu:gpus/1', 'gpu-box-1 GPU 1 (RTX 3090) throttling: sw-thermal, hw-slowdown at 93 °C']]);
		expect(changes(lab(['sw-thermal']), lab(['idle']))).toEqual([['gpu.throttle-cleared', 'gpu:gpus/1', 'gpu-box-1 GPU 1 (RTX 3090) no longer throttling (was sw-thermal)']]);
		expect(changes(lab([]), lab(['idle', 'app-clocks']))).toEqual([]);
		// Still throttling for the same reason: no news.
		expect(changes(lab(['sw-thermal'], 91), lab(['sw-thermal'], 92))).toEqual([]);
	});

	it('a BMC powering off and on, its health changing; a transfer switch moving to its other input', () => {
		expect(changes({'r640-bmc': [bmcDraft()]}, {'r640-bmc': [bmcDraft({powerState: 'off', health: 'critical'})]})).toEqual([
			['bmc.power-off', 'bmc:r640-bmc/1', 'r640 (r640-a): power off'],
			['bmc.health', 'bmc:r640-bmc/1', 'r640 (r640-a): health ok → critical'],
		]);
		expect(changes({'r640-bmc': [bmcDraft({powerState: 'off'})]}, {'r640-bmc': [bmcDraft()]})).toEqual([['bmc.power-on', 'bmc:r640-bmc/1', 'r640 (r640-a): power on']]);
		expect(changes({rack: [atsDraft()]}, {rack: [atsDraft({selectedInput: 'B', inputs: [{name: 'A', status: 'fail', volts: 0, frequencyHz: null}, {name: 'B', status: 'ok', volts: 231, frequencyHz: 50}]})]})).toEqual([
			['ats.transfer', 'ats:rack/ats', 'ats-3: transferred from input A to B'],
			['ats.input-failed', 'ats:rack/ats', 'ats-3: input A failed'],
		]);
	});

	it('says nothing for new entities, unchanged ones, or a source that did not answer', () => {
		const first = polled({pve: [guest('pve', 100, 'a')]}, t0);
		const second = polled({pve: [guest('pve', 100, 'a'), guest('pve', 101, 'b', {status: 'stopped'})]}, t0 + 5000, first);
		expect(detectTransitions(first, second, t0 + 5000)).toEqual([]);
		expect(detectTransitions(second, second, t0 + 5000)).toEqual([]);
	});

	it('carries the event frame: time, source, entity, from/to and when it was last seen as it was', () => {
		const first = polled({pve: [guest('pve', 100, 'a')]}, t0);
		const second = polled({pve: [guest('pve', 100, 'a', {status: 'stopped'})]}, t0 + 5000, first);
		expect(detectTransitions(first, second, t0 + 6000)).toEqual([{
			at: t0 + 6000, type: 'transition', source: 'pve', entity: 'guest:pve/100', message: 'VM 100 a stopped on pve1',
			details: {change: 'guest.stopped', kind: 'guest', from: 'running', to: 'stopped', previousSeenAt: t0},
		}]);
	});

	it('caps one poll at 50 events, then one per source counting the rest', () => {
		const before = polled({pve: Array.from({length: 80}, (_, index) => guest('pve', index, `g${index}`))}, t0);
		const after = polled({pve: Array.from({length: 80}, (_, index) => guest('pve', index, `g${index}`, {status: 'stopped'}))}, t0 + 5000, before);
		const events = capTransitions(detectTransitions(before, after, t0 + 5000));
		expect(events).toHaveLength(51);
		expect(events.at(-1)).toEqual({at: t0 + 5000, type: 'transition', source: 'pve', message: 'pve: 30 more changes since the last poll (80 in all)', details: {change: 'many', count: 30, total: 80}});
		expect(capTransitions(events.slice(0, 3))).toEqual(events.slice(0, 3));
	});

	it('a UPS already on battery when first seen is one event, dated back by its own time on battery', () => {
		const empty = setSources(emptySnapshot('lab'), [source('ups-a', 'ups')]);
		const first = polled({'ups-a': [ups('ups-a', {flags: ['on-battery'], timeOnBatterySec: 150}), {...ups('ups-a', {flags: ['online']}), id: 'ups:ups-a/desk', localId: 'desk', name: 'desk'}]}, t0, empty);
		expect(detectTransitions(empty, first, t0)).toEqual([{
			at: t0 - 150_000, type: 'transition', source: 'ups-a', entity: 'ups:ups-a/ups', message: 'ups-a: on battery when first seen (for 2m30s by its own count)',
			details: {change: 'ups.on-battery', kind: 'ups', isFirstSeen: true, timeOnBatterySec: 150},
		}]);
	});
});

describe('transitions in slices', () => {
	it('finds in steps that yield what the one-go comparison finds over a large lab', async () => {
		const guests = (round: number) => Array.from({length: 30_000}, (_, index) => guest('pve', 1000 + index, `vm-${index}`, {node: 'pve1', status: round === 1 && index % 3000 === 5 ? 'stopped' : 'running'}));
		const first = polled({pve: guests(0)}, t0);
		const second = polled({pve: guests(1)}, t0 + 5000, first);
		expect(transitionWork(first, second)).toBe(30_000);
		let ticks = 0;
		const timer = setInterval(() => ticks++, 0);
		const sliced = await runSteps(transitionSteps(first, second, t0 + 5000));
		clearInterval(timer);
		expect(sliced).toEqual(detectTransitions(first, second, t0 + 5000));
		expect(sliced.map(event => event.entity)).toEqual(Array.from({length: 10}, (_, k) => `guest:pve/${1005 + k * 3000}`).sort());
		expect(ticks).toBeGreaterThan(0);
	});
});

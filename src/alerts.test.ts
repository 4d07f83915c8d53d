import {describe, expect, it} from 'vitest';
import {AlertEngine} from './alerts.js';
import {hostRules as defaultHostRules} from './kinds/host.js';
import {gpuRules} from './kinds/gpu.js';
import {nodeOfflineRule} from '../plugins/proxmox/alert-rules.js';
import {applyFailure, applyPoll, emptySnapshot, setSources, type Snapshot} from './store.js';
import type {Topology} from './topology.js';
import {guestDraft, hostDraft} from '../test/support/entities.js';
import {gpuDraft} from '../test/support/triage-entities.js';

const GiB = 2 ** 30;
const topology: Topology = {racks: [], devices: []};

function base(): Snapshot {
	const source = {id: 'pve', type: 't', name: 'pve', status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
	return setSources(emptySnapshot('lab'), [source]);
}

const withMemory = (snapshot: Snapshot, usedGiB: number, now: number) =>
	applyPoll(snapshot, 'pve', {entities: [hostDraft('pve', 'pve1', {memory: {totalBytes: 100 * GiB, usedBytes: usedGiB * GiB}}), guestDraft('pve', 101, 'pve1')]}, now, 1);

describe('alert engine', () => {
	it('fires memory > 85 % only after 5 minutes, clears below 80 % (hysteresis)', () => {
		const engine = new AlertEngine(defaultHostRules, topology);
		let snapshot = base();
		const at = (minutes: number, used: number) => {
			snapshot = withMemory(snapshot, used, minutes * 60_000);
			return engine.evaluate(snapshot, minutes * 60_000).map(alert => alert.ruleId);
		};
		expect(at(0, 90)).toEqual([]);
		expect(at(4, 90)).toEqual([]);
		expect(at(5, 90)).toEqual(['host.memory-high']);
		expect(at(6, 82)).toEqual(['host.memory-high']);
		expect(at(7, 79)).toEqual([]);
		expect(at(8, 90)).toEqual([]);
	});

	it('fires disk > 90 % at once and lists the impact', () => {
		const engine = new AlertEngine(defaultHostRules, topology);
		const snapshot = applyPoll(base(), 'pve', {entities: [hostDraft('pve', 'pve1', {filesystems: [{mount: '/var', fsType: 'ext4', sizeBytes: 100, usedBytes: 95}]}), guestDraft('pve', 101, 'pve1')]}, 0, 1);
		const [alert] = engine.evaluate(snapshot, 0);
		expect(alert).toMatchObject({severity: 'warning', message: 'pve1: /var 95 % full', impact: ['guest:pve/101']});
	});

	it('a source down is a warning at once and critical after 60 s; stale data beyond twice the interval is a warning', () => {
		const engine = new AlertEngine([], topology);
		let snapshot = withMemory(base(), 10, 0);
		expect(engine.evaluate(snapshot, 11_000).map(alert => `${alert.severity} ${alert.ruleId}`)).toEqual(['warning source.stale']);
		snapshot = applyFailure(snapshot, 'pve', 'pve: poll: ECONNREFUSED', 'UnreachableError', 12_000);
		expect(engine.evaluate(snapshot, 60_000).map(alert => `${alert.severity} ${alert.ruleId} ${alert.message}`)).toEqual(['warning source.down pve unreachable for 48s: pve: poll: ECONNREFUSED (critical in 12s)']);
		const alerts = engine.evaluate(snapshot, 73_000);
		expect(alerts.map(alert => `${alert.severity} ${alert.ruleId}`)).toEqual(['critical source.down']);
		expect(alerts[0]?.message).toBe('pve unreachable for 1m01s: pve: poll: ECONNREFUSED');
		expect(alerts[0]?.impact).toEqual(['host:pve/pve1', 'guest:pve/101']);
	});

	it('one alert per condition per entity: the GPU warning escalates to critical in place', () => {
		const engine = new AlertEngine(gpuRules, topology);
		const hot = (celsius: number, at: number) => applyPoll(base(), 'pve', {entities: [gpuDraft('pve', 'pve1', 0, {temperature: {celsius, slowdownCelsius: 90, shutdownCelsius: 95}})]}, at, 1);
		expect(engine.evaluate(hot(79, 0), 0)).toEqual([]);
		expect(engine.evaluate(hot(85, 30_000), 30_000).map(alert => `${alert.severity} ${alert.ruleId}`)).toEqual(['warning gpu.temp-high']);
		const escalated = engine.evaluate(hot(99, 40_000), 40_000);
		expect(escalated.map(alert => `${alert.severity} ${alert.ruleId}`)).toEqual(['critical gpu.temp-slowdown']);
		expect(escalated[0]?.since).toBe(30_000);
	});

	it('a critical rule with a duration is a warning while it waits, then escalates', () => {
		const engine = new AlertEngine([nodeOfflineRule], topology);
		const node = (isOnline: boolean, at: number) => applyPoll(base(), 'pve', {entities: [hostDraft('pve', 'pve3', {isOnline})]}, at, 1);
		expect(engine.evaluate(node(true, 0), 0)).toEqual([]);
		expect(engine.evaluate(node(false, 5000), 5000).map(alert => `${alert.severity} ${alert.ruleId}`)).toEqual(['warning proxmox.node-offline']);
		expect(engine.evaluate(node(false, 65_000), 65_000).map(alert => `${alert.severity} ${alert.ruleId}`)).toEqual(['critical proxmox.node-offline']);
	});

	it('does not fire or clear host rules on data from a source that is down', () => {
		const engine = new AlertEngine(defaultHostRules, topology);
		let snapshot = withMemory(base(), 95, 0);
		engine.evaluate(snapshot, 0);
		snapshot = applyFailure(snapshot, 'pve', 'down', null, 1000);
		expect(engine.evaluate(snapshot, 10 * 60_000).map(alert => alert.ruleId)).not.toContain('host.memory-high');
	});
});

import {describe, expect, it} from 'vitest';
import {applyFailure, setAlerts} from './store.js';
import {alertCounts, alertRows, createSelector, gpuHeat, healthStrip, powerView, selectGpuRows, selectHostRows, staleness} from './selectors.js';
import {labStore, t0, topology} from '../views/test-fixtures/lab.js';
import type {GpuEntity} from './entities.js';

describe('selectors', () => {
	it('memoizes on input identity', () => {
		let runs = 0;
		const select = createSelector((n: {a: number[]}) => [n.a] as const, a => (runs++, a.length));
		const state = {a: [1, 2]};
		expect(select(state)).toBe(2);
		expect(select({...state})).toBe(2);
		expect(runs).toBe(1);
	});
	it('health strip: ok, stale with age, down since', () => {
		const store = labStore();
		store.apply(s => applyFailure(s, 'pve-demo', 'refused', 'UnreachableError', t0 + 5000));
		const items = healthStrip(store.getSnapshot(), t0 + 42_000);
		expect(items.find(item => item.id === 'local')).toEqual({id: 'local', status: 'stale', text: 'stale 42s'});
		expect(items.find(item => item.id === 'pve-demo')?.text).toMatch(/^down since \d\d:\d\d$/);
	});
	it('stale rows carry the down source error', () => {
		const store = labStore();
		store.apply(s => applyFailure(s, 'pve-demo', 'refused', 'UnreachableError', t0 + 5000));
		const snapshot = store.getSnapshot();
		const guest = snapshot.entities.get('guest:pve-demo/120')!;
		expect(staleness(guest, snapshot, t0 + 6000)).toEqual({isStale: true, ageSec: 6, reason: 'pve-demo down: refused'});
		expect(staleness(snapshot.entities.get('host:local/workstation')!, snapshot, t0 + 6000).isStale).toBe(false);
	});
	it('GPU rows: owner guest and heat against the slowdown threshold', () => {
		const rows = selectGpuRows(labStore().getSnapshot());
		expect(rows.find(row => row.entity.host === 'pve2')?.owner?.name).toBe('ml-train');
		expect(rows.map(row => row.heat)).toEqual(['ok', 'crit', 'ok']);
		expect(gpuHeat({temperature: {celsius: 82, slowdownCelsius: 90, shutdownCelsius: null}} as GpuEntity)).toBe('warn');
	});
	it('host rows: worst filesystem', () => {
		expect(selectHostRows(labStore().getSnapshot())[0]?.disk).toEqual({mount: '/', percent: 40});
	});
	it('power view: what each outlet powers, PDU total against rating', () => {
		const view = powerView(labStore().getSnapshot(), topology);
		expect(view.pdus[0]?.outlets.find(row => row.entity.number === 4)?.powers).toEqual(['gpu-box-1']);
		expect(view.pdus[0]?.ratingAmps).toBe(16);
		expect(view.onBattery).toEqual([]);
	});
	it('alerts worst first with impact names', () => {
		const store = labStore();
		store.apply(s => setAlerts(s, [
			{id: 'a', ruleId: 'disk', severity: 'warning', entityId: 'host:pve-demo/pve1', source: 'pve-demo', message: 'disk 91 %', since: t0, impact: []},
			{id: 'b', ruleId: 'down', severity: 'critical', entityId: 'host:pve-demo/pve2', source: 'pve-demo', message: 'pve2 down', since: t0, impact: ['guest:pve-demo/120']},
		]));
		const rows = alertRows(store.getSnapshot(), topology);
		expect(rows.map(row => row.alert.id)).toEqual(['b', 'a']);
		expect(rows[0]?.impactNames).toEqual(['120 ml-train']);
		expect(alertCounts(store.getSnapshot().alerts)).toEqual({critical: 1, warning: 1, info: 0});
	});
});

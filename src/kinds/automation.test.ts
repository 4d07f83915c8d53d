import {describe, expect, it} from 'vitest';
import type {AutomationEntity} from '../entities.js';
import {AlertEngine} from '../alerts.js';
import {kindRules} from '../kind-rules.js';
import {applyPoll, emptySnapshot, setSources} from '../store.js';
import {emptyTopology} from '../topology.js';
import {automationKind, automationRules, overdueSec} from './automation.js';

const now = Date.parse('2026-12-02T06:00:00Z');
const context = {snapshot: emptySnapshot('lab'), topology: emptyTopology, now};

function automation(overrides: Partial<AutomationEntity> = {}): AutomationEntity {
	return {
		id: 'automation:ha/automation.backup', kind: 'automation', source: 'ha', localId: 'automation.backup', name: 'Backup', seenAt: now, hub: 'Lab HA', automationType: 'automation', state: 'on', isEnabled: true,
		lastTriggered: '2026-12-01T02:00:00.000Z', mode: 'single', currentRuns: 0, value: null, attributes: {id: '17'}, recentRuns: ['2026-12-01T02:00:00.000Z'], expectedWithinSec: null, runsOn: 'guest:pve/105',
		...overrides,
	};
}

const rule = (id: string) => automationRules.find(candidate => candidate.id === id)!;

describe('automation kind', () => {
	it('fires unavailable for automations and scripts only', () => {
		const unavailable = rule('automation.unavailable');
		expect(unavailable.metric(automation({state: 'unavailable'}), now)).toBe(1);
		expect(unavailable.metric(automation(), now)).toBe(0);
		expect(unavailable.metric(automation({state: 'unavailable', automationType: 'topic'}), now)).toBeNull();
		expect(unavailable.message(automation({state: 'unavailable'}), 1, now)).toBe('Backup (Lab HA): unavailable');
	});

	it('fires overdue when a watched automation has not triggered within its period', () => {
		const overdue = rule('automation.overdue');
		expect(overdue.metric(automation(), now)).toBeNull();
		const watched = automation({expectedWithinSec: 86_400});
		expect(overdueSec(watched, now)).toBe(14_400);
		expect(overdue.metric(watched, now)! >= overdue.trigger).toBe(true);
		expect(overdue.message(watched, 14_400, now)).toBe('Backup: not triggered within 1d0h (4h00m overdue)');
		expect(overdue.metric(automation({expectedWithinSec: 2 * 86_400}), now)! < overdue.trigger).toBe(true);
		const never = automation({expectedWithinSec: 3600, lastTriggered: null});
		expect(overdue.message(never, overdue.metric(never, now)!, now)).toBe('Backup: never triggered (expected every 1h00m)');
		expect(overdue.metric(automation({expectedWithinSec: 3600, state: 'unavailable'}), now)).toBeNull();
	});

	it('draws cells, filter fields and a detail with attributes and recent runs', () => {
		const cells = Object.fromEntries(automationKind.columns.map(column => [column.id, column.cell(automation(), context)]));
		expect(cells).toMatchObject({name: 'Backup', hub: 'Lab HA', type: 'automation', state: 'on', last: '1d4h', mode: 'single'});
		expect(automationKind.filterFields(automation({state: 'unavailable'}), context)).toMatchObject({state: ['unavailable', 'unavail'], hub: 'Lab HA', kind: 'automation'});
		const detail = automationKind.detail(automation({expectedWithinSec: 86_400}), context);
		expect(detail.map(section => section.title)).toEqual(['Backup', 'Recent runs', 'Attributes']);
		expect(detail[0]!.fields!.find(field => field.label === 'Expected every')).toMatchObject({value: '1d0h', tone: 'status.warn'});
		expect(detail[2]!.lines).toEqual([{text: 'id: 17'}]);
		expect(automationKind.jsonSchema.required).toContain('runsOn');
	});

	it('raises the alerts through the real alert engine, with the rules the kind registry hands it', () => {
		const health = {id: 'ha', type: 'homeassistant', name: 'ha', status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};
		const drafts = [automation({state: 'unavailable'}), automation({id: 'automation:ha/automation.nightly', localId: 'automation.nightly', name: 'Nightly', expectedWithinSec: 3600})].map(({seenAt: _seenAt, ...draft}) => draft);
		const snapshot = applyPoll(setSources(emptySnapshot('lab'), [health]), 'ha', {entities: drafts}, now, 1);
		for (const rule of automationRules) expect(kindRules).toContain(rule);
		const alerts = new AlertEngine(kindRules, {racks: [], devices: []}).evaluate(snapshot, now);
		expect(alerts.map(alert => alert.message).sort()).toEqual(['Backup (Lab HA): unavailable', 'Nightly: not triggered within 1h00m (1d3h overdue)']);
	});
});

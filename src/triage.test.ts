import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {AlertEngine} from './alerts.js';
import {kindRules} from './kind-rules.js';
import {PlannedChanges} from './planned-changes.js';
import {TriageEngine, triageEvents} from './triage.js';
import type {Snapshot} from './model.js';
import {nodeOfflineRule} from '../plugins/proxmox/alert-rules.js';
import {emptyLab, pollLab, triageTopology, type LabState} from '../test/support/triage-lab.js';

describe('triage events for the timeline', () => {
	it('records an alert raised, escalated and cleared, and its incident opened and closed', () => {
		const triage = new TriageEngine(new AlertEngine([...kindRules, nodeOfflineRule], triageTopology), triageTopology);
		let snapshot: Snapshot = emptyLab();
		const types: string[] = [];
		const step = (state: LabState, at: number) => {
			snapshot = pollLab(snapshot, state, at);
			const result = triage.evaluate(snapshot, at);
			for (const event of triageEvents(snapshot, result, at)) types.push(`${event.type} ${event.message}`);
			snapshot = {...snapshot, alerts: result.alerts, incidents: result.incidents};
		};
		step({}, 0);
		step({pve1Online: false}, 5000);
		step({pve1Online: false}, 70_000);
		step({}, 75_000);
		expect(types).toEqual([
			'alert.raised warning: Proxmox node pve1 (pve) is offline: its guests are down or unknown (critical in 1m)',
			'incident.opened warning: Proxmox node pve1 offline; affects 2',
			'alert.escalated warning → critical: Proxmox node pve1 (pve) is offline: its guests are down or unknown',
			'alert.cleared cleared: Proxmox node pve1 (pve) is offline: its guests are down or unknown',
			'incident.closed closed: Proxmox node pve1 offline (open 70 s)',
		]);
	});
});

describe('planned changes from the audit log', () => {
	it('reads the log written before the console started; a later power-on ends the plan; failed and refused runs are no plan', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-planned-'));
		try {
			const file = path.join(dir, 'audit.jsonl');
			const line = (record: Record<string, unknown>) => `${JSON.stringify({user: 'ops', origin: 'cli', risk: 'high', message: '', ...record})}\n`;
			writeFileSync(file, [
				'{"cut by a crash\n',
				line({time: '2026-12-02T06:00:00.000Z', action: 'outlet.off', targets: ['outlet:pdu-a/5', 'outlet:pdu-a/6'], result: 'ok'}),
				line({time: '2026-12-02T06:01:00.000Z', action: 'outlet.on', targets: ['outlet:pdu-a/6'], result: 'ok'}),
				line({time: '2026-12-02T06:02:00.000Z', action: 'guest.shutdown', targets: ['guest:pve/101'], result: 'failed'}),
				line({time: '2026-12-02T06:03:00.000Z', action: 'outlet.off', targets: ['outlet:pdu-a/7'], result: 'refused'}),
				line({time: '2026-12-02T06:04:00.000Z', action: 'outlet.off', targets: ['outlet:pdu-a/2'], result: 'step', origin: 'console'}),
			].join(''));
			const planned = new PlannedChanges();
			planned.load(file);
			planned.load(path.join(dir, 'missing.jsonl'));
			const now = Date.parse('2026-12-02T07:00:00.000Z');
			expect(planned.lookup('outlet:pdu-a/5', now)).toEqual({action: 'outlet.off', at: Date.parse('2026-12-02T06:00:00.000Z'), user: 'ops', origin: 'cli'});
			expect(planned.lookup('outlet:pdu-a/6', now)).toBeUndefined();
			expect(planned.lookup('guest:pve/101', now)).toBeUndefined();
			expect(planned.lookup('outlet:pdu-a/7', now)).toBeUndefined();
			expect(planned.lookup('outlet:pdu-a/2', now)).toMatchObject({origin: 'plan step'});
			// Older than a day: no longer planned.
			expect(planned.lookup('outlet:pdu-a/5', now + 25 * 3600_000)).toBeUndefined();
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

// Noise control over alert groups: minimum duration, escalation, repeats, flapping, quiet hours;
// and the notify block's validation.
import {describe, expect, it} from 'vitest';
import type {Alert, Severity} from '../src/alerts.js';
import {parseNotify, type NotifyConfig} from '../src/notify-config.js';
import {NoiseControl, type NotifyGroup} from '../app/serve/notify/noise.js';

const base: NotifyConfig = {receivers: [], minDuration: 60, repeatInterval: 600, flapping: {window: 600, maxChanges: 4}, quietHours: null, groupBy: 'alert'};
const group = (severity: Severity, since: number): NotifyGroup => {
	const alert: Alert = {id: 'ups.on-battery:ups:a/1', ruleId: 'ups.on-battery', severity, entityId: 'ups:a/1', source: 'a', message: 'UPS on battery', since, impact: []};
	return {key: alert.id, kind: 'alert', title: alert.message, severity, since, alerts: [alert]};
};
const at = (hh: number, mm = 0) => new Date(2026, 11, 2, hh, mm).getTime();
const kinds = (result: {events: {event: string}[]}) => result.events.map(event => event.event);

describe('noise control', () => {
	it('waits for the minimum duration, escalates, repeats, and resolves once', () => {
		const noise = new NoiseControl(base);
		const t0 = at(12);
		expect(kinds(noise.update([group('warning', t0)], 'lab', t0 + 30_000))).toEqual([]);
		expect(kinds(noise.update([group('warning', t0)], 'lab', t0 + 60_000))).toEqual(['open']);
		expect(kinds(noise.update([group('warning', t0)], 'lab', t0 + 120_000))).toEqual([]);
		expect(kinds(noise.update([group('critical', t0)], 'lab', t0 + 130_000))).toEqual(['escalate']);
		expect(kinds(noise.update([group('critical', t0)], 'lab', t0 + 130_000 + 600_000))).toEqual(['repeat']);
		expect(kinds(noise.update([], 'lab', t0 + 800_000))).toEqual(['resolve']);
		expect(kinds(noise.update([], 'lab', t0 + 900_000))).toEqual([]);
	});

	it('an alert shorter than the minimum duration is never sent, not even its resolution', () => {
		const noise = new NoiseControl(base);
		const t0 = at(12);
		noise.update([group('warning', t0)], 'lab', t0 + 10_000);
		expect(kinds(noise.update([], 'lab', t0 + 20_000))).toEqual([]);
	});

	it('holds back a flapping group and says so', () => {
		const noise = new NoiseControl({...base, minDuration: 0});
		const t0 = at(12);
		const sent: string[] = [];
		const notes: string[] = [];
		for (let index = 0; index < 6; index++) {
			const now = t0 + index * 20_000;
			const result = noise.update(index % 2 === 0 ? [group('warning', now)] : [], 'lab', now);
			sent.push(...kinds(result));
			notes.push(...result.notes.map(note => note.note));
		}
		expect(sent).toEqual(['open', 'resolve', 'open', 'resolve']);
		expect(notes[0]).toMatch(/^flapping \(5 changes in 600 s\): held back$/);
	});

	it('in quiet hours only critical groups go out; a held warning goes out when they end', () => {
		const noise = new NoiseControl({...base, minDuration: 0, quietHours: {from: '22:00', to: '07:00'}});
		expect(kinds(noise.update([group('warning', at(23))], 'lab', at(23, 5)))).toEqual([]);
		expect(kinds(noise.update([group('warning', at(23))], 'lab', at(6, 59) + 86_400_000))).toEqual([]);
		expect(kinds(noise.update([group('warning', at(23))], 'lab', at(7, 0) + 86_400_000))).toEqual(['open']);
		const critical = new NoiseControl({...base, minDuration: 0, quietHours: {from: '22:00', to: '07:00'}});
		expect(kinds(critical.update([group('critical', at(23))], 'lab', at(23, 5)))).toEqual(['open']);
	});
});

describe('the notify config block', () => {
	it('accepts a full block and fills the defaults', () => {
		const config = parseNotify({receivers: [{id: 'am', type: 'alertmanager', url: 'http://127.0.0.1:9093'}], quietHours: {from: '22:00', to: '07:00'}}, 'lab.json');
		expect(config).toMatchObject({minDuration: 0, repeatInterval: 14_400, groupBy: 'alert', receivers: [{id: 'am', minSeverity: 'warning', timeout: 10}]});
	});

	it('names the field that is wrong, in one line', () => {
		expect(() => parseNotify({receivers: [{id: 'x', type: 'pager'}]}, 'lab.json')).toThrow('lab.json: notify.receivers[0].type: must be one of command, webhook, ntfy, alertmanager');
		expect(() => parseNotify({receivers: [{id: 'x', type: 'command', command: 'echo hi'}]}, 'lab.json')).toThrow('notify.receivers[0].command: must be a non-empty array of strings (argv, no shell)');
		expect(() => parseNotify({receivers: [{id: 'x', type: 'ntfy', url: 'ftp://x'}]}, 'lab.json')).toThrow('notify.receivers[0].url: must be an http:// or https:// URL');
		expect(() => parseNotify({receivers: [{id: 'x', type: 'webhook', url: 'http://h'}], quietHours: {from: '25:00', to: '07:00'}}, 'lab.json')).toThrow('notify.quietHours.from: must be "HH:MM" (24 h)');
		expect(() => parseNotify({receivers: []}, 'lab.json')).toThrow('notify.receivers: must be a non-empty array');
	});
});

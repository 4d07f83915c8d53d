// Noise control over alert groups: minimum duration, escalation, repeats, flapping, quiet hours;
// grouping by incident (symptoms folded, planned changes silent); and the notify block's validation.
import {describe, expect, it} from 'vitest';
import type {Alert, Severity} from '../src/alerts.js';
import {parseNotify, type NotifyConfig} from '../src/notify-config.js';
import {groupByAlert, groupByIncident, NoiseControl, type NotifyGroup} from '../app/serve/notify/noise.js';
import type {Incident} from '../src/model.js';
import {emptySnapshot} from '../src/store.js';

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

const alertOf = (id: string, severity: Severity, entityId: string, message: string): Alert => ({id, ruleId: id.split(':')[0]!, severity, entityId, source: 'pdu-a', message, since: at(12), impact: []});
const outletOff = alertOf('incident:outlet-off:outlet:pdu-a/5', 'critical', 'outlet:pdu-a/5', 'PDU A outlet 5 off; affects 2');
const boxDown = alertOf('host.offline:host:ssh-box2/box2', 'critical', 'host:ssh-box2/box2', 'gpu-box-2 unreachable');
const gpusDown = alertOf('source.down:gpus-box2', 'critical', 'gpu:gpus-box2/0', 'gpus-box-2 unreachable');
const diskFull = alertOf('host.disk:host:ssh-nas/nas', 'warning', 'host:ssh-nas/nas', 'nas disk 93 %');
const plannedOff = alertOf('incident:outlet-off:outlet:pdu-a/7', 'info', 'outlet:pdu-a/7', 'PDU A outlet 7 off (planned: outlet.off by ops)');
const incidentOf = (fields: Partial<Incident> & Pick<Incident, 'id' | 'severity' | 'title' | 'subject' | 'alerts'>): Incident => ({cause: 'outlet-off', figure: 'for 2 min', pane: 'power', since: at(12), affected: [], affectedNames: [], planned: null, plannedSteps: [], ...fields});

describe('grouping by incident', () => {
	// What the incident engine leaves in the snapshot: the paging alerts (each incident's own, and
	// the unexplained ones) and the incidents with their symptoms folded in.
	const outage = incidentOf({id: outletOff.id, severity: 'critical', title: 'PDU A outlet 5 off: gpu-box-2 without power', subject: 'outlet:pdu-a/5', alerts: [boxDown, gpusDown], affected: ['device:gpu-box-2', 'gpu:gpus-box2/0'], affectedNames: ['gpu-box-2', 'gpus-box-2 GPU 0']});
	const planned = incidentOf({id: plannedOff.id, severity: 'info', title: 'PDU A outlet 7 off', subject: 'outlet:pdu-a/7', alerts: [], planned: {action: 'outlet.off', at: at(11), user: 'ops', origin: 'console'}});
	const snapshot = {...emptySnapshot('lab'), alerts: [outletOff, plannedOff, diskFull], incidents: [outage, planned]};

	it('one group per paging incident naming its root cause and blast radius; symptoms and planned changes do not group alone', () => {
		const groups = groupByIncident(snapshot);
		expect(groups.map(group => [group.kind, group.key])).toEqual([['incident', outletOff.id], ['alert', diskFull.id]]);
		expect(groups[0]).toMatchObject({severity: 'critical', title: 'PDU A outlet 5 off: gpu-box-2 without power; affects 2: gpu-box-2, gpus-box-2 GPU 0', alerts: [boxDown, gpusDown], incident: {cause: 'outlet-off', subject: 'outlet:pdu-a/5', affected: ['device:gpu-box-2', 'gpu:gpus-box2/0']}});
		// By alert, the planned change's alert would go out on its own.
		expect(groupByAlert(snapshot).map(group => group.key)).toContain(plannedOff.id);
	});

	it('sends one open, one escalation and one resolve per incident', () => {
		const noise = new NoiseControl({...base, minDuration: 0});
		const warning = {...snapshot, incidents: [{...outage, severity: 'warning' as const}, planned], alerts: [outletOff, plannedOff]};
		const opened = noise.update(groupByIncident(warning), 'lab', at(12, 1));
		expect(opened.events.map(event => [event.event, event.group.key, event.severity])).toEqual([['open', outletOff.id, 'warning']]);
		expect(opened.events[0]).toMatchObject({group: {kind: 'incident'}, incident: {affectedNames: ['gpu-box-2', 'gpus-box-2 GPU 0']}});
		const escalated = noise.update(groupByIncident({...warning, incidents: [outage, planned]}), 'lab', at(12, 2));
		expect(escalated.events.map(event => [event.event, event.severity])).toEqual([['escalate', 'critical']]);
		expect(kinds(noise.update(groupByIncident({...warning, incidents: [outage, planned]}), 'lab', at(12, 3)))).toEqual([]);
		const resolved = noise.update(groupByIncident({...snapshot, incidents: [planned], alerts: [plannedOff]}), 'lab', at(12, 4));
		expect(resolved.events.map(event => [event.event, event.group.key])).toEqual([['resolve', outletOff.id]]);
	});
});

describe('the notify config block', () => {
	it('accepts a full block and fills the defaults', () => {
		const config = parseNotify({receivers: [{id: 'am', type: 'alertmanager', url: 'http://127.0.0.1:9093'}], quietHours: {from: '22:00', to: '07:00'}}, 'lab.json');
		expect(config).toMatchObject({minDuration: 0, repeatInterval: 14_400, groupBy: 'incident', receivers: [{id: 'am', minSeverity: 'warning', timeout: 10}]});
	});

	it('names the field that is wrong, in one line', () => {
		expect(() => parseNotify({receivers: [{id: 'x', type: 'pager'}]}, 'lab.json')).toThrow('lab.json: notify.receivers[0].type: must be one of command, webhook, ntfy, alertmanager');
		expect(() => parseNotify({receivers: [{id: 'x', type: 'command', command: 'echo hi'}]}, 'lab.json')).toThrow('notify.receivers[0].command: must be a non-empty array of strings (argv, no shell)');
		expect(() => parseNotify({receivers: [{id: 'x', type: 'ntfy', url: 'ftp://x'}]}, 'lab.json')).toThrow('notify.receivers[0].url: must be an http:// or https:// URL');
		expect(() => parseNotify({receivers: [{id: 'x', type: 'webhook', url: 'http://h'}], quietHours: {from: '25:00', to: '07:00'}}, 'lab.json')).toThrow('notify.quietHours.from: must be "HH:MM" (24 h)');
		expect(() => parseNotify({receivers: []}, 'lab.json')).toThrow('notify.receivers: must be a non-empty array');
		expect(() => parseNotify({receivers: [{id: 'x', type: 'webhook', url: 'http://h'}], groupBy: 'rack'}, 'lab.json')).toThrow('notify.groupBy: must be "alert" or "incident"');
		expect(parseNotify({receivers: [{id: 'x', type: 'webhook', url: 'http://h'}], groupBy: 'alert'}, 'lab.json')?.groupBy).toBe('alert');
	});
});

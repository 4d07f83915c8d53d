// The webhook and ntfy receivers against a real HTTP server on loopback, the command receiver
// with a real process, and their one-line failures.
import {createServer, type IncomingHttpHeaders} from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {alertmanagerAlerts, createReceiver} from '../app/serve/notify/receivers.js';
import type {NotifyEvent} from '../app/serve/notify/noise.js';

type Request = {url: string; headers: IncomingHttpHeaders; body: string};
const requests: Request[] = [];
const server = createServer((request, response) => {
	let body = '';
	request.on('data', chunk => (body += chunk));
	request.on('end', () => {
		requests.push({url: request.url ?? '', headers: request.headers, body});
		response.writeHead(request.url === '/broken' ? 500 : 200).end(request.url === '/broken' ? 'broken on purpose' : 'ok');
	});
});
let base = '';

beforeAll(async () => {
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
});

afterAll(() => server.close());

const event: NotifyEvent = {
	schema: 'labdeck-notify/1',
	event: 'open',
	lab: 'home',
	at: '2026-12-02T06:00:00.000Z',
	group: {key: 'ups.on-battery:ups:a/1', kind: 'alert', title: 'UPS A on battery'},
	severity: 'critical',
	since: '2026-12-02T05:59:00.000Z',
	alerts: [{id: 'ups.on-battery:ups:a/1', ruleId: 'ups.on-battery', severity: 'critical', entityId: 'ups:a/1', source: 'a', message: 'UPS A on battery', since: Date.parse('2026-12-02T05:59:00.000Z'), impact: ['host:pve/pve1']}],
};
const config = {minSeverity: 'info', timeout: 5} as const;

describe('notification receivers', () => {
	it('webhook: the event as JSON', async () => {
		const receiver = createReceiver({id: 'hook', type: 'webhook', url: `${base}/hook`, headers: {authorization: 'Bearer x'}, ...config}, {repeatInterval: 0});
		expect(await receiver.send(event, AbortSignal.timeout(5000))).toBe('HTTP 200');
		const request = requests.at(-1)!;
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.headers.authorization).toBe('Bearer x');
		expect(JSON.parse(request.body)).toEqual(event);
	});

	it('ntfy: text body, title, priority and tags', async () => {
		const receiver = createReceiver({id: 'phone', type: 'ntfy', url: `${base}/lab-alerts`, ...config}, {repeatInterval: 0});
		await receiver.send(event, AbortSignal.timeout(5000));
		const request = requests.at(-1)!;
		expect(request.url).toBe('/lab-alerts');
		expect(request.headers).toMatchObject({title: '[home] open critical: UPS A on battery', priority: '5', tags: 'rotating_light'});
		expect(request.body).toBe('critical: UPS A on battery (affects 1)');
	});

	it('an incident goes out as one message: its root cause, blast radius and folded alerts', async () => {
		const symptom = {...event.alerts[0]!, id: 'host.offline:host:s/pve1', ruleId: 'host.offline', severity: 'warning' as const, entityId: 'host:s/pve1', source: 's', message: 'pve1 unreachable', impact: []};
		const own = {...event.alerts[0]!, id: 'ups.on-battery:ups:a/1'};
		const incident: NotifyEvent = {
			...event,
			group: {key: 'incident:ups-on-battery:ups:a/1', kind: 'incident', title: 'UPS A on battery; affects 2: pve1, nas'},
			alerts: [own, symptom],
			incident: {cause: 'ups-on-battery', subject: 'ups:a/1', figure: '12 min left', affected: ['device:pve1', 'device:nas'], affectedNames: ['pve1', 'nas']},
		};
		const receiver = createReceiver({id: 'phone', type: 'ntfy', url: `${base}/lab-alerts`, ...config}, {repeatInterval: 0});
		await receiver.send(incident, AbortSignal.timeout(5000));
		const request = requests.at(-1)!;
		expect(request.headers.title).toBe('[home] open critical: UPS A on battery; affects 2: pve1, nas');
		expect(request.body).toBe('UPS A on battery; affects 2: pve1, nas (12 min left)\n- critical: UPS A on battery\n- warning: pve1 unreachable');
		const [alert, ...more] = alertmanagerAlerts(incident, 600);
		expect(more).toEqual([]);
		expect(alert).toEqual({
			labels: {alertname: 'ups.on-battery', severity: 'critical', lab: 'home', incident: 'incident:ups-on-battery:ups:a/1', cause: 'ups-on-battery', source: 'a', entity: 'ups:a/1'},
			annotations: {summary: 'UPS A on battery; affects 2: pve1, nas', figure: '12 min left', impact: 'pve1, nas', alerts: 'UPS A on battery; pve1 unreachable'},
			startsAt: event.since,
			endsAt: '2026-12-02T06:30:00.000Z',
		});
		const resolved = alertmanagerAlerts({...incident, event: 'resolve', incident: {...incident.incident!, subject: 'source:pdu-x'}, alerts: []}, 600)[0]!;
		expect(resolved).toMatchObject({labels: {alertname: 'incident.ups-on-battery', source: 'pdu-x'}, endsAt: event.at});
		expect((resolved.labels as Record<string, string>).entity).toBeUndefined();
	});

	it('a receiver that answers with an error is a one-line failure naming it', async () => {
		const receiver = createReceiver({id: 'hook', type: 'webhook', url: `${base}/broken`, ...config}, {repeatInterval: 0});
		await expect(receiver.send(event, AbortSignal.timeout(5000))).rejects.toThrow(`HTTP 500 from ${base}/broken: broken on purpose`);
	});

	it('command: the event as JSON on stdin; a failing command names its exit', async () => {
		const receiver = createReceiver({id: 'cmd', type: 'command', command: ['node', '-e', 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.exit(JSON.parse(s).group.key==="ups.on-battery:ups:a/1"?0:3))'], ...config}, {repeatInterval: 0});
		expect(await receiver.send(event, AbortSignal.timeout(5000))).toBe('exit 0');
		const failing = createReceiver({id: 'cmd', type: 'command', command: ['sh', '-c', 'echo nope >&2; exit 7'], ...config}, {repeatInterval: 0});
		await expect(failing.send(event, AbortSignal.timeout(5000))).rejects.toThrow('sh exited 7: nope');
	});
});

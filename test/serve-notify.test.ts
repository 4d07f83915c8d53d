// Notifications from `labdeck serve` during a power outage on a UPS behind NUT (the project's NUT
// simulator speaking the real protocol; mains cut, then restored): the real Alertmanager from
// Debian receives the on-battery incident (grouped by incident, the default) and then its
// resolution; a command receiver gets every event as JSON on stdin, one per incident; a receiver
// that never answers is recorded as failed and blocks nothing.
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {createServer, type Server} from 'node:http';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startNutSimulator, type NutSimulator} from '../plugins/nut/sim/simulator.js';
import {repoRoot, runCli} from './support/cli.js';
import {freePort, startServeRig, stopChild, type ServeRig} from './support/serve.js';

const alertmanagerBin = '/usr/bin/prometheus-alertmanager';
const hasAlertmanager = existsSync(alertmanagerBin);
if (!hasAlertmanager) console.warn('serve-notify: skipped: prometheus-alertmanager (Debian package) is not installed');

let rig: ServeRig;
let nut: NutSimulator;
let alertmanager: ChildProcess | undefined;
let alertmanagerUrl = '';
let silent: Server;
const events = () => (existsSync(eventsFile) ? readFileSync(eventsFile, 'utf8').trim().split('\n').filter(Boolean).map(line => JSON.parse(line) as {event: string; group: {key: string; kind: string; title: string}; alerts: {ruleId: string}[]; incident?: {cause: string; subject: string}}) : []);
let eventsFile = '';
let workDir = '';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await Promise.resolve(probe()).catch(() => undefined);
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 200));
	}
}

async function startAlertmanager(dir: string): Promise<void> {
	const config = path.join(dir, 'alertmanager.yml');
	writeFileSync(config, 'route:\n  receiver: nobody\n  group_wait: 1s\nreceivers:\n  - name: nobody\n');
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		const storage = path.join(dir, `am-${attempt}`);
		mkdirSync(storage, {recursive: true});
		const child = spawn(alertmanagerBin, [`--config.file=${config}`, `--storage.path=${storage}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], {stdio: ['ignore', 'ignore', 'pipe']});
		let log = '';
		child.stderr!.on('data', chunk => (log += chunk));
		alertmanager = child;
		alertmanagerUrl = `http://127.0.0.1:${port}`;
		try {
			await waitFor('alertmanager ready', async () => (child.exitCode === null ? ((await fetch(`${alertmanagerUrl}/-/ready`)).ok ? true : undefined) : Promise.reject(new Error(log))));
			return;
		} catch (error) {
			await stopChild(child);
			if (!/address already in use/.test(log)) throw error;
		}
	}
	throw new Error('alertmanager: no free port after 3 attempts');
}

type AmAlert = {labels: Record<string, string>; status: {state: string}; endsAt: string};

async function amAlerts(): Promise<AmAlert[]> {
	return (await (await fetch(`${alertmanagerUrl}/api/v2/alerts`)).json()) as AmAlert[];
}

beforeAll(async () => {
	if (!hasAlertmanager) return;
	nut = await startNutSimulator({ups: {desk: readFileSync(path.join(repoRoot, 'fixtures', 'nut', 'desk.dev'), 'utf8')}});
	// A webhook that accepts the connection and never answers.
	silent = createServer(() => {});
	await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
	const silentPort = (silent.address() as {port: number}).port;
	workDir = mkdtempSync(path.join(tmpdir(), 'labdeck-notify-'));
	await startAlertmanager(workDir);
	eventsFile = path.join(workDir, 'events.jsonl');
	rig = await startServeRig({
		config: {
			lab: 'outage-drill',
			sources: [{id: 'nut-mains', type: 'nut', host: '127.0.0.1', port: nut.port, interval: 1, timeout: 2}],
			notify: {
				minDuration: 0,
				repeatInterval: 0,
				receivers: [
					{id: 'am', type: 'alertmanager', url: alertmanagerUrl},
					{id: 'log', type: 'command', command: ['sh', '-c', `cat >> '${eventsFile}'; echo >> '${eventsFile}'`], minSeverity: 'info'},
					{id: 'silent', type: 'webhook', url: `http://127.0.0.1:${silentPort}/hook`, timeout: 1},
				],
			},
		},
	});
}, 90_000);

afterAll(async () => {
	await rig?.stop();
	await stopChild(alertmanager);
	await nut?.stop();
	silent?.closeAllConnections();
	silent?.close();
	if (workDir) rmSync(workDir, {recursive: true, force: true});
});

describe.skipIf(!hasAlertmanager)('labdeck serve notifications', () => {
	it('Alertmanager receives the on-battery incident when mains fail, and its resolution when mains return', async () => {
		const incidentId = 'incident:ups-on-battery:ups:nut-mains/desk';
		nut.setMains(false);
		const firing = await waitFor('the incident in Alertmanager', async () => (await amAlerts()).find(alert => alert.labels.incident === incidentId));
		expect(firing.labels).toMatchObject({alertname: 'ups.on-battery', cause: 'ups-on-battery', source: 'nut-mains', entity: 'ups:nut-mains/desk', lab: 'outage-drill', severity: expect.any(String)});
		expect(firing.status.state).toBe('active');
		const open = await waitFor('the open event on the command receiver', () => events().find(event => event.event === 'open' && event.group.key === incidentId));
		expect(open).toMatchObject({group: {kind: 'incident'}, incident: {cause: 'ups-on-battery', subject: 'ups:nut-mains/desk'}});
		nut.setMains(true);
		await waitFor('the resolution in Alertmanager', async () => ((await amAlerts()).some(alert => alert.labels.incident === incidentId) ? undefined : true));
		await waitFor('the resolve event on the command receiver', () => events().find(event => event.event === 'resolve' && event.group.key === incidentId));
		// One notification per incident: the UPS's own alert did not go out by itself.
		expect(events().filter(event => event.group.kind !== 'incident' && event.alerts.some(alert => alert.ruleId === 'ups.on-battery'))).toEqual([]);
		expect(events().filter(event => event.event === 'open' && event.group.key === incidentId)).toHaveLength(1);
		// The receiver that never answers is recorded as failed, and delayed nobody.
		await waitFor('the failure record', () => (/notify silent: failed: open .* no answer within 1 s/.test(rig.serveLog()) ? true : undefined));
		expect(rig.serveLog()).toMatch(/notify am: sent open \S+ incident:ups-on-battery:ups:nut-mains\/desk \(HTTP 200\)/);
		expect(rig.serveLog()).toMatch(/notify am: sent resolve/);
		expect(rig.serveLog()).not.toContain('groupBy');
		// Every notification sent or failed is in the timeline too.
		const timeline = await runCli(['events', '--json'], {env: rig.env});
		const notified = (JSON.parse(timeline.stdout) as {items: {type: string; message: string; details: {receiver: string; isOk: boolean}}[]}).items.filter(item => item.type === 'notify');
		expect(notified).toContainEqual(expect.objectContaining({message: expect.stringMatching(/^notify am: sent open /), details: expect.objectContaining({receiver: 'am', isOk: true})}));
		expect(notified).toContainEqual(expect.objectContaining({details: expect.objectContaining({receiver: 'silent', isOk: false})}));
	}, 60_000);
});

// Where notifications go: a command (the event as JSON on stdin, argv without a shell), a generic
// JSON webhook, ntfy (a topic URL: text body, Title/Priority/Tags headers), and Alertmanager's
// `/api/v2/alerts` (its own routing, grouping and silences then apply). Each delivery is bounded by
// the receiver's timeout and an AbortSignal; a failure is an Error with one line naming it.
import {spawn} from 'node:child_process';
import type {ReceiverConfig} from '../../../src/notify-config.js';
import type {NotifyEvent} from './noise.js';

export type Receiver = {
	readonly id: string;
	readonly config: ReceiverConfig;
	/** Resolves with a short note (`HTTP 200`, `exit 0`); rejects with a one-line error. */
	send(event: NotifyEvent, signal: AbortSignal): Promise<string>;
};

export function createReceiver(config: ReceiverConfig, options: {readonly repeatInterval: number}): Receiver {
	const send = {
		command: async (event: NotifyEvent, signal: AbortSignal) => runCommand(config.command ?? [], JSON.stringify(event), signal),
		webhook: async (event: NotifyEvent, signal: AbortSignal) => post(config.url!, JSON.stringify(event), {'content-type': 'application/json', ...config.headers}, signal),
		ntfy: async (event: NotifyEvent, signal: AbortSignal) => post(config.url!, ntfyBody(event), {...ntfyHeaders(event), ...config.headers}, signal),
		alertmanager: async (event: NotifyEvent, signal: AbortSignal) => post(`${config.url!.replace(/\/+$/, '')}/api/v2/alerts`, JSON.stringify(alertmanagerAlerts(event, options.repeatInterval)), {'content-type': 'application/json', ...config.headers}, signal),
	}[config.type];
	return {id: config.id, config, send};
}

async function post(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<string> {
	const response = await fetch(url, {method: 'POST', body, headers, signal, redirect: 'error'});
	const text = await response.text().catch(() => '');
	if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}: ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
	return `HTTP ${response.status}`;
}

async function runCommand(argv: readonly string[], input: string, signal: AbortSignal): Promise<string> {
	const [file, ...args] = argv;
	return new Promise((resolve, reject) => {
		const child = spawn(file!, args, {stdio: ['pipe', 'ignore', 'pipe'], signal});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr = (stderr + String(chunk)).slice(-300)));
		child.on('error', error => reject(new Error(`${file}: ${error.message}`)));
		child.on('close', (code, killedBy) => {
			if (code === 0) resolve('exit 0');
			else reject(new Error(`${file} exited ${code ?? killedBy}${stderr.trim() ? `: ${stderr.trim().replace(/\s+/g, ' ')}` : ''}`));
		});
		child.stdin.on('error', () => {});
		child.stdin.end(input);
	});
}

function ntfyBody(event: NotifyEvent): string {
	if (event.incident) {
		// One message per incident: the root cause and what it takes down, then the folded alerts.
		const head = [`${event.group.title}${event.incident.figure ? ` (${event.incident.figure})` : ''}`];
		const folded = event.alerts.map(alert => `- ${alert.severity}: ${alert.message}`);
		return `${event.event === 'resolve' ? 'Resolved: ' : ''}${[...head, ...folded].join('\n')}`;
	}
	const lines = event.alerts.map(alert => `${alert.severity}: ${alert.message}${alert.impact.length > 0 ? ` (affects ${alert.impact.length})` : ''}`);
	return `${event.event === 'resolve' ? 'Resolved: ' : ''}${lines.join('\n')}`;
}

function ntfyHeaders(event: NotifyEvent): Record<string, string> {
	const priority = event.event === 'resolve' ? '2' : event.severity === 'critical' ? '5' : event.severity === 'warning' ? '4' : '3';
	// Header values must be Latin-1: keep the title ASCII.
	const title = `[${event.lab}] ${event.event} ${event.severity}: ${event.group.title}`.replace(/[^\x20-\x7E]/g, '?').slice(0, 200);
	return {'content-type': 'text/plain; charset=utf-8', title, priority, tags: event.event === 'resolve' ? 'white_check_mark' : event.severity === 'critical' ? 'rotating_light' : 'warning'};
}

/**
 * Alertmanager alerts: firing ones stay valid for three repeat intervals (a day when repeats are off);
 * a resolve sets endsAt to now. An incident is one alert: named after its root cause's rule
 * (`incident.<cause>` when the cause has no alert of its own), its blast radius in the annotations.
 */
export function alertmanagerAlerts(event: NotifyEvent, repeatInterval: number): Record<string, unknown>[] {
	const validMs = (repeatInterval > 0 ? 3 * repeatInterval : 86_400) * 1000;
	const endsAt = event.event === 'resolve' ? event.at : new Date(Date.parse(event.at) + validMs).toISOString();
	const {incident} = event;
	if (incident) {
		const isSource = incident.subject.startsWith('source:');
		const own = event.alerts.find(alert => (isSource ? alert.entityId === null && `source:${alert.source}` === incident.subject : alert.entityId === incident.subject));
		const source = own?.source ?? (isSource ? incident.subject.slice('source:'.length) : event.alerts[0]?.source);
		return [{
			labels: {
				alertname: own?.ruleId ?? `incident.${incident.cause}`,
				severity: event.severity,
				lab: event.lab,
				incident: event.group.key,
				cause: incident.cause,
				...(source ? {source} : {}),
				...(isSource ? {} : {entity: incident.subject}),
			},
			annotations: {
				summary: event.group.title,
				...(incident.figure ? {figure: incident.figure} : {}),
				...(incident.affected.length > 0 ? {impact: incident.affectedNames.join(', ')} : {}),
				...(event.alerts.length > 0 ? {alerts: event.alerts.map(alert => alert.message).join('; ')} : {}),
			},
			startsAt: event.since,
			endsAt,
		}];
	}
	return event.alerts.map(alert => ({
		labels: {
			alertname: alert.ruleId,
			severity: alert.severity,
			source: alert.source,
			lab: event.lab,
			labdeck_alert: alert.id,
			...(alert.entityId ? {entity: alert.entityId} : {}),
			...(event.group.kind === 'incident' ? {incident: event.group.key} : {}),
		},
		annotations: {summary: alert.message, ...(alert.impact.length > 0 ? {impact: alert.impact.join(', ')} : {})},
		startsAt: new Date(alert.since).toISOString(),
		endsAt,
	}));
}

// The config's top-level `notify` block: where `labdeck serve` sends alert notifications and the
// noise control applied first. Parsed and checked here (pure); a bad block is a ConfigError naming
// the field, so `labdeck config check` and `labdeck serve` report it in one line.
import type {Severity} from './alerts.js';
import {ConfigError} from './errors.js';

export type ReceiverType = 'command' | 'webhook' | 'ntfy' | 'alertmanager';

export type ReceiverConfig = {
	readonly id: string;
	readonly type: ReceiverType;
	/** `command`: argv, the event as JSON on stdin. */
	readonly command?: readonly string[];
	/** `webhook`, `ntfy` (topic URL), `alertmanager` (base URL; `/api/v2/alerts` is appended). */
	readonly url?: string;
	readonly headers?: Readonly<Record<string, string>>;
	/** Lowest severity this receiver gets. */
	readonly minSeverity: Severity;
	/** Seconds for one delivery. */
	readonly timeout: number;
};

export type NotifyConfig = {
	readonly receivers: readonly ReceiverConfig[];
	/** Seconds an alert must stay active before it is notified. */
	readonly minDuration: number;
	/** Seconds between reminders of a group still open (0: never). */
	readonly repeatInterval: number;
	/** More than `maxChanges` opens/resolves within `window` seconds: the group is flapping and held back. */
	readonly flapping: {readonly window: number; readonly maxChanges: number};
	/** Local wall-clock `HH:MM` range in which only critical notifications go out. */
	readonly quietHours: {readonly from: string; readonly to: string} | null;
	/** `incident` (default): one notification per incident (src/incidents.ts); `alert`: one per alert. */
	readonly groupBy: 'alert' | 'incident';
};

const severities: readonly Severity[] = ['critical', 'warning', 'info'];
const types: readonly ReceiverType[] = ['command', 'webhook', 'ntfy', 'alertmanager'];

export function parseNotify(raw: unknown, label: string): NotifyConfig | null {
	if (raw === undefined) return null;
	const fail = (field: string, detail: string): never => {
		throw new ConfigError({source: label, operation: `notify.${field}`}, detail);
	};
	if (!isRecord(raw)) return fail('', 'must be an object');
	for (const key of Object.keys(raw)) if (!['receivers', 'minDuration', 'repeatInterval', 'flapping', 'quietHours', 'groupBy'].includes(key)) fail(key, 'unknown field');
	if (!Array.isArray(raw.receivers) || raw.receivers.length === 0) fail('receivers', 'must be a non-empty array');
	const seen = new Set<string>();
	const receivers = (raw.receivers as unknown[]).map((block, index): ReceiverConfig => {
		const at = `receivers[${index}]`;
		if (!isRecord(block)) return fail(at, 'must be an object');
		const id = typeof block.id === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(block.id) ? block.id : fail(`${at}.id`, 'must be a kebab-case string');
		if (seen.has(id)) fail(`${at}.id`, `duplicate id "${id}"`);
		seen.add(id);
		const type = types.includes(block.type as ReceiverType) ? (block.type as ReceiverType) : fail(`${at}.type`, `must be one of ${types.join(', ')}`);
		const minSeverity = block.minSeverity === undefined ? 'warning' : severities.includes(block.minSeverity as Severity) ? (block.minSeverity as Severity) : fail(`${at}.minSeverity`, `must be one of ${severities.join(', ')}`);
		const timeout = block.timeout === undefined ? 10 : positive(block.timeout) ?? fail(`${at}.timeout`, 'must be a positive number of seconds');
		if (type === 'command') {
			if (!Array.isArray(block.command) || block.command.length === 0 || !block.command.every(part => typeof part === 'string')) fail(`${at}.command`, 'must be a non-empty array of strings (argv, no shell)');
			return {id, type, command: block.command as string[], minSeverity, timeout};
		}
		if (typeof block.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(block.url)) fail(`${at}.url`, 'must be an http:// or https:// URL');
		const headers = block.headers === undefined ? {} : isRecord(block.headers) && Object.values(block.headers).every(value => typeof value === 'string') ? (block.headers as Record<string, string>) : fail(`${at}.headers`, 'must be an object of strings');
		return {id, type, url: block.url as string, headers, minSeverity, timeout};
	});
	const minDuration = raw.minDuration === undefined ? 0 : nonNegative(raw.minDuration) ?? fail('minDuration', 'must be a number of seconds ≥ 0');
	const repeatInterval = raw.repeatInterval === undefined ? 4 * 3600 : nonNegative(raw.repeatInterval) ?? fail('repeatInterval', 'must be a number of seconds ≥ 0');
	let flapping = {window: 600, maxChanges: 4};
	if (raw.flapping !== undefined) {
		if (!isRecord(raw.flapping)) fail('flapping', 'must be {"window": seconds, "maxChanges": n}');
		const block = raw.flapping as Record<string, unknown>;
		flapping = {window: positive(block.window) ?? fail('flapping.window', 'must be a positive number of seconds'), maxChanges: positive(block.maxChanges) ?? fail('flapping.maxChanges', 'must be a positive number')};
	}
	let quietHours: NotifyConfig['quietHours'] = null;
	if (raw.quietHours !== undefined) {
		const block = isRecord(raw.quietHours) ? raw.quietHours : fail('quietHours', 'must be {"from": "HH:MM", "to": "HH:MM"}');
		const time = (field: 'from' | 'to') => (typeof block[field] === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(block[field]) ? block[field] : fail(`quietHours.${field}`, 'must be "HH:MM" (24 h)'));
		quietHours = {from: time('from'), to: time('to')};
	}
	const groupBy = raw.groupBy === undefined ? 'incident' : raw.groupBy === 'alert' || raw.groupBy === 'incident' ? raw.groupBy : fail('groupBy', 'must be "alert" or "incident"');
	return {receivers, minDuration, repeatInterval, flapping, quietHours, groupBy};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positive(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function nonNegative(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** Whether `now` (local time) falls in the quiet hours; a range may wrap midnight. */
export function isQuiet(quiet: NotifyConfig['quietHours'], now: Date): boolean {
	if (!quiet) return false;
	const minutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3));
	const at = now.getHours() * 60 + now.getMinutes();
	const from = minutes(quiet.from);
	const to = minutes(quiet.to);
	return from <= to ? at >= from && at < to : at >= from || at < to;
}

// Pure parsing of HomeSeer HS4 JSON replies: `getstatus` (devices) and `getevents` (event groups
// and names) into automation entities. Events are automations (`event`); the devices the config
// lists are read-only `device` rows with their status text. HS4 writes times as `/Date(ms±zone)/`.
import {DeviceReplyError, type ErrorContext} from '../../src/errors.js';
import {entityId, type AutomationEntity} from '../../src/entities.js';

export type HsDevice = {readonly ref: number; readonly name: string; readonly location: string; readonly status: string; readonly value: number | null; readonly lastChange: string | null; readonly type: string};
export type HsEvent = {readonly id: number; readonly group: string; readonly name: string; readonly lastRun: string | null};
export type HsOptions = {readonly source: string; readonly hub: string; readonly runsOn: string | null};

type Draft = Omit<AutomationEntity, 'seenAt'>;

// eslint-disable-next-line no-control-regex
const clean = (value: unknown, max = 80): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, max);

/** `/Date(1764650000000)/` or `/Date(1764655000000-0500)/` (ms are UTC either way) → ISO. */
export function parseHsDate(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const match = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value);
	if (match) return new Date(Number(match[1])).toISOString();
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function objectReply(reply: unknown, member: string, context: ErrorContext): unknown[] {
	if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) throw new DeviceReplyError(context, `expected a JSON object, got ${Array.isArray(reply) ? 'a list' : typeof reply}`);
	const record = reply as Record<string, unknown>;
	if (typeof record.Response === 'string' && /^error/i.test(record.Response)) throw new DeviceReplyError(context, `HS4 answered "${clean(record.Response, 120)}"`);
	const list = record[member];
	if (!Array.isArray(list)) throw new DeviceReplyError(context, `reply has no "${member}" list`);
	return list;
}

export function parseStatus(reply: unknown, context: ErrorContext): HsDevice[] {
	return objectReply(reply, 'Devices', context).map(item => {
		const record = (item ?? {}) as Record<string, unknown>;
		if (typeof record.ref !== 'number') throw new DeviceReplyError(context, 'device without a numeric ref');
		return {
			ref: record.ref,
			name: clean(record.name) || `device ${record.ref}`,
			location: [record.location2, record.location].map(part => clean(part, 30)).filter(Boolean).join(' / '),
			status: clean(record.status, 40),
			value: typeof record.value === 'number' && Number.isFinite(record.value) ? record.value : null,
			lastChange: parseHsDate(record.last_change),
			type: clean(record.device_type_string, 40),
		};
	});
}

export function parseEvents(reply: unknown, context: ErrorContext): HsEvent[] {
	return objectReply(reply, 'Events', context).map(item => {
		const record = (item ?? {}) as Record<string, unknown>;
		if (typeof record.Name !== 'string' || typeof record.id !== 'number') throw new DeviceReplyError(context, 'event without a Name and a numeric id');
		return {id: record.id, group: clean(record.Group) || 'Default', name: clean(record.Name), lastRun: parseHsDate(record.Last_Triggered ?? record.last_triggered ?? null)};
	});
}

const base = (options: HsOptions, localId: string, name: string) => ({id: entityId('automation', options.source, localId), kind: 'automation' as const, source: options.source, localId, name, hub: options.hub, runsOn: options.runsOn, expectedWithinSec: null});

export function eventEntity(event: HsEvent, options: HsOptions, recentRuns: readonly string[] = []): Draft {
	const lastTriggered = event.lastRun ?? recentRuns[0] ?? null;
	return {
		...base(options, `event/${event.id}`, `${event.group}: ${event.name}`),
		automationType: 'event', state: 'on', isEnabled: null, lastTriggered, mode: null, currentRuns: null, value: null,
		attributes: {group: event.group, name: event.name, id: String(event.id)}, recentRuns,
	};
}

export function deviceEntity(device: HsDevice, options: HsOptions): Draft {
	const status = device.status.toLowerCase();
	return {
		...base(options, `device/${device.ref}`, device.name),
		automationType: 'device',
		state: status === 'on' ? 'on' : status === 'off' ? 'off' : 'unknown',
		isEnabled: null, lastTriggered: device.lastChange, mode: null, currentRuns: null, value: device.status || (device.value === null ? null : String(device.value)),
		attributes: {ref: String(device.ref), location: device.location, type: device.type, value: device.value === null ? '–' : String(device.value)}, recentRuns: [],
	};
}

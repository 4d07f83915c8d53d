// Pure parsing of Home Assistant replies: `/api/states` (and the `new_state` of a `state_changed`
// event) into automation entities. Automations, scripts and scenes always; sensors and binary
// sensors only when the config names them (read-only). Text from HA is sanitised before it is
// kept, since it ends up on a terminal.
import {DeviceReplyError} from '../../src/errors.js';
import {entityId, type AutomationEntity} from '../../src/entities.js';

export type HaState = {
	readonly entityId: string;
	readonly state: string;
	readonly attributes: Readonly<Record<string, unknown>>;
	readonly lastChanged: string | null;
};

export type HaOptions = {
	readonly source: string;
	readonly hub: string;
	/** Sensor and binary_sensor entity ids to show. */
	readonly sensors: ReadonlySet<string>;
	/** Watched automations: entity id → expected period in seconds. */
	readonly watch: ReadonlyMap<string, number>;
	readonly runsOn: string | null;
};

export type AutomationDraft = Omit<AutomationEntity, 'seenAt'>;

const runnableDomains = new Set(['automation', 'script', 'scene']);
const sensorDomains = new Set(['sensor', 'binary_sensor']);
const keptAttributes = 20;

/** Strips control characters (escape sequences, OSC) and caps the length. */
export function cleanText(value: unknown, max = 120): string {
	const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value) ?? '';
	// eslint-disable-next-line no-control-regex
	const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function parseState(raw: unknown, context: {source: string; operation: string}): HaState {
	if (typeof raw !== 'object' || raw === null) throw new DeviceReplyError(context, 'state is not an object');
	const record = raw as Record<string, unknown>;
	if (typeof record.entity_id !== 'string' || !/^[a-z_0-9]+\.[\w-]+$/i.test(record.entity_id)) throw new DeviceReplyError(context, `state without a valid entity_id (${cleanText(record.entity_id, 40)})`);
	const attributes = typeof record.attributes === 'object' && record.attributes !== null ? (record.attributes as Record<string, unknown>) : {};
	return {
		entityId: record.entity_id,
		state: typeof record.state === 'string' ? record.state : 'unknown',
		attributes,
		lastChanged: typeof record.last_changed === 'string' ? record.last_changed : null,
	};
}

export function parseStates(reply: unknown, context: {source: string; operation: string}): HaState[] {
	if (!Array.isArray(reply)) throw new DeviceReplyError(context, `expected a list of states, got ${reply === null ? 'null' : typeof reply}`);
	return reply.map(item => parseState(item, context));
}

export function isShown(state: HaState, options: HaOptions): boolean {
	const domain = state.entityId.split('.')[0] ?? '';
	return runnableDomains.has(domain) || (sensorDomains.has(domain) && options.sensors.has(state.entityId));
}

function isoOrNull(value: unknown): string | null {
	if (typeof value !== 'string' || value === '') return null;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function stateOf(domain: string, raw: string, currentRuns: number | null): AutomationEntity['state'] {
	if (raw === 'unavailable') return 'unavailable';
	if (domain === 'script') return raw === 'on' ? 'running' : raw === 'off' ? 'off' : 'unknown';
	if (domain === 'automation') {
		if (raw === 'off') return 'off';
		if (raw === 'on') return currentRuns !== null && currentRuns > 0 ? 'running' : 'on';
		return 'unknown';
	}
	if (domain === 'binary_sensor') return raw === 'on' ? 'on' : raw === 'off' ? 'off' : 'unknown';
	return 'unknown';
}

/** One HA state as an automation entity; `recentRuns` is what the caller has seen so far. */
export function toEntity(state: HaState, options: HaOptions, recentRuns: readonly string[] = []): AutomationDraft {
	const domain = state.entityId.split('.')[0] ?? '';
	const attrs = state.attributes;
	const currentRuns = typeof attrs.current === 'number' && Number.isFinite(attrs.current) ? attrs.current : null;
	const isSensor = sensorDomains.has(domain);
	const unit = typeof attrs.unit_of_measurement === 'string' ? ` ${cleanText(attrs.unit_of_measurement, 12)}` : '';
	const lastTriggered = isSensor ? isoOrNull(state.lastChanged) : isoOrNull(attrs.last_triggered ?? (domain === 'scene' ? state.state : null));
	const attributes: Record<string, string> = {entity_id: state.entityId};
	for (const [key, value] of Object.entries(attrs).slice(0, keptAttributes)) {
		if (key === 'friendly_name' || key === 'last_triggered' || value === null || value === undefined) continue;
		attributes[cleanText(key, 40)] = cleanText(value);
	}
	const name = typeof attrs.friendly_name === 'string' && attrs.friendly_name !== '' ? cleanText(attrs.friendly_name, 80) : state.entityId;
	const mode = typeof attrs.mode === 'string' ? cleanText(attrs.mode, 16) : null;
	return {
		id: entityId('automation', options.source, state.entityId),
		kind: 'automation',
		source: options.source,
		localId: state.entityId,
		name,
		hub: options.hub,
		automationType: isSensor ? 'sensor' : (domain as 'automation' | 'script' | 'scene'),
		state: stateOf(domain, state.state, currentRuns),
		isEnabled: domain === 'automation' ? (state.state === 'on' ? true : state.state === 'off' ? false : null) : null,
		lastTriggered,
		mode,
		currentRuns,
		value: isSensor ? `${cleanText(state.state, 40)}${unit}` : null,
		attributes,
		recentRuns: lastTriggered && !recentRuns.includes(lastTriggered) ? [lastTriggered, ...recentRuns].slice(0, 5) : recentRuns,
		expectedWithinSec: options.watch.get(state.entityId) ?? null,
		runsOn: options.runsOn,
	};
}

/** Parses `/api/config` for the hub's display name and version. */
export function parseConfig(reply: unknown): {locationName: string | null; version: string | null} {
	const record = typeof reply === 'object' && reply !== null ? (reply as Record<string, unknown>) : {};
	return {
		locationName: typeof record.location_name === 'string' && record.location_name !== '' ? cleanText(record.location_name, 40) : null,
		version: typeof record.version === 'string' ? cleanText(record.version, 20) : null,
	};
}

export function toEntities(states: readonly HaState[], options: HaOptions): AutomationDraft[] {
	return states.filter(state => isShown(state, options)).map(state => toEntity(state, options));
}

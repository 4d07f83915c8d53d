// The latest value per MQTT topic, with availability and names, as automation entities (pure: no
// I/O). Availability comes from Home Assistant discovery (`availability_topic`), from
// Zigbee2MQTT-style `<device>/availability` topics (`online`/`offline` or `{"state":"online"}`)
// and from Tasmota last-will topics (`tele/<device>/LWT`: `Online`/`Offline`). Names come from
// HA MQTT discovery config payloads (`homeassistant/<component>/…/config`). Availability and
// discovery topics are metadata, not rows.
import {entityId, type AutomationEntity} from '../../src/entities.js';

type Draft = Omit<AutomationEntity, 'seenAt'>;

type TopicValue = {payload: string; at: number; isRetained: boolean; count: number};
type Discovery = {readonly name: string; readonly availabilityTopic: string | null; readonly online: string; readonly offline: string; readonly unit: string | null; readonly uniqueId: string | null};

export type TopicOptions = {readonly source: string; readonly hub: string; readonly runsOn: string | null; readonly maxTopics: number};

// eslint-disable-next-line no-control-regex
export const cleanPayload = (text: string, max = 40): string => {
	const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export const isDiscoveryTopic = (topic: string): boolean => /^homeassistant\/[^/]+\/(?:[^/]+\/)?[^/]+\/config$/.test(topic);
export const isAvailabilityTopic = (topic: string): boolean => /\/availability$/.test(topic) || /^tele\/[^/]+\/LWT$/.test(topic);

/** Reads an HA discovery config payload; null when it names no state topic (or is not JSON). */
export function parseDiscovery(payload: string): ({readonly stateTopic: string} & Discovery) | null {
	let record: Record<string, unknown>;
	try {
		record = JSON.parse(payload) as Record<string, unknown>;
	} catch {
		return null;
	}
	if (typeof record !== 'object' || record === null) return null;
	const base = typeof record['~'] === 'string' ? record['~'] : '';
	const expand = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value.replace(/^~/, base).replace(/~$/, base) : null);
	const stateTopic = expand(record.state_topic ?? record.stat_t);
	if (!stateTopic) return null;
	const availability = Array.isArray(record.availability) ? (record.availability[0] as Record<string, unknown> | undefined) : undefined;
	return {
		stateTopic,
		name: cleanPayload(typeof record.name === 'string' ? record.name : stateTopic, 60),
		availabilityTopic: expand(record.availability_topic ?? record.avty_t ?? availability?.topic),
		online: String(record.payload_available ?? record.pl_avail ?? availability?.payload_available ?? 'online'),
		offline: String(record.payload_not_available ?? record.pl_not_avail ?? availability?.payload_not_available ?? 'offline'),
		unit: typeof (record.unit_of_measurement ?? record.unit_of_meas) === 'string' ? cleanPayload(String(record.unit_of_measurement ?? record.unit_of_meas), 12) : null,
		uniqueId: typeof (record.unique_id ?? record.uniq_id) === 'string' ? String(record.unique_id ?? record.uniq_id) : null,
	};
}

/** `online`/`offline` from an availability payload; null when it says neither. */
export function availabilityOf(payload: string, online = 'online', offline = 'offline'): boolean | null {
	let text = payload.trim();
	if (text.startsWith('{')) {
		try {
			text = String((JSON.parse(text) as {state?: unknown}).state ?? '');
		} catch {
			return null;
		}
	}
	if (text === online || text.toLowerCase() === online.toLowerCase()) return true;
	if (text === offline || text.toLowerCase() === offline.toLowerCase()) return false;
	return null;
}

/** The availability topics that may speak for a topic, nearest first. */
export function availabilityCandidates(topic: string): string[] {
	const parts = topic.split('/');
	const candidates: string[] = [];
	for (let length = parts.length; length >= 1; length--) candidates.push(`${parts.slice(0, length).join('/')}/availability`);
	const tasmota = /^(?:tele|stat|cmnd)\/([^/]+)\//.exec(topic);
	if (tasmota) candidates.push(`tele/${tasmota[1]!}/LWT`);
	return candidates;
}

function binaryState(payload: string): 'on' | 'off' | null {
	let text = payload.trim();
	if (text.startsWith('{')) {
		try {
			const record = JSON.parse(text) as Record<string, unknown>;
			text = String(record.state ?? record.POWER ?? '');
		} catch {
			return null;
		}
	}
	const lower = text.toLowerCase();
	return lower === 'on' || lower === 'true' ? 'on' : lower === 'off' || lower === 'false' ? 'off' : null;
}

export class TopicTable {
	readonly #values = new Map<string, TopicValue>();
	readonly #discovery = new Map<string, Discovery>();
	readonly #availability = new Map<string, string>();
	#dropped = 0;

	/** Topics left out because the table was full. */
	get dropped(): number {
		return this.#dropped;
	}

	get size(): number {
		return this.#values.size;
	}

	message(topic: string, payload: Buffer | string, at: number, isRetained: boolean, maxTopics: number): void {
		const text = typeof payload === 'string' ? payload : payload.toString('utf8');
		if (isDiscoveryTopic(topic)) {
			const discovery = parseDiscovery(text);
			if (discovery) this.#discovery.set(discovery.stateTopic, discovery);
			return;
		}
		if (isAvailabilityTopic(topic)) {
			this.#availability.set(topic, text);
			return;
		}
		const old = this.#values.get(topic);
		if (!old && this.#values.size >= maxTopics) {
			this.#dropped++;
			return;
		}
		this.#values.set(topic, {payload: text, at, isRetained, count: (old?.count ?? 0) + 1});
	}

	/** Makes sure a topic has a row (a publish preset's topic before any message arrived). */
	declare(topic: string): void {
		if (!this.#values.has(topic)) this.#values.set(topic, {payload: '', at: 0, isRetained: false, count: 0});
	}

	#isAvailable(topic: string): {isAvailable: boolean | null; via: string | null} {
		const discovery = this.#discovery.get(topic);
		if (discovery?.availabilityTopic) {
			const payload = this.#availability.get(discovery.availabilityTopic) ?? this.#values.get(discovery.availabilityTopic)?.payload;
			return {isAvailable: payload === undefined ? null : availabilityOf(payload, discovery.online, discovery.offline), via: discovery.availabilityTopic};
		}
		for (const candidate of availabilityCandidates(topic)) {
			const payload = this.#availability.get(candidate);
			if (payload !== undefined) return {isAvailable: availabilityOf(payload), via: candidate};
		}
		return {isAvailable: null, via: null};
	}

	entity(topic: string, options: TopicOptions): Draft | undefined {
		const value = this.#values.get(topic);
		if (!value) return undefined;
		const discovery = this.#discovery.get(topic);
		const {isAvailable, via} = this.#isAvailable(topic);
		const hasValue = value.count > 0;
		const state = isAvailable === false ? 'unavailable' : (hasValue ? binaryState(value.payload) : null) ?? 'unknown';
		const attributes: Record<string, string> = {topic: cleanPayload(topic, 120), messages: String(value.count), retained: value.isRetained ? 'yes' : 'no'};
		if (via) attributes.availability = `${cleanPayload(via, 120)} (${isAvailable === null ? 'unknown' : isAvailable ? 'online' : 'offline'})`;
		if (discovery?.uniqueId) attributes.uniqueId = cleanPayload(discovery.uniqueId, 60);
		return {
			id: entityId('automation', options.source, topic),
			kind: 'automation',
			source: options.source,
			localId: topic,
			name: discovery?.name ?? cleanPayload(topic, 80),
			hub: options.hub,
			automationType: 'topic',
			state,
			isEnabled: null,
			lastTriggered: hasValue ? new Date(value.at).toISOString() : null,
			mode: null,
			currentRuns: null,
			value: hasValue ? `${cleanPayload(value.payload)}${discovery?.unit ? ` ${discovery.unit}` : ''}` : null,
			attributes,
			recentRuns: [],
			expectedWithinSec: null,
			runsOn: options.runsOn,
		};
	}

	entities(options: TopicOptions): Draft[] {
		const availability = new Set([...this.#discovery.values()].flatMap(discovery => (discovery.availabilityTopic ? [discovery.availabilityTopic] : [])));
		return [...this.#values.keys()].filter(topic => !availability.has(topic)).map(topic => this.entity(topic, options)!);
	}
}

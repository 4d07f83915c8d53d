// The parts of the config that need no plugin: the topology (racks, devices) and key overrides.
// Kept apart from config.ts (conf, ajv, secrets) so that the console's first frame can be drawn
// from the raw file before the plugins are loaded.
import type {Device, Rack, Topology} from './topology.js';

export function parseTopology(raw: Record<string, unknown>, label: string, warnings: string[]): Topology {
	const racks: Rack[] = [];
	for (const [index, item] of asArray(raw.racks).entries()) {
		const rack = item as Record<string, unknown>;
		if (typeof rack?.id !== 'string') {
			warnings.push(`${label}: racks[${index}] has no id, ignored`);
			continue;
		}
		racks.push({id: rack.id, name: typeof rack.name === 'string' ? rack.name : rack.id, height: typeof rack.height === 'number' ? rack.height : 42});
	}
	const devices = new Map<string, Device>();
	for (const [index, item] of asArray(raw.devices).entries()) {
		const device = item as Record<string, unknown>;
		if (typeof device?.id !== 'string') {
			warnings.push(`${label}: devices[${index}] has no id, ignored`);
			continue;
		}
		const previous = devices.get(device.id);
		const strings = (value: unknown) => asArray(value).filter((entry): entry is string => typeof entry === 'string');
		const graceful = device.graceful as {guests?: unknown} | undefined;
		devices.set(device.id, {
			...previous,
			id: device.id,
			name: typeof device.name === 'string' ? device.name : previous?.name ?? device.id,
			...(typeof device.rack === 'string' ? {rack: device.rack} : {}),
			...(typeof device.u === 'number' ? {u: device.u} : {}),
			...(typeof device.height === 'number' ? {height: device.height} : {}),
			...(typeof device.ups === 'string' ? {ups: device.ups} : {}),
			...(typeof device.priority === 'number' ? {priority: device.priority} : {}),
			...(typeof device.neverShed === 'boolean' ? {neverShed: device.neverShed} : {}),
			...(typeof device.warnDelaySec === 'number' ? {warnDelaySec: device.warnDelaySec} : {}),
			...(graceful ? {graceful: {guests: strings(graceful.guests)}} : {}),
			power: [...new Set([...(previous?.power ?? []), ...strings(device.power)])],
			entities: [...new Set([...(previous?.entities ?? []), ...strings(device.entities)])],
		});
	}
	for (const device of devices.values()) {
		if (device.rack && !racks.some(rack => rack.id === device.rack)) warnings.push(`${label}: device "${device.id}" names unknown rack "${device.rack}"`);
	}
	return {racks, devices: [...devices.values()]};
}

export function parseKeys(value: unknown, label: string, warnings: string[]): Record<string, readonly string[]> {
	const keys: Record<string, readonly string[]> = {};
	if (value === undefined) return keys;
	if (typeof value !== 'object' || value === null) {
		warnings.push(`${label}: "keys" must be an object of command → key list, ignored`);
		return keys;
	}
	for (const [command, binding] of Object.entries(value)) {
		const list = typeof binding === 'string' ? [binding] : asArray(binding).filter((entry): entry is string => typeof entry === 'string');
		keys[command] = list;
	}
	return keys;
}

function asArray(value: unknown): readonly unknown[] {
	return Array.isArray(value) ? value : [];
}

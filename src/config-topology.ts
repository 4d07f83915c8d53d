// The parts of the config that need no plugin: the topology (racks, devices) and key overrides.
// Kept apart from config.ts (conf, ajv, secrets) so that the console's first frame can be drawn
// from the raw file before the plugins are loaded.
import type {Device, Rack, Topology} from './topology.js';

/**
 * Racks and devices. An id given twice is an error (pushed to `errors`, one line naming both
 * places): the second entry is ignored, never merged into the first.
 */
export function parseTopology(raw: Record<string, unknown>, label: string, warnings: string[], errors: string[] = warnings): Topology {
	const racks: Rack[] = [];
	const rackIndex = new Map<string, number>();
	for (const [index, item] of asArray(raw.racks).entries()) {
		const rack = item as Record<string, unknown>;
		if (typeof rack?.id !== 'string') {
			warnings.push(`${label}: racks[${index}] has no id, ignored`);
			continue;
		}
		const first = rackIndex.get(rack.id);
		if (first !== undefined) {
			errors.push(`${label}: racks[${index}] repeats the id "${rack.id}" of racks[${first}] (ignored: give each rack its own id)`);
			continue;
		}
		rackIndex.set(rack.id, index);
		racks.push({id: rack.id, name: typeof rack.name === 'string' ? rack.name : rack.id, height: typeof rack.height === 'number' ? rack.height : 42});
	}
	const devices = new Map<string, Device>();
	const deviceIndex = new Map<string, number>();
	for (const [index, item] of asArray(raw.devices).entries()) {
		const device = item as Record<string, unknown>;
		if (typeof device?.id !== 'string') {
			warnings.push(`${label}: devices[${index}] has no id, ignored`);
			continue;
		}
		const first = deviceIndex.get(device.id);
		if (first !== undefined) {
			errors.push(`${label}: devices[${index}] repeats the id "${device.id}" of devices[${first}] (ignored: one entry per device, listing all its power feeds and entities)`);
			continue;
		}
		deviceIndex.set(device.id, index);
		const strings = (value: unknown) => asArray(value).filter((entry): entry is string => typeof entry === 'string');
		const graceful = device.graceful as {guests?: unknown; stages?: unknown; timeoutSec?: unknown} | undefined;
		devices.set(device.id, {
			id: device.id,
			name: typeof device.name === 'string' ? device.name : device.id,
			...(typeof device.rack === 'string' ? {rack: device.rack} : {}),
			...(typeof device.u === 'number' ? {u: device.u} : {}),
			...(typeof device.height === 'number' ? {height: device.height} : {}),
			...(typeof device.ups === 'string' ? {ups: device.ups} : {}),
			...(typeof device.priority === 'number' ? {priority: device.priority} : {}),
			...(typeof device.neverShed === 'boolean' ? {neverShed: device.neverShed} : {}),
			...(typeof device.warnDelaySec === 'number' ? {warnDelaySec: device.warnDelaySec} : {}),
			...(graceful ? {graceful: parseGraceful(graceful, `${label}: device "${device.id}"`, warnings)} : {}),
			power: [...new Set(strings(device.power))],
			entities: [...new Set(strings(device.entities))],
		});
	}
	for (const device of devices.values()) {
		if (device.rack && !racks.some(rack => rack.id === device.rack)) warnings.push(`${label}: device "${device.id}" names unknown rack "${device.rack}"`);
	}
	// One outlet, two devices: a contradiction unless meant (a power strip); named, never fatal.
	const byOutlet = new Map<string, string[]>();
	for (const device of devices.values()) for (const outlet of device.power) byOutlet.set(outlet, [...(byOutlet.get(outlet) ?? []), device.id]);
	for (const [outlet, ids] of byOutlet) {
		if (ids.length > 1) warnings.push(`${label}: devices "${ids[0]}" and "${ids[1]}"${ids.length > 2 ? ` (and ${ids.length - 2} more)` : ''} are both fed by ${outlet}: switching it off powers off both (check their "power")`);
	}
	const runsOn = parseRunsOn(raw.sources, devices, label, warnings);
	return {racks, devices: [...devices.values()], ...(Object.keys(runsOn).length > 0 ? {runsOn} : {})};
}

/**
 * Each source's `runsOn` (the guest or machine it runs on: an entity id such as
 * `guest:pve-main/105`, `device:<id>`, or a bare device id): its entities depend on that target.
 */
function parseRunsOn(sources: unknown, devices: ReadonlyMap<string, Device>, label: string, warnings: string[]): Record<string, string> {
	const runsOn: Record<string, string> = {};
	for (const item of asArray(sources)) {
		const source = item as Record<string, unknown> | null;
		if (typeof source?.id !== 'string' || source.runsOn === undefined) continue;
		const target = source.runsOn;
		if (typeof target !== 'string' || target === '') {
			warnings.push(`${label}: source "${source.id}": "runsOn" must be an entity id (guest:pve/105) or a device id, ignored`);
			continue;
		}
		runsOn[source.id] = target.includes(':') ? target : devices.has(target) ? `device:${target}` : target;
		if (!target.includes(':') && !devices.has(target)) warnings.push(`${label}: source "${source.id}": "runsOn" names "${target}", neither an entity id (kind:source/id) nor a device of the config`);
	}
	return runsOn;
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

/** `graceful`: guests to shut down first, the shed stages in order, and a timeout per stage. */
function parseGraceful(raw: {guests?: unknown; stages?: unknown; timeoutSec?: unknown}, where: string, warnings: string[]): NonNullable<Device['graceful']> {
	const stageNames = ['guests', 'os', 'outlet'] as const;
	type Stage = typeof stageNames[number];
	const isStage = (value: unknown): value is Stage => stageNames.includes(value as Stage);
	const stages = asArray(raw.stages);
	for (const stage of stages) if (!isStage(stage)) warnings.push(`${where}: graceful.stages: unknown stage ${JSON.stringify(stage)} (known: ${stageNames.join(', ')})`);
	const timeoutSec: Partial<Record<Stage, number>> = {};
	for (const [stage, value] of Object.entries(typeof raw.timeoutSec === 'object' && raw.timeoutSec !== null ? raw.timeoutSec : {})) {
		if (isStage(stage) && typeof value === 'number' && value > 0) timeoutSec[stage] = value;
		else warnings.push(`${where}: graceful.timeoutSec.${stage} must be a known stage with a positive number of seconds`);
	}
	return {
		guests: asArray(raw.guests).filter((entry): entry is string => typeof entry === 'string'),
		...(raw.stages === undefined ? {} : {stages: stages.filter(isStage)}),
		...(Object.keys(timeoutSec).length > 0 ? {timeoutSec} : {}),
	};
}

function asArray(value: unknown): readonly unknown[] {
	return Array.isArray(value) ? value : [];
}

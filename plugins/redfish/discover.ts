// Discovery of a BMC's systems from the service root, following `@odata.id` links (Systems,
// Chassis, Managers, LogServices), never vendor paths. The result (model, serial, firmware, the
// links polled every interval) is the inventory, cached for hours by the source.
import type {RedfishClient} from './client.js';
import {isBareLink, linkOf, list, record, samePath, text, type Json} from './parse.js';

export type Features = {
	/** `$expand` levels the service accepts; 0 when it does not support `$expand`. */
	readonly expandLevels: number;
	readonly canSelect: boolean;
};

export type SystemInventory = {
	readonly id: string;
	readonly systemPath: string;
	readonly chassisPath: string | undefined;
	readonly model: string | null;
	readonly manufacturer: string | null;
	readonly serial: string | null;
	readonly hostname: string | null;
	readonly biosVersion: string | null;
	readonly bmcFirmware: string | null;
	readonly managerHealth: Json | undefined;
	readonly resetTarget: string | undefined;
	readonly resetTypes: readonly string[];
	readonly ledField: 'IndicatorLED' | 'LocationIndicatorActive' | undefined;
	readonly thermalPath: string | undefined;
	readonly powerPath: string | undefined;
	readonly hasSubsystems: boolean;
	/** The event log polled every interval, and its name (`SEL`, `IML`, `Lclog`…). */
	readonly log: {readonly entriesPath: string; readonly id: string} | undefined;
};

export type Inventory = {readonly features: Features; readonly systems: readonly SystemInventory[]};

export function features(root: Json): Features {
	const supported = record(root.ProtocolFeaturesSupported);
	const expand = record(supported?.ExpandQuery);
	let expandLevels = 0;
	if (expand && (expand.Levels === true || expand.ExpandAll === true || expand.NoLinks === true)) {
		expandLevels = expand.Levels === true && typeof expand.MaxLevels === 'number' ? Math.max(1, Math.floor(expand.MaxLevels)) : 1;
	}
	return {expandLevels, canSelect: supported?.SelectQuery === true};
}

type Options = {readonly signal: AbortSignal};

/** Resolves a link, or returns the object when it is already expanded. */
export async function resolve(client: RedfishClient, value: unknown, options: Options): Promise<Json | undefined> {
	const object = record(value);
	if (!object) return undefined;
	if (!isBareLink(object)) return object;
	const path = linkOf(object);
	return path ? client.get(path, options) : undefined;
}

/** A collection's members, fetched one by one where they are not expanded. */
export async function members(client: RedfishClient, value: unknown, options: Options, expandLevels = 0): Promise<Json[]> {
	let collection = record(value);
	if (collection && isBareLink(collection) && linkOf(collection)) {
		collection = await client.get(expandLevels > 0 ? `${linkOf(collection)}?$expand=.($levels=1)` : linkOf(collection)!, options);
	}
	const items = list(collection?.Members);
	const resolved = await Promise.all(items.map(async item => resolve(client, item, options)));
	return resolved.filter((item): item is Json => item !== undefined);
}

export async function discover(client: RedfishClient, options: Options): Promise<Inventory> {
	const root = await client.get('/redfish/v1', {...options, isPublic: true});
	const sessions = linkOf(record(root.Links)?.Sessions);
	if (sessions) client.sessionsPath = sessions;
	const found = features(root);
	// Side by side, within the client's in-flight limit: BMCs answer in 1-2 s each.
	const [systems, allChassis, managers] = await Promise.all([
		members(client, root.Systems, options),
		root.Chassis ? members(client, root.Chassis, options) : [],
		root.Managers ? members(client, root.Managers, options) : [],
	]);
	return {features: found, systems: await Promise.all(systems.map(async system => inventoryOf(client, system, allChassis, managers, options)))};
}

async function inventoryOf(client: RedfishClient, system: Json, allChassis: readonly Json[], managers: readonly Json[], options: Options): Promise<SystemInventory> {
	const systemPath = linkOf(system) ?? '';
	const links = record(system.Links) ?? {};
	const chassisPath = linkOf(list(links.Chassis)[0])
		?? linkOf(allChassis.find(chassis => list(record(chassis.Links)?.ComputerSystems).some(item => samePath(linkOf(item), systemPath))))
		?? (allChassis.length === 1 ? linkOf(allChassis[0]) : undefined);
	const chassis = allChassis.find(item => samePath(linkOf(item), chassisPath));
	const managerPath = linkOf(list(links.ManagedBy)[0]) ?? (managers.length === 1 ? linkOf(managers[0]) : undefined);
	const manager = managers.find(item => samePath(linkOf(item), managerPath));
	const reset = record(record(system.Actions)?.['#ComputerSystem.Reset']);
	const allowable = reset?.['ResetType@Redfish.AllowableValues'];
	return {
		id: text(system.Id) ?? systemPath.split('/').at(-1) ?? 'system',
		systemPath,
		chassisPath,
		model: text(system.Model) ?? text(chassis?.Model),
		manufacturer: text(system.Manufacturer) ?? text(chassis?.Manufacturer),
		serial: text(system.SerialNumber) ?? text(chassis?.SerialNumber),
		hostname: hostName(system.HostName),
		biosVersion: text(system.BiosVersion),
		bmcFirmware: text(manager?.FirmwareVersion),
		managerHealth: record(manager?.Status),
		resetTarget: typeof reset?.target === 'string' ? reset.target : undefined,
		// Without AllowableValues the service does not say: only On and ForceOff, the two every BMC has.
		resetTypes: Array.isArray(allowable) ? allowable.filter((item): item is string => typeof item === 'string') : reset ? ['On', 'ForceOff'] : [],
		ledField: typeof system.LocationIndicatorActive === 'boolean' ? 'LocationIndicatorActive' : typeof system.IndicatorLED === 'string' ? 'IndicatorLED' : undefined,
		thermalPath: linkOf(chassis?.Thermal),
		powerPath: linkOf(chassis?.Power),
		hasSubsystems: Boolean(chassis?.ThermalSubsystem || chassis?.PowerSubsystem),
		log: await findLog(client, [system, manager], options),
	};
}

/** iLO 4 writes "host is unnamed" until the OS sets a name. */
export function hostName(value: unknown): string | null {
	const name = text(value);
	return name && !/unnamed/i.test(name) ? name : null;
}

const preferredLogs = ['sel', 'iml', 'lclog', 'log1', 'eventlog', 'log'];

async function findLog(client: RedfishClient, owners: readonly (Json | undefined)[], options: Options): Promise<SystemInventory['log']> {
	const lists = await Promise.all(owners.map(async owner => {
		if (!owner?.LogServices) return [];
		try {
			return await members(client, owner.LogServices, options);
		} catch {
			// A BMC without (readable) logs still reports everything else.
			return [];
		}
	}));
	const services = lists.flat();
	const withEntries = services.filter(service => linkOf(service.Entries));
	const rank = (service: Json) => {
		const index = preferredLogs.indexOf((text(service.Id) ?? '').toLowerCase());
		return index < 0 ? preferredLogs.length : index;
	};
	const chosen = withEntries.sort((a, b) => rank(a) - rank(b))[0];
	return chosen ? {entriesPath: linkOf(chosen.Entries)!, id: text(chosen.Id) ?? 'log'} : undefined;
}

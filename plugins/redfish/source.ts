// One Redfish source at run time. The inventory (discovery: model, serial, firmware, links) is
// cached for hours; each interval reads only the system (power state, health, LED), the chassis'
// thermal and power data and the newest event-log entries: 3 requests where the service offers
// `$expand`, 4 where it does not (system, Thermal, Power, log). A failing part makes the result
// partial; only an unreadable system fails the poll.
import type {BmcEntity, BmcEvent, BmcHealth, EntityDraft} from '../../src/entities.js';
import {entityId} from '../../src/entities.js';
import {describeError} from '../../src/errors.js';
import type {PollResult} from '../../src/plugin-api.js';
import type {RedfishClient} from './client.js';
import {discover, hostName, members, resolve, type Inventory, type SystemInventory} from './discover.js';
import {health, indicatorLed, isBareLink, linkOf, list, num, parseLogEntries, parsePower, parsePowerSubsystem, parseTemperatureSensors, parseThermal, parseThermalSubsystem, powerState, record, text, type Json, type PowerPart, type ThermalPart} from './parse.js';

export type SourceOptions = {
	readonly source: string;
	readonly name: string;
	/** How long the inventory is trusted, ms (default 4 h). */
	readonly inventoryTtlMs?: number;
	readonly now?: () => number;
};

type Options = {readonly signal: AbortSignal};

type ChassisData = {
	readonly thermal: ThermalPart | undefined;
	readonly power: PowerPart | undefined;
	readonly powerState: 'on' | 'off' | 'unknown';
	readonly health: BmcHealth | null;
};

export class RedfishSource {
	readonly #client: RedfishClient;
	readonly #options: SourceOptions;
	#inventory: {readonly value: Inventory; readonly at: number} | undefined;
	readonly #polls = new Map<string, number>();
	readonly #lastPower = new Map<string, 'on' | 'off' | 'unknown'>();
	readonly #lastEvents = new Map<string, readonly BmcEvent[]>();
	readonly #lastChassis = new Map<string, ChassisData>();
	readonly #logCache = new Map<string, {readonly count: number; readonly events: readonly BmcEvent[]}>();

	constructor(client: RedfishClient, options: SourceOptions) {
		this.#client = client;
		this.#options = options;
	}

	/** The cached inventory of a system (actions need its reset target and LED field). */
	system(localId: string): SystemInventory | undefined {
		return this.#inventory?.value.systems.find(system => localIdOf(system) === localId);
	}

	async inventory(signal: AbortSignal): Promise<Inventory> {
		const now = (this.#options.now ?? Date.now)();
		const ttl = this.#options.inventoryTtlMs ?? 4 * 3600_000;
		if (this.#inventory && now - this.#inventory.at < ttl) return this.#inventory.value;
		const value = await discover(this.#client, {signal});
		this.#inventory = {value, at: now};
		return value;
	}

	/** Forgets the inventory: the next poll discovers again (after a BMC reset, a 404). */
	invalidate(): void {
		this.#inventory = undefined;
	}

	/** Reads the system's power state alone (an action waiting for a reset to take effect). */
	async readPowerState(system: SystemInventory, signal: AbortSignal): Promise<'on' | 'off' | 'unknown'> {
		const {features} = await this.inventory(signal);
		const query = features.canSelect ? '?$select=PowerState' : '';
		return powerState((await this.#client.get(`${system.systemPath}${query}`, {signal})).PowerState);
	}

	async poll(signal: AbortSignal): Promise<PollResult> {
		const inventory = await this.inventory(signal);
		const notes: string[] = [];
		const entities: EntityDraft[] = [];
		const isSingle = inventory.systems.length === 1;
		for (const system of inventory.systems) {
			entities.push(await this.#pollSystem(inventory, system, isSingle, notes, {signal}));
		}
		return notes.length > 0 ? {entities, partial: notes.join('; ')} : {entities};
	}

	async #pollSystem(inventory: Inventory, system: SystemInventory, isSingle: boolean, notes: string[], options: Options): Promise<EntityDraft> {
		const {features} = inventory;
		const {source} = this.#options;
		const select = features.canSelect ? '?$select=PowerState,Status,IndicatorLED,LocationIndicatorActive,HostName' : '';
		const part = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
			try {
				return await read();
			} catch (error) {
				if (options.signal.aborted) throw error;
				notes.push(describeError(error, {source, operation: what}));
				return undefined;
			}
		};
		// Where the service has no $expand, the chassis is read only while the system says Off
		// (Cisco CIMC's chassis can still be on); the event log then waits, at most 3 intervals,
		// so an interval stays within 4 requests.
		const isLegacy = features.expandLevels === 0 && Boolean(system.thermalPath || system.powerPath);
		const polls = (this.#polls.get(system.id) ?? 0) + 1;
		this.#polls.set(system.id, polls);
		const isLogDeferred = isLegacy && this.#lastPower.get(system.id) !== 'on' && polls % 4 !== 0 && this.#lastEvents.has(system.id);
		// The system, the chassis' readings and the log are read side by side.
		const systemRead = this.#client.get(`${system.systemPath}${select}`, options);
		const chassisRead = part('chassis', async () => this.#readChassis(inventory, system, options));
		const logRead = system.log && !isLogDeferred ? part('event log', async () => this.#readLog(system.log!, features.expandLevels, options)) : Promise.resolve(this.#lastEvents.get(system.id) ?? []);
		let systemJson: Json;
		try {
			systemJson = await systemRead;
		} catch (error) {
			await Promise.allSettled([chassisRead, logRead]);
			// A 404 means the BMC renumbered its resources: discover again next time.
			if ((error as {status?: number}).status === 404) this.invalidate();
			throw error;
		}
		const [chassisFresh, events] = await Promise.all([chassisRead, logRead]);
		// Readings that could not be read this time keep their last values (the result is partial).
		const chassisData = chassisFresh ?? this.#lastChassis.get(system.id);
		if (chassisFresh) this.#lastChassis.set(system.id, chassisFresh);
		const systemPower = powerState(systemJson.PowerState);
		this.#lastPower.set(system.id, systemPower);
		if (events) this.#lastEvents.set(system.id, events);
		let chassisPower = chassisData?.powerState ?? 'unknown';
		if (isLegacy && systemPower !== 'on' && system.chassisPath) {
			chassisPower = (await part('chassis', async () => powerState((await this.#client.get(system.chassisPath!, options)).PowerState))) ?? 'unknown';
		}
		const status = record(systemJson.Status) ?? {};
		const thermal = chassisData?.thermal;
		const power = chassisData?.power;
		const localId = localIdOf(system);
		const entity: Omit<BmcEntity, 'seenAt'> = {
			id: entityId('bmc', source, localId),
			kind: 'bmc',
			source,
			localId,
			name: isSingle ? this.#options.name : `${this.#options.name}/${system.id}`,
			model: system.model,
			manufacturer: system.manufacturer,
			serial: system.serial,
			hostname: hostName(systemJson.HostName) ?? system.hostname,
			biosVersion: system.biosVersion,
			bmcFirmware: system.bmcFirmware,
			powerState: systemPower,
			chassisPowerState: chassisPower,
			health: health(status.HealthRollup) ?? health(status.Health),
			subsystems: {
				system: health(status.Health),
				thermal: thermal?.health ?? null,
				power: power?.health ?? null,
				manager: health(system.managerHealth?.Health),
			},
			indicatorLed: indicatorLed(systemJson),
			temperatures: thermal?.temperatures ?? [],
			fans: thermal?.fans ?? [],
			fanRedundancyLost: thermal?.fanRedundancyLost ?? null,
			powerSupplies: power?.powerSupplies ?? [],
			psuRedundancyLost: power?.psuRedundancyLost ?? null,
			powerWatts: power?.powerWatts ?? null,
			events: events ?? [],
			resetTypes: system.resetTypes,
		};
		return entity;
	}

	async #readChassis(inventory: Inventory, system: SystemInventory, options: Options): Promise<ChassisData> {
		const {expandLevels} = inventory.features;
		if (!system.chassisPath) return {thermal: undefined, power: undefined, powerState: 'unknown', health: null};
		if (expandLevels > 0) {
			// One request: the chassis with its Thermal/Power (or subsystems) inline; what the
			// service's depth did not reach is fetched link by link.
			const chassis = await this.#client.get(`${system.chassisPath}?$expand=.($levels=${Math.min(expandLevels, 4)})`, options);
			const useSubsystems = Boolean(chassis.ThermalSubsystem || chassis.PowerSubsystem);
			const thermal = useSubsystems && chassis.ThermalSubsystem ? await this.#thermalSubsystem(chassis, expandLevels, options) : chassis.Thermal ? parseThermal((await resolve(this.#client, chassis.Thermal, options)) ?? {}) : undefined;
			const power = useSubsystems && chassis.PowerSubsystem ? await this.#powerSubsystem(chassis, expandLevels, options) : chassis.Power ? parsePower((await resolve(this.#client, chassis.Power, options)) ?? {}) : undefined;
			return {thermal, power, powerState: powerState(chassis.PowerState), health: health(record(chassis.Status)?.Health)};
		}
		if (system.thermalPath || system.powerPath) {
			const [thermal, power] = await Promise.all([
				system.thermalPath ? this.#client.get(system.thermalPath, options) : undefined,
				system.powerPath ? this.#client.get(system.powerPath, options) : undefined,
			]);
			return {thermal: thermal ? parseThermal(thermal) : undefined, power: power ? parsePower(power) : undefined, powerState: 'unknown', health: null};
		}
		const chassis = await this.#client.get(system.chassisPath, options);
		return {
			thermal: chassis.ThermalSubsystem ? await this.#thermalSubsystem(chassis, 0, options) : undefined,
			power: chassis.PowerSubsystem ? await this.#powerSubsystem(chassis, 0, options) : undefined,
			powerState: powerState(chassis.PowerState),
			health: health(record(chassis.Status)?.Health),
		};
	}

	async #thermalSubsystem(chassis: Json, expandLevels: number, options: Options): Promise<ThermalPart> {
		const subsystem = (await resolve(this.#client, chassis.ThermalSubsystem, options)) ?? {};
		const fans = subsystem.Fans ? await members(this.#client, subsystem.Fans, options, expandLevels) : [];
		let temperatures = chassis.Sensors ? parseTemperatureSensors(await members(this.#client, chassis.Sensors, options, expandLevels)) : [];
		if (temperatures.length === 0 && subsystem.ThermalMetrics) {
			// No Sensors collection: the readings alone, without thresholds.
			const metrics = (await resolve(this.#client, subsystem.ThermalMetrics, options)) ?? {};
			temperatures = list(metrics.TemperatureReadingsCelsius).map(reading => ({
				name: text(reading.DeviceName) ?? linkOf({'@odata.id': reading.DataSourceUri})?.split('/').at(-1) ?? 'temperature',
				celsius: num(reading.Reading), upperNonCritical: null, upperCritical: null, upperFatal: null, health: null,
			}));
		}
		return parseThermalSubsystem(subsystem, fans, temperatures);
	}

	async #powerSubsystem(chassis: Json, expandLevels: number, options: Options): Promise<PowerPart> {
		const subsystem = (await resolve(this.#client, chassis.PowerSubsystem, options)) ?? {};
		const supplies = subsystem.PowerSupplies ? await members(this.#client, subsystem.PowerSupplies, options, expandLevels) : [];
		const withMetrics = await Promise.all(supplies.map(async supply => (supply.Metrics ? {...supply, Metrics: await resolve(this.#client, supply.Metrics, options)} : supply)));
		const environment = chassis.EnvironmentMetrics ? await resolve(this.#client, chassis.EnvironmentMetrics, options) : undefined;
		return parsePowerSubsystem(subsystem, withMetrics, num(record(environment?.PowerWatts)?.Reading));
	}

	async #readLog(log: NonNullable<SystemInventory['log']>, expandLevels: number, options: Options): Promise<readonly BmcEvent[]> {
		const path = expandLevels > 0 ? `${log.entriesPath}?$expand=.($levels=1)` : log.entriesPath;
		const collection = await this.#client.get(path, options);
		const links = list(collection.Members);
		if (!links.some(isBareLink)) return parseLogEntries(collection, log.id);
		// Entries listed as links only: the last few are fetched, and only when the log changed.
		const count = num(collection['Members@odata.count']) ?? links.length;
		const cached = this.#logCache.get(log.entriesPath);
		if (cached && cached.count === count) return cached.events;
		const newest = await Promise.all(links.slice(-5).map(async link => resolve(this.#client, link, options)));
		const events = parseLogEntries({Members: newest.filter(Boolean)}, log.id);
		this.#logCache.set(log.entriesPath, {count, events});
		return events;
	}
}

export function localIdOf(system: SystemInventory): string {
	return system.id.replace(/[^A-Za-z0-9._-]/g, '-');
}

// Pure Redfish parsing: resources (as JSON) → the parts of a `bmc` entity. Members that are
// missing, `null` or reported with `Status.State: Absent` are unknown (left out, or null), never 0.
// Thresholds of 0 or below (iLO 4 writes 0 for "none") are no threshold.
import type {BmcEvent, BmcFan, BmcHealth, BmcPowerSupply, BmcTemperature} from '../../src/entities.js';

export type Json = Record<string, unknown>;

export function record(value: unknown): Json | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function list(value: unknown): Json[] {
	return Array.isArray(value) ? value.map(record).filter((item): item is Json => item !== undefined) : [];
}

export function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function num(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The `@odata.id` of a navigation link, without its fragment (kept as the BMC spells it otherwise). */
export function linkOf(value: unknown): string | undefined {
	const id = record(value)?.['@odata.id'];
	if (typeof id !== 'string' || id === '') return undefined;
	return id.split('#')[0]!;
}

/** Whether two links name the same resource (`/redfish/v1/Systems/1/` and `/redfish/v1/Systems/1`). */
export function samePath(a: string | undefined, b: string | undefined): boolean {
	const bare = (path: string | undefined) => path?.replace(/\/+$/, '');
	return a !== undefined && bare(a) === bare(b);
}

/** A link object that carries nothing but its `@odata.id` (not expanded). */
export function isBareLink(value: unknown): boolean {
	const object = record(value);
	return object !== undefined && Object.keys(object).every(key => key.startsWith('@odata.'));
}

export function health(value: unknown): BmcHealth | null {
	switch (typeof value === 'string' ? value.toLowerCase() : '') {
		case 'ok': return 'ok';
		case 'warning': return 'warning';
		case 'critical': return 'critical';
		default: return null;
	}
}

export function worst(values: readonly (BmcHealth | null)[]): BmcHealth | null {
	if (values.includes('critical')) return 'critical';
	if (values.includes('warning')) return 'warning';
	return values.includes('ok') ? 'ok' : null;
}

function status(member: Json): {state: string | null; health: BmcHealth | null} {
	const value = record(member.Status);
	return {state: text(value?.State), health: health(value?.Health)};
}

/** Absent, or switched off by configuration: not a reading at all. */
export function isAbsent(member: Json): boolean {
	const {state} = status(member);
	return state === 'Absent' || state === 'Disabled' || state === 'UnavailableOffline';
}

function threshold(value: unknown): number | null {
	const direct = num(value) ?? num(record(value)?.Reading);
	return direct === null || direct <= 0 ? null : direct;
}

export function powerState(value: unknown): 'on' | 'off' | 'unknown' {
	const state = typeof value === 'string' ? value.toLowerCase() : '';
	if (state === 'on' || state === 'poweringoff') return 'on';
	if (state === 'off' || state === 'poweringon') return 'off';
	return 'unknown';
}

export function indicatorLed(system: Json): 'on' | 'off' | 'blinking' | 'unknown' {
	if (typeof system.LocationIndicatorActive === 'boolean') return system.LocationIndicatorActive ? 'on' : 'off';
	switch (system.IndicatorLED) {
		case 'Lit': return 'on';
		case 'Blinking': return 'blinking';
		case 'Off': return 'off';
		default: return 'unknown';
	}
}

/** Whether any enabled redundancy group reports itself degraded; null when there is none. */
function redundancyLost(groups: readonly Json[]): boolean | null {
	const enabled = groups.filter(group => !isAbsent(group));
	if (enabled.length === 0) return null;
	const states = enabled.map(group => status(group).health);
	if (states.every(state => state === null)) return null;
	return states.some(state => state === 'warning' || state === 'critical');
}

export type ThermalPart = {
	readonly temperatures: readonly BmcTemperature[];
	readonly fans: readonly BmcFan[];
	readonly fanRedundancyLost: boolean | null;
	readonly health: BmcHealth | null;
};

/** The legacy `Thermal` resource. */
export function parseThermal(thermal: Json): ThermalPart {
	const temperatures = list(thermal.Temperatures).filter(member => !isAbsent(member)).map(member => ({
		name: text(member.Name) ?? text(member.MemberId) ?? 'temperature',
		celsius: num(member.ReadingCelsius),
		upperNonCritical: threshold(member.UpperThresholdNonCritical),
		upperCritical: threshold(member.UpperThresholdCritical),
		upperFatal: threshold(member.UpperThresholdFatal),
		health: status(member).health,
	}));
	const fans = list(thermal.Fans).filter(member => !isAbsent(member)).map(member => {
		const units = text(member.ReadingUnits) ?? text(member.Units);
		return {
			name: text(member.Name) ?? text(member.FanName) ?? text(member.MemberId) ?? 'fan',
			value: num(member.Reading) ?? num(member.CurrentReading),
			unit: units === 'Percent' ? '%' : (units ?? 'RPM'),
			health: status(member).health,
		};
	});
	const parts = [status(thermal).health, ...temperatures.map(item => item.health), ...fans.map(item => item.health)];
	return {temperatures, fans, fanRedundancyLost: redundancyLost(list(thermal.Redundancy)), health: worst(parts)};
}

export type PowerPart = {
	readonly powerSupplies: readonly BmcPowerSupply[];
	readonly psuRedundancyLost: boolean | null;
	readonly powerWatts: number | null;
	readonly health: BmcHealth | null;
};

/** The legacy `Power` resource. */
export function parsePower(power: Json): PowerPart {
	const powerSupplies = list(power.PowerSupplies).filter(member => !isAbsent(member)).map(member => ({
		name: text(member.Name) ?? text(member.MemberId) ?? 'power supply',
		health: status(member).health,
		inputWatts: num(member.PowerInputWatts),
		lineVolts: num(member.LineInputVoltage),
		capacityWatts: num(member.PowerCapacityWatts),
	}));
	const controls = list(power.PowerControl);
	const consumed = controls.map(control => num(control.PowerConsumedWatts)).filter((value): value is number => value !== null);
	return {
		powerSupplies,
		psuRedundancyLost: redundancyLost(list(power.Redundancy)),
		powerWatts: consumed.length > 0 ? consumed.reduce((sum, value) => sum + value, 0) : null,
		health: worst([status(power).health, ...powerSupplies.map(item => item.health)]),
	};
}

/** `Sensors` members of the newer model: the temperature ones, with their thresholds. */
export function parseTemperatureSensors(sensors: readonly Json[]): BmcTemperature[] {
	return sensors.filter(sensor => sensor.ReadingType === 'Temperature' && !isAbsent(sensor)).map(sensor => {
		const thresholds = record(sensor.Thresholds) ?? {};
		return {
			name: text(sensor.Name) ?? text(sensor.Id) ?? 'temperature',
			celsius: num(sensor.Reading),
			upperNonCritical: threshold(thresholds.UpperCaution),
			upperCritical: threshold(thresholds.UpperCritical),
			upperFatal: threshold(thresholds.UpperFatal),
			health: status(sensor).health,
		};
	});
}

/** `ThermalSubsystem` with its expanded `Fans` members. */
export function parseThermalSubsystem(subsystem: Json, fans: readonly Json[], temperatures: readonly BmcTemperature[]): ThermalPart {
	const parsedFans = fans.filter(fan => !isAbsent(fan)).map(fan => {
		const speed = record(fan.SpeedPercent) ?? {};
		const rpm = num(speed.SpeedRPM);
		return {name: text(fan.Name) ?? text(fan.Id) ?? 'fan', value: rpm ?? num(speed.Reading), unit: rpm === null ? '%' : 'RPM', health: status(fan).health};
	});
	return {
		temperatures,
		fans: parsedFans,
		fanRedundancyLost: redundancyLost(list(subsystem.FanRedundancy)),
		health: worst([status(subsystem).health, ...parsedFans.map(fan => fan.health), ...temperatures.map(item => item.health)]),
	};
}

/** `PowerSubsystem` with its supplies (each with its `Metrics` expanded where it could be). */
export function parsePowerSubsystem(subsystem: Json, supplies: readonly Json[], powerWatts: number | null): PowerPart {
	const powerSupplies = supplies.filter(supply => !isAbsent(supply)).map(supply => {
		const metrics = record(supply.Metrics) ?? {};
		return {
			name: text(supply.Name) ?? text(supply.Id) ?? 'power supply',
			health: status(supply).health,
			inputWatts: num(record(metrics.InputPowerWatts)?.Reading),
			lineVolts: num(record(metrics.InputVoltage)?.Reading),
			capacityWatts: num(supply.PowerCapacityWatts),
		};
	});
	return {
		powerSupplies,
		psuRedundancyLost: redundancyLost(list(subsystem.PowerSupplyRedundancy)),
		powerWatts,
		health: worst([status(subsystem).health, ...powerSupplies.map(item => item.health)]),
	};
}

/** The newest `count` entries of a log, newest first (by `Created`, else by position). */
export function parseLogEntries(collection: Json, log: string, count = 5): BmcEvent[] {
	const entries = list(collection.Members).map((entry, index) => ({
		index,
		event: {
			id: text(entry.Id) ?? String(index),
			time: text(entry.Created),
			severity: health(entry.Severity),
			message: text(entry.Message) ?? text(entry.Name) ?? '',
			log,
		},
	}));
	const time = (value: string | null): number => (value ? Date.parse(value) : Number.NaN);
	entries.sort((a, b) => {
		const ta = time(a.event.time);
		const tb = time(b.event.time);
		if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return tb - ta;
		return b.index - a.index;
	});
	return entries.slice(0, count).map(entry => entry.event);
}

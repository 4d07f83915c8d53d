// The `bmc` kind: a server's baseboard management controller (Redfish today): power state,
// health per subsystem, inlet temperature against the BMC's own thresholds, fans, power
// supplies, watts and the newest event-log entries; default alerts for what an operator must
// act on (a failed supply or fan, lost redundancy, a critical temperature, a new critical event).
import type {BmcEntity, BmcHealth, Entity} from '../entities.js';
import type {AlertRule} from '../plugin-api.js';
import type {DetailSection, KindModule, Tone} from './kind-module.js';
import {limits, within} from './range-limits.js';

const dash = '–';
const num = (value: number | null, unit = '', digits = 0): string => (value === null ? dash : `${value.toFixed(digits)}${unit}`);
const healthTone = (health: BmcHealth | null): Tone => (health === 'critical' ? 'status.crit' : health === 'warning' ? 'status.warn' : health === 'ok' ? 'status.ok' : 'muted');
const healthText = (health: BmcHealth | null): string => health ?? 'unknown';

/** The inlet (intake/ambient) temperature, else the first one reported. */
export function inletTemperature(bmc: BmcEntity): BmcEntity['temperatures'][number] | undefined {
	return bmc.temperatures.find(item => /inlet|ambient|intake|front/i.test(item.name) && item.celsius !== null) ?? bmc.temperatures.find(item => item.celsius !== null);
}

/** How far the hottest sensor is over its critical threshold (°C; negative: below it). */
export function criticalMargin(bmc: BmcEntity): number | null {
	const margins = bmc.temperatures.flatMap(item => (item.celsius !== null && item.upperCritical !== null ? [item.celsius - item.upperCritical] : []));
	return margins.length > 0 ? Math.max(...margins) : null;
}

const level = (health: BmcHealth | null): number | null => (health === null ? null : health === 'critical' ? 2 : health === 'warning' ? 1 : 0);
const asBmc = (entity: Entity): BmcEntity | undefined => (entity.kind === 'bmc' ? entity : undefined);

const subsystemRules: AlertRule[] = (['system', 'thermal', 'power'] as const).flatMap(subsystem => [
	{
		id: `bmc.${subsystem}-critical`, kind: 'bmc', severity: 'critical', forSec: 0, trigger: 2, clear: 1.5,
		metric: entity => {
			const bmc = asBmc(entity);
			return bmc ? level(bmc.subsystems[subsystem]) : null;
		},
		message: entity => `${entity.name}: ${subsystem} health critical`,
	},
	{
		id: `bmc.${subsystem}-warning`, kind: 'bmc', severity: 'warning', forSec: 0, trigger: 1, clear: 0.5,
		metric: entity => {
			const bmc = asBmc(entity);
			return bmc ? (level(bmc.subsystems[subsystem]) === 1 ? 1 : level(bmc.subsystems[subsystem]) === null ? null : 0) : null;
		},
		message: entity => `${entity.name}: ${subsystem} health warning`,
	},
] satisfies AlertRule[]);

const recentMs = 3600_000;

export const bmcRules: readonly AlertRule[] = [
	...subsystemRules,
	{
		id: 'bmc.psu-failed', kind: 'bmc', severity: 'critical', forSec: 0, trigger: 1, clear: 0.5,
		metric: entity => asBmc(entity)?.powerSupplies.filter(psu => psu.health === 'critical').length ?? null,
		message: entity => `${entity.name}: power supply failed (${asBmc(entity)?.powerSupplies.filter(psu => psu.health === 'critical').map(psu => psu.name).join(', ')})`,
	},
	{
		id: 'bmc.psu-redundancy-lost', kind: 'bmc', severity: 'critical', forSec: 0, trigger: 1, clear: 0.5,
		metric: entity => {
			const lost = asBmc(entity)?.psuRedundancyLost;
			return lost === undefined || lost === null ? null : lost ? 1 : 0;
		},
		message: entity => `${entity.name}: power supply redundancy lost`,
	},
	{
		id: 'bmc.fan-failed', kind: 'bmc', severity: 'critical', forSec: 0, trigger: 1, clear: 0.5,
		metric: entity => asBmc(entity)?.fans.filter(fan => fan.health === 'critical').length ?? null,
		message: entity => `${entity.name}: fan failed (${asBmc(entity)?.fans.filter(fan => fan.health === 'critical').map(fan => fan.name).join(', ')})`,
	},
	{
		id: 'bmc.temperature-critical', kind: 'bmc', severity: 'critical', forSec: 0, trigger: 0, clear: -3,
		metric: entity => {
			const bmc = asBmc(entity);
			return bmc ? criticalMargin(bmc) : null;
		},
		message: (entity, value) => `${entity.name}: temperature at or above the BMC's critical threshold (${value >= 0 ? '+' : ''}${value.toFixed(0)} °C)`,
	},
	{
		id: 'bmc.event-critical', kind: 'bmc', severity: 'critical', forSec: 0, trigger: 1, clear: 0.5,
		metric: (entity, now) => {
			const bmc = asBmc(entity);
			if (!bmc) return null;
			return bmc.events.some(event => event.severity === 'critical' && event.time !== null && now - Date.parse(event.time) < recentMs && now - Date.parse(event.time) > -recentMs) ? 1 : 0;
		},
		message: entity => `${entity.name}: critical event: ${asBmc(entity)?.events.find(event => event.severity === 'critical')?.message ?? ''}`,
	},
];

function detail(bmc: BmcEntity): DetailSection[] {
	const sections: DetailSection[] = [
		{
			title: 'Machine',
			fields: [
				{label: 'Power', value: bmc.powerState, tone: bmc.powerState === 'on' ? 'status.ok' : bmc.powerState === 'off' ? 'status.warn' : 'muted'},
				...(bmc.chassisPowerState !== 'unknown' && bmc.chassisPowerState !== bmc.powerState ? [{label: 'Chassis power', value: bmc.chassisPowerState, tone: 'status.warn' as Tone}] : []),
				{label: 'Health', value: healthText(bmc.health), tone: healthTone(bmc.health)},
				{label: 'Model', value: [bmc.manufacturer, bmc.model].filter(Boolean).join(' ') || dash},
				{label: 'Serial', value: bmc.serial ?? dash},
				{label: 'Host name', value: bmc.hostname ?? dash},
				{label: 'BIOS', value: bmc.biosVersion ?? dash},
				{label: 'BMC firmware', value: bmc.bmcFirmware ?? dash},
				{label: 'Indicator LED', value: bmc.indicatorLed},
				{label: 'Power draw', value: num(bmc.powerWatts, ' W')},
			],
		},
		{
			title: 'Health',
			fields: (['system', 'thermal', 'power', 'manager'] as const).map(name => ({label: name, value: healthText(bmc.subsystems[name]), tone: healthTone(bmc.subsystems[name])})),
		},
		{
			title: 'Temperatures',
			lines: bmc.temperatures.map(item => ({
				text: `${item.name}: ${num(item.celsius, ' °C')} (warn ${num(item.upperNonCritical)}, crit ${num(item.upperCritical)}, fatal ${num(item.upperFatal)})`,
				tone: item.celsius !== null && item.upperCritical !== null && item.celsius >= item.upperCritical ? 'status.crit' : healthTone(item.health),
			})),
		},
		{
			title: `Fans${bmc.fanRedundancyLost === true ? ' (redundancy lost)' : ''}`,
			lines: bmc.fans.length > 0 ? bmc.fans.map(fan => ({text: `${fan.name}: ${num(fan.value, ` ${fan.unit}`)} ${healthText(fan.health)}`, tone: healthTone(fan.health)})) : [{text: 'none reported', tone: 'muted'}],
		},
		{
			title: `Power supplies${bmc.psuRedundancyLost === true ? ' (redundancy lost)' : ''}`,
			lines: bmc.powerSupplies.map(psu => ({text: `${psu.name}: ${healthText(psu.health)}, in ${num(psu.inputWatts, ' W')}, ${num(psu.lineVolts, ' V')}`, tone: healthTone(psu.health)})),
		},
		{
			title: 'Event log',
			lines: bmc.events.map(event => ({text: `${event.time ?? dash} ${event.severity ?? '?'} ${event.message}`, tone: healthTone(event.severity)})),
		},
	];
	return sections;
}

const healthSchema = {enum: ['ok', 'warning', 'critical', null]};
const numberOrNull = {type: ['number', 'null']};
const stringOrNull = {type: ['string', 'null']};

export const bmcKind: KindModule<'bmc'> = {
	kind: 'bmc',
	title: 'BMCs',
	noun: 'BMC',
	command: 'bmcs',
	describe: 'Server BMCs over Redfish: power, health, thermal, power supplies, event log',
	columns: [
		{id: 'name', title: 'NAME', width: 8, maxWidth: 28, priority: 0, isFlexible: true, cell: bmc => bmc.name, sortValue: bmc => bmc.name},
		{id: 'power', title: 'POWER', width: 5, priority: 0, cell: bmc => bmc.powerState, tone: bmc => (bmc.powerState === 'on' ? 'status.ok' : bmc.powerState === 'off' ? 'status.warn' : 'muted'), sortValue: bmc => bmc.powerState},
		{id: 'health', title: 'HEALTH', width: 8, priority: 1, cell: bmc => healthText(bmc.health), tone: bmc => healthTone(bmc.health), sortValue: bmc => level(bmc.health)},
		{id: 'inlet', title: 'INLET', width: 6, priority: 2, align: 'right', cell: bmc => num(inletTemperature(bmc)?.celsius ?? null, '°C'), tone: bmc => ((criticalMargin(bmc) ?? -1) >= 0 ? 'status.crit' : 'plain'), sortValue: bmc => inletTemperature(bmc)?.celsius ?? null},
		{id: 'watts', title: 'WATTS', width: 6, priority: 2, align: 'right', cell: bmc => num(bmc.powerWatts, ' W'), sortValue: bmc => bmc.powerWatts},
		{id: 'psu', title: 'PSU', width: 6, priority: 3, cell: bmc => (bmc.psuRedundancyLost ? 'lost' : `${bmc.powerSupplies.filter(psu => psu.health === 'ok').length}/${bmc.powerSupplies.length}`), tone: bmc => (bmc.psuRedundancyLost || bmc.powerSupplies.some(psu => psu.health === 'critical') ? 'status.crit' : 'plain')},
		{id: 'fans', title: 'FANS', width: 5, priority: 4, cell: bmc => (bmc.fans.length === 0 ? dash : `${bmc.fans.filter(fan => fan.health === 'ok').length}/${bmc.fans.length}`), tone: bmc => (bmc.fans.some(fan => fan.health === 'critical') ? 'status.crit' : 'plain')},
		{id: 'model', title: 'MODEL', width: 10, maxWidth: 24, priority: 5, cell: bmc => bmc.model ?? dash, sortValue: bmc => bmc.model},
		{id: 'serial', title: 'SERIAL', width: 10, maxWidth: 16, priority: 6, cell: bmc => bmc.serial ?? dash},
	],
	filterFields: bmc => ({
		name: bmc.name,
		power: bmc.powerState,
		health: healthText(bmc.health),
		model: bmc.model,
		serial: bmc.serial,
		host: bmc.hostname,
		source: bmc.source,
	}),
	detail,
	history: bmc => ({watts: bmc.powerWatts, inlet: inletTemperature(bmc)?.celsius ?? null}),
	charts: [
		{metric: 'watts', label: 'Power draw', format: value => `${value.toFixed(0)} W`},
		{metric: 'inlet', label: 'Inlet temperature', format: value => `${value.toFixed(0)} °C`},
	],
	rules: bmcRules,
	ranges: [...within(limits.watts, 'powerWatts', 'powerSupplies[].inputWatts', 'powerSupplies[].capacityWatts'), ...within(limits.volts, 'powerSupplies[].lineVolts'), ...within(limits.celsius, 'temperatures[].celsius', 'temperatures[].upperNonCritical', 'temperatures[].upperCritical', 'temperatures[].upperFatal'), {path: 'fans[].value', min: 0, max: 50_000} /* RPM or % */],
	jsonSchema: {
		properties: {
			model: stringOrNull, manufacturer: stringOrNull, serial: stringOrNull, hostname: stringOrNull, biosVersion: stringOrNull, bmcFirmware: stringOrNull,
			powerState: {enum: ['on', 'off', 'unknown']},
			chassisPowerState: {enum: ['on', 'off', 'unknown']},
			health: healthSchema,
			subsystems: {type: 'object', properties: {system: healthSchema, thermal: healthSchema, power: healthSchema, manager: healthSchema}},
			indicatorLed: {enum: ['on', 'off', 'blinking', 'unknown']},
			temperatures: {type: 'array', items: {type: 'object', properties: {name: {type: 'string'}, celsius: numberOrNull, upperNonCritical: numberOrNull, upperCritical: numberOrNull, upperFatal: numberOrNull, health: healthSchema}}},
			fans: {type: 'array', items: {type: 'object', properties: {name: {type: 'string'}, value: numberOrNull, unit: {type: 'string'}, health: healthSchema}}},
			fanRedundancyLost: {type: ['boolean', 'null']},
			powerSupplies: {type: 'array', items: {type: 'object', properties: {name: {type: 'string'}, health: healthSchema, inputWatts: numberOrNull, lineVolts: numberOrNull, capacityWatts: numberOrNull}}},
			psuRedundancyLost: {type: ['boolean', 'null']},
			powerWatts: numberOrNull,
			events: {type: 'array', items: {type: 'object', properties: {id: {type: 'string'}, time: stringOrNull, severity: healthSchema, message: {type: 'string'}, log: {type: 'string'}}}},
			resetTypes: {type: 'array', items: {type: 'string'}},
		},
		required: ['powerState', 'health', 'temperatures', 'fans', 'powerSupplies', 'powerWatts', 'events', 'resetTypes'],
	},
};

// The UPS kind: status flags, charge, runtime and load. Default rules: on battery, runtime
// under 10 minutes, low battery, battery to replace.
import type {Entity, UpsEntity} from '../entities.js';
import {formatDuration, formatNumber, formatPercent} from '../format.js';
import type {AlertRule} from '../model.js';
import type {KindModule, Tone} from './kind-module.js';
import {limits, within} from './range-limits.js';
import {nullableNumber, nullableString} from './tones.js';

export const upsFlags = ['online', 'on-battery', 'low-battery', 'bypass', 'off', 'overload', 'replace-battery', 'calibrating', 'charging', 'discharging', 'forced-shutdown', 'high-efficiency'] as const;

export function upsTone(ups: UpsEntity): Tone {
	if (ups.flags.includes('low-battery') || ups.flags.includes('overload') || ups.flags.includes('off')) return 'status.crit';
	if (ups.flags.includes('on-battery') || ups.flags.includes('replace-battery') || ups.flags.includes('bypass')) return 'status.warn';
	return ups.flags.includes('online') ? 'status.ok' : 'muted';
}

export const isOnBattery = (ups: UpsEntity): boolean => ups.flags.includes('on-battery');
const runtimeTone = (ups: UpsEntity): Tone => (!isOnBattery(ups) ? 'plain' : ups.runtimeSec !== null && ups.runtimeSec < 600 ? 'status.crit' : 'status.warn');

const hasFlag = (entity: Entity, flag: UpsEntity['flags'][number]) => (entity.kind === 'ups' && entity.flags.includes(flag) ? 1 : 0);

export const upsRules: readonly AlertRule[] = [
	{
		id: 'ups.on-battery',
		kind: 'ups',
		severity: 'critical',
		metric: entity => hasFlag(entity, 'on-battery'),
		trigger: 1,
		clear: 0.5,
		forSec: 0,
		message: entity => `${entity.name}: on battery, ${entity.kind !== 'ups' || entity.runtimeSec === null ? 'runtime unknown' : `${Math.round(entity.runtimeSec / 60)} min left`}`,
	},
	{
		id: 'ups.runtime-low',
		kind: 'ups',
		severity: 'critical',
		metric: entity => (entity.kind === 'ups' ? entity.runtimeSec : null),
		trigger: 600,
		clear: 900,
		isBelow: true,
		forSec: 0,
		message: (entity, value) => `${entity.name}: runtime ${Math.round(value / 60)} min (below 10 min)`,
	},
	{
		id: 'ups.low-battery',
		kind: 'ups',
		severity: 'warning',
		metric: entity => hasFlag(entity, 'low-battery'),
		trigger: 1,
		clear: 0.5,
		forSec: 0,
		message: entity => `${entity.name}: low battery`,
	},
	{
		id: 'ups.replace-battery',
		kind: 'ups',
		severity: 'warning',
		metric: entity => hasFlag(entity, 'replace-battery'),
		trigger: 1,
		clear: 0.5,
		forSec: 0,
		message: entity => `${entity.name}: battery needs replacing`,
	},
];


export const upsKind: KindModule<'ups'> = {
	kind: 'ups',
	title: 'UPSes',
	noun: 'UPS',
	command: 'upses',
	describe: 'UPSes: status, charge, runtime and load',
	shownBy: 'power',
	columns: [
		{id: 'name', title: 'NAME', width: 10, maxWidth: 32, priority: 0, isFlexible: true, cell: u => u.name, tone: upsTone, sortValue: u => u.name},
		{id: 'status', title: 'STATUS', width: 8, maxWidth: 30, priority: 0, cell: u => u.statusText, variants: u => [u.statusText, ...u.flags.slice(0, 1)], tone: upsTone, sortValue: u => u.statusText},
		{id: 'charge', title: 'CHARGE', width: 6, maxWidth: 6, priority: 1, align: 'right', cell: u => formatPercent(u.chargePercent), tone: u => (u.chargePercent !== null && u.chargePercent < 30 ? 'status.crit' : 'plain'), sortValue: u => u.chargePercent},
		{id: 'runtime', title: 'RUNTIME', width: 7, maxWidth: 8, priority: 0, align: 'right', cell: u => formatDuration(u.runtimeSec), tone: runtimeTone, sortValue: u => u.runtimeSec},
		{id: 'load', title: 'LOAD', width: 5, maxWidth: 5, priority: 1, align: 'right', cell: u => formatPercent(u.loadPercent), sortValue: u => u.loadPercent},
		{id: 'watts', title: 'W', width: 5, maxWidth: 6, priority: 3, align: 'right', cell: u => formatNumber(u.loadWatts), sortValue: u => u.loadWatts},
		{id: 'input', title: 'IN', width: 5, maxWidth: 6, priority: 4, align: 'right', cell: u => formatNumber(u.inputVolts, 'V'), sortValue: u => u.inputVolts},
		{id: 'model', title: 'MODEL', width: 10, maxWidth: 30, priority: 5, cell: u => u.model ?? '', sortValue: u => u.model},
	],
	filterFields: u => ({ups: u.name, state: [u.statusText, ...u.flags], status: [u.statusText, ...u.flags], flag: u.flags, model: u.model, type: 'ups'}),
	detail: u => [
		{
			title: `${u.name}${u.model ? ` (${u.model})` : ''}`,
			fields: [
				{label: 'status', value: `${u.statusText} · ${u.flags.join(', ') || '–'}`, tone: upsTone(u)},
				{label: 'charge', value: formatPercent(u.chargePercent)},
				{label: 'runtime', value: formatDuration(u.runtimeSec), tone: runtimeTone(u)},
				{label: 'load', value: `${formatPercent(u.loadPercent)} · ${formatNumber(u.loadWatts, 'W')} of ${formatNumber(u.nominalWatts, 'W')}`},
				{label: 'volts in/out', value: `${formatNumber(u.inputVolts, 'V')} / ${formatNumber(u.outputVolts, 'V')}`},
				{label: 'battery', value: formatNumber(u.batteryTempCelsius, '°C')},
				{label: 'on battery', value: formatDuration(u.timeOnBatterySec)},
				{label: 'last transfer', value: u.lastTransferReason ?? '–'},
				{label: 'self-test', value: `${u.selfTestResult ?? '–'}${u.selfTestDate ? ` (${u.selfTestDate})` : ''}`},
			],
		},
	],
	history: u => ({charge: u.chargePercent, load: u.loadPercent, runtime: u.runtimeSec}),
	charts: [
		{metric: 'charge', label: 'charge', range: {min: 0, max: 100}, format: formatPercent},
		{metric: 'load', label: 'load', range: {min: 0, max: 100}, format: formatPercent},
		{metric: 'runtime', label: 'runtime', format: formatDuration},
	],
	rules: upsRules,
	ranges: [...within(limits.percent, 'chargePercent', 'phases[].loadPercent'), {path: 'loadPercent', min: 0, max: 200} /* an overloaded UPS reports over 100 % */, ...within(limits.runtimeSec, 'runtimeSec', 'timeOnBatterySec'), ...within(limits.watts, 'loadWatts', 'nominalWatts'), ...within(limits.volts, 'inputVolts', 'outputVolts', 'phases[].volts'), ...within(limits.amps, 'phases[].amps'), ...within(limits.celsius, 'batteryTempCelsius', 'upsTempCelsius')],
	jsonSchema: {
		required: ['model', 'flags', 'statusText', 'chargePercent', 'runtimeSec', 'loadPercent', 'inputVolts', 'outputVolts', 'batteryTempCelsius', 'timeOnBatterySec'],
		properties: {model: nullableString, flags: {type: 'array', items: {enum: upsFlags}}, chargePercent: nullableNumber, runtimeSec: nullableNumber},
	},
};

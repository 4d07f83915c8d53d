// The core's alert rules for kinds that several plugins report (a UPS over SNMP or through NUT,
// a GPU read locally or over SSH): they run over every entity of their kind, whichever plugin
// reported it. Plugins add rules of their own protocol (a Proxmox node offline, a failed task).
// Levels follow common practice: GPU temperature over 80 °C, UPS on battery, UPS runtime under
// 10 minutes, PDU load over 80 % of its rating.
import {defaultHostRules} from './alerts.js';
import type {Entity, UpsEntity} from './entities.js';
import type {AlertRule} from './plugin-api.js';

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

export const pduRules: readonly AlertRule[] = [
	{
		id: 'pdu.load-high',
		kind: 'pdu',
		severity: 'warning',
		metric: entity => (entity.kind !== 'pdu' || entity.loadAmps === null || entity.ratingAmps === null || entity.ratingAmps <= 0 ? null : (entity.loadAmps / entity.ratingAmps) * 100),
		trigger: 80,
		clear: 75,
		forSec: 60,
		message: (entity, value) => `${entity.name}: load ${Math.round(value)} % of its rating`,
	},
];

export const gpuRules: readonly AlertRule[] = [
	{
		id: 'gpu.temp-high',
		kind: 'gpu',
		severity: 'warning',
		metric: entity => (entity.kind === 'gpu' ? entity.temperature.celsius : null),
		trigger: 80,
		clear: 75,
		forSec: 30,
		message: (entity, value) => `${entity.name} on ${entity.kind === 'gpu' ? entity.host : '?'} at ${value} °C`,
	},
	{
		id: 'gpu.temp-slowdown',
		kind: 'gpu',
		severity: 'critical',
		metric: entity => (entity.kind !== 'gpu' || entity.temperature.celsius === null || entity.temperature.slowdownCelsius === null ? null : entity.temperature.celsius - entity.temperature.slowdownCelsius),
		trigger: 0,
		clear: -3,
		forSec: 0,
		message: entity => (entity.kind === 'gpu'
			? `${entity.name} on ${entity.host} at ${entity.temperature.celsius} °C, at or past its slowdown threshold ${entity.temperature.slowdownCelsius} °C: clocks are being cut`
			: entity.name),
	},
];

export const kindRules: readonly AlertRule[] = [...defaultHostRules, ...upsRules, ...pduRules, ...gpuRules];

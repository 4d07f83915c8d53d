// The PDU kind: a power distribution unit's total load against its rating. Default rule: load
// over 80 % of the rating for a minute.
import type {PduEntity} from '../entities.js';
import {formatNumber, formatPercent} from '../format.js';
import type {AlertRule} from '../model.js';
import type {KindModule, Tone} from './kind-module.js';
import {limits, within} from './range-limits.js';
import {nullableString, usageTone} from './tones.js';

const ratio = (pdu: PduEntity) => (pdu.loadAmps === null || pdu.ratingAmps === null || pdu.ratingAmps <= 0 ? null : (pdu.loadAmps / pdu.ratingAmps) * 100);
const loadTone = (pdu: PduEntity): Tone => (pdu.loadState === 'overload' ? 'status.crit' : pdu.loadState === 'near-overload' ? 'status.warn' : usageTone(ratio(pdu)));

export const pduRules: readonly AlertRule[] = [
	{
		id: 'pdu.load-high',
		kind: 'pdu',
		severity: 'warning',
		metric: entity => (entity.kind === 'pdu' ? ratio(entity) : null),
		trigger: 80,
		clear: 75,
		forSec: 60,
		message: (entity, value) => `${entity.name}: load ${Math.round(value)} % of its rating`,
	},
];

export const pduKind: KindModule<'pdu'> = {
	kind: 'pdu',
	title: 'PDUs',
	noun: 'PDU',
	command: 'pdus',
	describe: 'Power distribution units: load against rating',
	shownBy: 'power',
	columns: [
		{id: 'name', title: 'NAME', width: 10, maxWidth: 32, priority: 0, isFlexible: true, cell: p => p.name, sortValue: p => p.name},
		{id: 'state', title: 'STATE', width: 6, maxWidth: 13, priority: 0, cell: p => p.loadState, tone: loadTone, sortValue: p => p.loadState},
		{id: 'load', title: 'LOAD', width: 6, maxWidth: 7, priority: 0, align: 'right', cell: p => formatNumber(p.loadAmps, 'A', 1), tone: loadTone, sortValue: p => p.loadAmps},
		{id: 'rating', title: 'RATED', width: 5, maxWidth: 6, priority: 1, align: 'right', cell: p => formatNumber(p.ratingAmps, 'A'), sortValue: p => p.ratingAmps},
		{id: 'ratio', title: 'USE', width: 4, maxWidth: 5, priority: 1, align: 'right', cell: p => formatPercent(ratio(p)), sortValue: ratio},
		{id: 'watts', title: 'W', width: 5, maxWidth: 6, priority: 2, align: 'right', cell: p => formatNumber(p.powerWatts), sortValue: p => p.powerWatts},
		{id: 'outlets', title: 'OUTLETS', width: 7, maxWidth: 7, priority: 3, align: 'right', cell: p => String(p.outletCount), sortValue: p => p.outletCount},
		{id: 'model', title: 'MODEL', width: 10, maxWidth: 30, priority: 4, cell: p => p.model ?? '', sortValue: p => p.model},
	],
	filterFields: p => ({state: p.loadState, model: p.model, type: 'pdu'}),
	detail: p => [
		{
			title: `${p.name}${p.model ? ` (${p.model})` : ''}`,
			fields: [
				{label: 'load', value: `${formatNumber(p.loadAmps, 'A', 1)} of ${formatNumber(p.ratingAmps, 'A')} (${formatPercent(ratio(p))}) · ${p.loadState}`, tone: loadTone(p)},
				{label: 'power', value: `${formatNumber(p.powerWatts, 'W')} · ${formatNumber(p.energyKwh, ' kWh', 1)}`},
				{label: 'outlets', value: String(p.outletCount)},
			],
			lines: p.phases.map(phase => ({text: `${phase.name.padEnd(8)} ${formatNumber(phase.loadAmps, 'A', 1)}`})),
		},
	],
	history: p => ({load: p.loadAmps}),
	charts: [{metric: 'load', label: 'load', format: value => formatNumber(value, 'A', 1)}],
	rules: pduRules,
	ranges: [...within(limits.amps, 'loadAmps', 'ratingAmps', 'phases[].loadAmps'), ...within(limits.watts, 'powerWatts'), {path: 'energyKwh', min: 0, max: 1e9}],
	jsonSchema: {
		required: ['model', 'loadAmps', 'powerWatts', 'ratingAmps', 'loadState', 'outletCount'],
		properties: {model: nullableString, loadState: {enum: ['normal', 'low', 'near-overload', 'overload', 'unknown']}},
	},
};

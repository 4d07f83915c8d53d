// The ATS kind: an automatic transfer switch (APC rack ATS over SNMP, any ATS through NUT) with
// two inputs, the one feeding the load, and per-bank current and power. Default rule:
// "redundancy lost" (critical) when one input has failed and the load runs on a single feed.
import type {AtsEntity} from '../entities.js';
import {formatNumber} from '../format.js';
import type {AlertRule} from '../plugin-api.js';
import type {KindModule, Tone} from './kind-module.js';
import {limits, within} from './range-limits.js';

const redundancyTone = (ats: AtsEntity): Tone => (ats.isRedundant === false ? 'status.crit' : ats.isRedundant === true ? 'status.ok' : 'muted');
const redundancyWord = (ats: AtsEntity): string => (ats.isRedundant === false ? 'lost' : ats.isRedundant === true ? 'ok' : '–');
const inputsCell = (ats: AtsEntity): string => ats.inputs.map(input => `${input.name}:${input.status === 'ok' ? 'ok' : input.status === 'fail' ? 'FAIL' : '?'}`).join(' ');
const nullableString = {type: ['string', 'null']} as const;
const nullableNumber = {type: ['number', 'null']} as const;

export const atsRules: readonly AlertRule[] = [
	{
		id: 'ats.redundancy-lost',
		kind: 'ats',
		severity: 'critical',
		metric: entity => (entity.kind !== 'ats' || entity.isRedundant === null ? null : entity.isRedundant ? 0 : 1),
		trigger: 1,
		clear: 0.5,
		forSec: 0,
		message: entity => (entity.kind === 'ats'
			? `${entity.name}: redundancy lost (${entity.inputs.filter(input => input.status === 'fail').map(input => `input ${input.name}`).join(', ') || 'an input'} down), load on ${entity.selectedInput === null ? 'one input' : `input ${entity.selectedInput}`}`
			: entity.name),
	},
];

export const atsKind: KindModule<'ats'> = {
	kind: 'ats',
	title: 'Transfer switches',
	noun: 'transfer switch',
	command: 'ats',
	describe: 'Automatic transfer switches: both inputs, the selected source, per-bank load',
	columns: [
		{id: 'name', title: 'NAME', width: 10, maxWidth: 32, priority: 0, isFlexible: true, cell: a => a.name, sortValue: a => a.name},
		{id: 'redundancy', title: 'REDUND', width: 6, maxWidth: 6, priority: 0, cell: redundancyWord, tone: redundancyTone, sortValue: a => (a.isRedundant === null ? null : a.isRedundant ? 1 : 0)},
		{id: 'input', title: 'ON', width: 3, maxWidth: 4, priority: 0, cell: a => a.selectedInput ?? '–', tone: a => (a.selectedInput !== null && a.preferredInput !== null && a.selectedInput !== a.preferredInput ? 'status.warn' : 'plain'), sortValue: a => a.selectedInput},
		{id: 'inputs', title: 'INPUTS', width: 9, maxWidth: 16, priority: 1, cell: inputsCell, tone: redundancyTone},
		{id: 'load', title: 'LOAD', width: 6, maxWidth: 7, priority: 1, align: 'right', cell: a => formatNumber(a.loadAmps, 'A', 1), sortValue: a => a.loadAmps},
		{id: 'watts', title: 'W', width: 5, maxWidth: 6, priority: 2, align: 'right', cell: a => formatNumber(a.powerWatts), sortValue: a => a.powerWatts},
		{id: 'model', title: 'MODEL', width: 10, maxWidth: 30, priority: 4, cell: a => a.model ?? '', sortValue: a => a.model},
	],
	filterFields: a => ({
		redundancy: a.isRedundant === null ? null : a.isRedundant ? ['ok', 'redundant'] : ['lost', 'single'],
		input: a.selectedInput,
		model: a.model,
		type: 'ats',
	}),
	detail: a => [
		{
			title: `${a.name}${a.model ? ` (${a.model})` : ''}`,
			fields: [
				{label: 'status', value: a.statusText, tone: redundancyTone(a)},
				{label: 'source', value: `${a.selectedInput ?? '–'}${a.preferredInput ? ` (preferred ${a.preferredInput})` : ''}`},
				{label: 'load', value: `${formatNumber(a.loadAmps, 'A', 1)} · ${formatNumber(a.powerWatts, 'W')} · ${formatNumber(a.outputVolts, 'V')}`},
			],
		},
		{
			title: 'Inputs',
			lines: a.inputs.map(input => ({
				text: `${input.name.padEnd(3)} ${input.status.padEnd(7)} ${formatNumber(input.volts, 'V')} ${formatNumber(input.frequencyHz, 'Hz')}`,
				tone: input.status === 'fail' ? 'status.crit' : input.status === 'ok' ? 'status.ok' : 'muted',
			})),
		},
		...(a.banks.length > 0 ? [{title: 'Banks', lines: a.banks.map(bank => ({text: `${bank.name.padEnd(8)} ${formatNumber(bank.loadAmps, 'A', 1)} ${formatNumber(bank.powerWatts, 'W')}`}))}] : []),
	],
	history: a => ({load: a.loadAmps}),
	charts: [{metric: 'load', label: 'load', format: value => formatNumber(value, 'A', 1)}],
	rules: atsRules,
	ranges: [...within(limits.amps, 'loadAmps', 'banks[].loadAmps'), ...within(limits.watts, 'powerWatts', 'banks[].powerWatts'), ...within(limits.volts, 'outputVolts', 'inputs[].volts'), {path: 'inputs[].frequencyHz', min: 0, max: 100}],
	jsonSchema: {
		required: ['model', 'inputs', 'selectedInput', 'preferredInput', 'isRedundant', 'loadAmps', 'powerWatts', 'outputVolts', 'banks', 'statusText'],
		properties: {
			model: nullableString,
			inputs: {
				type: 'array',
				items: {
					type: 'object',
					required: ['name', 'status', 'volts', 'frequencyHz'],
					properties: {name: {type: 'string'}, status: {enum: ['ok', 'fail', 'unknown']}, volts: nullableNumber, frequencyHz: nullableNumber},
				},
			},
			selectedInput: nullableString,
			preferredInput: nullableString,
			isRedundant: {type: ['boolean', 'null']},
			loadAmps: nullableNumber,
			powerWatts: nullableNumber,
			outputVolts: nullableNumber,
			banks: {
				type: 'array',
				items: {type: 'object', required: ['name', 'loadAmps', 'powerWatts'], properties: {name: {type: 'string'}, loadAmps: nullableNumber, powerWatts: nullableNumber}},
			},
			statusText: {type: 'string'},
		},
	},
};

import {emptyTopology} from '../topology.js';
import {Ajv} from 'ajv';
import {describe, expect, it} from 'vitest';
import type {AtsEntity} from '../entities.js';
import {emptySnapshot} from '../store.js';
import {atsKind, atsRules} from './ats.js';

const lost: AtsEntity = {
	id: 'ats:rack/ats', kind: 'ats', source: 'rack', localId: 'ats', name: 'ats-3', seenAt: 0, model: 'AP4423',
	inputs: [{name: 'A', status: 'fail', volts: 0, frequencyHz: null}, {name: 'B', status: 'ok', volts: 231, frequencyHz: 50}],
	selectedInput: 'B', preferredInput: 'A', isRedundant: false, loadAmps: 8.8, powerWatts: 1883, outputVolts: 231,
	banks: [{name: 'bank 1', loadAmps: 5.1, powerWatts: 1102}], statusText: 'redundancy lost, on source B',
};
const context = {snapshot: emptySnapshot('lab'), now: 0, topology: emptyTopology};

describe('ats kind module', () => {
	it('columns show redundancy, the source in use and the inputs, with tones', () => {
		const cells = Object.fromEntries(atsKind.columns.map(column => [column.id, column.cell(lost, context)]));
		expect(cells).toEqual({name: 'ats-3', redundancy: 'lost', input: 'B', inputs: 'A:FAIL B:ok', load: '8.8A', watts: '1883', model: 'AP4423'});
		expect(atsKind.columns.find(column => column.id === 'redundancy')!.tone!(lost, context)).toBe('status.crit');
		expect(atsKind.columns.find(column => column.id === 'input')!.tone!(lost, context)).toBe('status.warn');
	});

	it('filter fields, detail sections, history', () => {
		expect(atsKind.filterFields(lost, context)).toEqual({redundancy: ['lost', 'single'], input: 'B', model: 'AP4423', type: 'ats'});
		expect(atsKind.detail(lost, context).map(section => section.title)).toEqual(['ats-3 (AP4423)', 'Inputs', 'Banks']);
		expect(atsKind.history!(lost)).toEqual({load: 8.8});
	});

	it('the redundancy rule: 1 when lost, 0 when redundant, unknown skipped', () => {
		const [rule] = atsRules;
		expect(rule!.metric(lost, 0)).toBe(1);
		expect(rule!.metric({...lost, isRedundant: true}, 0)).toBe(0);
		expect(rule!.metric({...lost, isRedundant: null}, 0)).toBeNull();
		expect(rule!.message(lost, 1, 0)).toBe('ats-3: redundancy lost (input A down), load on input B');
	});

	it('the json schema fragment accepts the entity and rejects a wrong status', () => {
		const validate = new Ajv({strict: false}).compile({type: 'object', ...atsKind.jsonSchema});
		expect(validate(lost)).toBe(true);
		expect(validate({...lost, inputs: [{name: 'A', status: 'broken', volts: 0, frequencyHz: null}]})).toBe(false);
	});
});

import {describe, expect, it} from 'vitest';
import {applyView, cellText, fitColumns, measureColumns, type Column} from './table-model.js';

type Row = {readonly name: string; readonly pdu: string; readonly state: string; readonly card: string};

const columns: readonly Column<Row>[] = [
	{id: 'pdu', title: 'PDU', width: 8, maxWidth: 24, priority: 2, cell: r => r.pdu},
	{id: 'name', title: 'NAME', width: 10, maxWidth: 20, priority: 0, isFlexible: true, cell: r => r.name},
	{id: 'state', title: 'STATE', width: 5, maxWidth: 5, priority: 0, cell: r => r.state},
	{id: 'card', title: 'CARD', width: 6, maxWidth: 30, priority: 3, cell: r => r.card, variants: r => [r.card, r.card.replace(/^NVIDIA /, ''), r.card.replace(/^NVIDIA GeForce /, '')]},
];
const rows: readonly Row[] = [
	{name: 'gpu-box-1', pdu: 'PDU A (AP8941)', state: 'on', card: 'NVIDIA GeForce RTX 3090'},
	{name: 'a-much-longer-outlet-name', pdu: 'PDU B', state: 'off', card: 'Tesla P40'},
];
const widths = (width: number) => Object.fromEntries(fitColumns(columns, width, 0, measureColumns(columns, rows)).map(column => [column.id, column.shown]));

describe('column sizing', () => {
	it('measures content widths, titles included, and the shortest variants', () => {
		const measured = measureColumns(columns, rows);
		expect(measured.full).toEqual([14, 25, 6, 23]);
		expect(measured.compact[3]).toBe(9); // "Tesla P40" is the widest shortest form
	});

	it('at a wide terminal every column gets its content before the flexible one grows, and the row ends there', () => {
		const shown = widths(200);
		expect(shown).toEqual({pdu: 14, name: 25, state: 5, card: 23});
	});

	it('caps the fill of the flexible column at its maxWidth, but never cuts its content to it', () => {
		const short = [{name: 'pve1', pdu: 'PDU A', state: 'on', card: 'Tesla P40'}];
		const fitted = fitColumns(columns, 200, 0, measureColumns(columns, short));
		expect(fitted.find(column => column.id === 'name')!.shown).toBe(20);
		expect(widths(200)['name']).toBe(25);
	});

	it('gives spare width to truncated columns before the flexible column fills', () => {
		// 8+10+5+6 + 3 separators = 32: 18 spare at 50.
		const shown = widths(50);
		expect(shown['pdu']! + shown['name']! + shown['state']! + shown['card']! + 3).toBe(50);
		expect(shown['card']).toBeGreaterThanOrEqual(9); // the compact form first
		expect(shown['name']).toBe(25); // then content, by priority
	});

	it('uses the longest variant that fits, then truncates the shortest', () => {
		const [card] = fitColumns(columns.filter(column => column.id === 'card'), 16, 0, measureColumns(columns.filter(column => column.id === 'card'), rows)).map(column => ({...column, shown: 16}));
		expect(cellText(card!, rows[0]!)).toBe('GeForce RTX 3090');
		expect(cellText({...card!, shown: 10}, rows[0]!)).toBe('RTX 3090  ');
		expect(cellText({...card!, shown: 6}, rows[0]!)).toBe('RTX 3…');
	});

	it('drops columns by priority when the minimum widths do not fit; priority 0 never drops', () => {
		expect(Object.keys(widths(30))).toEqual(['pdu', 'name', 'state']);
		expect(Object.keys(widths(10))).toEqual(['name', 'state']);
	});

	it('without measured widths keeps the old behaviour: minimum widths, the rest to the flexible column', () => {
		const fitted = fitColumns(columns, 40);
		expect(fitted.map(column => column.shown)).toEqual([8, 18, 5, 6]);
	});
});

describe('applyView', () => {
	const sortable: readonly Column<Row>[] = columns.map(column => ({...column, sortValue: (r: Row) => r[column.id as keyof Row]}));
	const all = [...rows, {name: 'ups', pdu: 'UPS', state: 'on', card: ''}];
	it('keeps bands apart when sorting and reversing (UPS rows stay on top)', () => {
		const band = (r: Row) => (r.pdu === 'UPS' ? 0 : 1);
		const byName = applyView(all, sortable, {filter: '', sortColumn: 1, isDescending: false}, r => ({text: r.name, fields: {}}), band);
		expect(byName.map(r => r.name)).toEqual(['ups', 'a-much-longer-outlet-name', 'gpu-box-1']);
		const reversed = applyView(all, sortable, {filter: '', sortColumn: 1, isDescending: true}, r => ({text: r.name, fields: {}}), band);
		expect(reversed.map(r => r.name)).toEqual(['ups', 'gpu-box-1', 'a-much-longer-outlet-name']);
	});
	it('returns the rows themselves when neither filter nor sort applies', () => {
		expect(applyView(all, sortable, {filter: '', sortColumn: -1, isDescending: false}, r => ({text: r.name, fields: {}}))).toBe(all);
	});
});

describe('sorting unknowns', () => {
	it('null sorts last ascending and descending', async () => {
		const {compare} = await import('./table-model.js');
		const values = [3, null, 1, 2];
		expect([...values].sort((a, b) => compare(a, b, 1))).toEqual([1, 2, 3, null]);
		expect([...values].sort((a, b) => compare(a, b, -1))).toEqual([3, 2, 1, null]);
	});
});

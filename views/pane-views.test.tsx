// Each pane's sort and filter are remembered between runs (console settings): a table with no
// state yet starts from the remembered view, and a kept change is reported to be saved.
import {describe, expect, it} from 'vitest';
import type {PaneView} from '../src/settings.js';
import {appStarter, keys} from './test-fixtures/harness.js';
import {initialTableState, type Column} from './table-model.js';
import {seedState, viewOf} from './use-table.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter({pane: 'hosts'});

const columns: readonly Column<string>[] = [
	{id: 'state', title: 'STATE', width: 5, priority: 0, cell: row => row},
	{id: 'name', title: 'NAME', width: 5, priority: 0, cell: row => row, sortValue: row => row},
];

describe('remembered pane views', () => {
	it('seed a table by column id, drop a column that no longer sorts, and round-trip', () => {
		expect(seedState(undefined, columns)).toBe(initialTableState);
		expect(seedState({sort: {column: 'name', isDescending: true}, filter: 'pve'}, columns)).toMatchObject({sortColumn: 1, isDescending: true, filter: 'pve', filterAt: 3});
		expect(seedState({sort: {column: 'state', isDescending: true}}, columns)).toMatchObject({sortColumn: -1, isDescending: false});
		expect(seedState({sort: {column: 'gone', isDescending: true}}, columns)).toMatchObject({sortColumn: -1, isDescending: false});
		expect(seedState({sort: {column: '', isDescending: true}}, columns)).toMatchObject({sortColumn: -1, isDescending: true});
		expect(viewOf({...initialTableState, sortColumn: 1, isDescending: true, filter: 'pve'}, columns)).toEqual({sort: {column: 'name', isDescending: true}, filter: 'pve'});
		expect(viewOf({...initialTableState, isDescending: true, filter: '  '}, columns)).toEqual({sort: {column: '', isDescending: true}});
		expect(viewOf(initialTableState, columns)).toEqual({});
	});

	it('the hosts pane starts sorted and filtered as remembered, and reports kept changes only', async () => {
		const saved: (readonly [string, PaneView])[] = [];
		const app = start({paneViews: {hosts: {sort: {column: 'name', isDescending: true}, filter: 'pve'}}, onPaneView: (pane, view) => saved.push([pane, view])});
		const frame = await app.waitForText('sort NAME↓');
		expect(frame).toContain('filter pve');
		const names = [...frame.matchAll(/● up\s+(pve\d)/g)].map(match => match[1]);
		expect(names).toEqual(['pve3', 'pve2', 'pve1']);
		expect(saved).toEqual([]);
		app.press('R');
		await app.waitForText('sort NAME↑');
		expect(saved).toEqual([['hosts', {sort: {column: 'name', isDescending: false}, filter: 'pve'}]]);
		// Typing a filter is not saved until it is kept.
		app.press('/', keys.backspace, keys.backspace, keys.backspace);
		await app.waitFor(current => !current.includes('filter pve'));
		expect(saved).toHaveLength(1);
		app.press(keys.enter);
		await app.waitFor(() => saved.length === 2);
		expect(saved[1]).toEqual(['hosts', {sort: {column: 'name', isDescending: false}}]);
	});
});

// A table's state behind a synchronous reducer: several keys can arrive in one input chunk,
// so the handler reads the latest state from a ref instead of a stale closure.
import {useMemo, useRef, useState} from 'react';
import type {Entity} from '../src/entities.js';
import type {FilterRow} from '../src/filter.js';
import type {CommandId} from '../src/keys.js';
import {applyView, filterKey, initialTableState, tableCommand, type Column, type TableState} from './table-model.js';

export type TableOptions<R> = {
	readonly rows: readonly R[];
	/** Must keep its identity between renders (module constant or useMemo). */
	readonly columns: readonly Column<R>[];
	readonly rowId: (row: R) => string;
	readonly filterRow: (row: R) => FilterRow;
	readonly entityOf?: (row: R) => Entity | undefined;
	/** Bands that sorting never mixes (see applyView). */
	readonly group?: (row: R) => number;
};

export type TableControl<R> = {
	readonly state: TableState;
	/** Filtered and sorted. */
	readonly viewRows: readonly R[];
	readonly cursor: number;
	readonly selected: R | undefined;
	readonly detail: R | undefined;
	handle(command: CommandId | undefined, key: string | undefined, input: string): boolean;
	selection(): readonly Entity[];
	/** The row under the cursor now (keys that arrive in one chunk see each other's moves). */
	current(): R | undefined;
	/** Rows per page for PgUp/PgDn, once the pane knows how tall the table is. */
	setPageSize(rows: number): void;
};

export function useTable<R>(options: TableOptions<R>): TableControl<R> {
	const {rows, columns, rowId, filterRow, entityOf, group} = options;
	const [state, setState] = useState<TableState>(initialTableState);
	const stateRef = useRef(state);
	const viewRows = useMemo(
		() => applyView(rows, columns, state, filterRow, group),
		// Only what changes the view: a keypress that moves the cursor re-filters nothing.
		[rows, columns, state.filter, state.sortColumn, state.isDescending],
	);
	const cursor = Math.max(0, Math.min(state.cursor, viewRows.length - 1));
	const live = useRef({viewRows, pageSize: 1, rows});
	live.current = {...live.current, viewRows, rows};
	const sortable = useMemo(() => columns.flatMap((column, index) => (column.sortValue ? [index] : [])), [columns]);

	const update = (next: TableState) => {
		stateRef.current = next;
		setState(next);
	};

	const handle = (command: CommandId | undefined, key: string | undefined, input: string): boolean => {
		const current = stateRef.current;
		if (current.isFilterEditing) {
			update(filterKey(current, key, input));
			return true;
		}
		if (!command) return false;
		const {viewRows: visible, pageSize: page} = live.current;
		const at = Math.max(0, Math.min(current.cursor, visible.length - 1));
		const selectedRow = visible[at];
		const next = tableCommand({...current, cursor: at}, command, {
			rowCount: visible.length,
			pageSize: page,
			selectedId: selectedRow === undefined ? undefined : rowId(selectedRow),
			sortableColumns: sortable,
		});
		if (!next) return false;
		update(next);
		return true;
	};

	const selection = (): readonly Entity[] => {
		if (!entityOf) return [];
		const current = stateRef.current;
		const {viewRows: visible, rows: all} = live.current;
		const picked = current.marked.size > 0 ? all.filter(row => current.marked.has(rowId(row))) : [visible[Math.max(0, Math.min(current.cursor, visible.length - 1))]].filter((row): row is R => row !== undefined);
		return picked.map(entityOf).filter((entity): entity is Entity => entity !== undefined);
	};

	const current = (): R | undefined => {
		const visible = live.current.viewRows;
		return visible[Math.max(0, Math.min(stateRef.current.cursor, visible.length - 1))];
	};
	const setPageSize = (size: number) => {
		live.current.pageSize = size;
	};

	const detail = state.detailId === undefined ? undefined : rows.find(row => rowId(row) === state.detailId);
	return {state, viewRows, cursor, selected: viewRows[cursor], detail, handle, selection, current, setPageSize};
}

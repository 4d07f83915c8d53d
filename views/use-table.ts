// A table's state behind a synchronous reducer: several keys can arrive in one input chunk, so
// the handler reads the latest state from a ref (and recomputes the visible rows when a key in
// the same chunk changed the filter or sort) instead of a stale closure. The state is written
// through to the pane's memory, so that filter, sort, cursor, marks and scroll survive a switch.
import {useCallback, useLayoutEffect, useMemo, useRef, useState} from 'react';
import type {Entity} from '../src/entities.js';
import type {FilterRow} from '../src/filter.js';
import type {CommandId} from '../src/keys.js';
import type {PaneMemory} from './pane-handle.js';
import type {PaneView} from '../src/settings.js';
import {applyView, filterError, filterKey, initialTableState, scrollTo, tableCommand, type Column, type TableState} from './table-model.js';

export type TableOptions<R> = {
	readonly rows: readonly R[];
	/** Must keep its identity between renders (module constant or useMemo). */
	readonly columns: readonly Column<R>[];
	readonly rowId: (row: R) => string;
	readonly filterRow: (row: R) => FilterRow;
	readonly entityOf?: (row: R) => Entity | undefined;
	/** Bands that sorting never mixes (see applyView). */
	readonly group?: (row: R) => number;
	/** Where the state is kept across pane switches; absent: the table's own. */
	readonly memory?: PaneMemory;
};

export type TableControl<R> = {
	readonly state: TableState;
	/** Filtered and sorted. */
	readonly viewRows: readonly R[];
	readonly cursor: number;
	readonly selected: R | undefined;
	readonly detail: R | undefined;
	/** The filter's problem (invalid regex, unknown field), for the filter line. */
	readonly filterError: string | undefined;
	/** Stable: reads the latest state. */
	handle(command: CommandId | undefined, key: string | undefined, input: string): boolean;
	selection(): readonly Entity[];
	/** The row under the cursor now (keys that arrive in one chunk see each other's moves). */
	current(): R | undefined;
	/** Whether the filter line is open (it takes every key). */
	isEditing(): boolean;
	/** Rows per page for PgUp/PgDn; the pane sets it in a layout effect once it knows its height. */
	setPageSize(rows: number): void;
};

type ViewKey = Pick<TableState, 'filter' | 'sortColumn' | 'isDescending'>;
const sameView = (a: ViewKey, b: ViewKey) => a.filter === b.filter && a.sortColumn === b.sortColumn && a.isDescending === b.isDescending;

/** A fresh table's state from a remembered view (a sort column that no longer exists is dropped). */
export function seedState<R>(view: PaneView | undefined, columns: readonly Column<R>[]): TableState {
	if (!view) return initialTableState;
	const sortColumn = view.sort ? columns.findIndex(column => column.id === view.sort!.column && column.sortValue !== undefined) : -1;
	const filter = view.filter ?? '';
	return {...initialTableState, sortColumn, isDescending: sortColumn >= 0 || !view.sort?.column ? view.sort?.isDescending ?? false : false, filter, filterAt: filter.length};
}

/** What is remembered of a table's state: its sort by column id, and its filter. */
export function viewOf<R>(state: TableState, columns: readonly Column<R>[]): PaneView {
	const column = columns[state.sortColumn];
	const filter = state.filter.trim() === '' ? {} : {filter: state.filter};
	if (column) return {sort: {column: column.id, isDescending: state.isDescending}, ...filter};
	return state.isDescending ? {sort: {column: '', isDescending: true}, ...filter} : filter;
}

export function useTable<R>(options: TableOptions<R>): TableControl<R> {
	const {rows, columns, rowId, filterRow, group, memory} = options;
	const [state, setState] = useState<TableState>(() => memory?.get() ?? seedState(memory?.remembered, columns));
	const stateRef = useRef(state);
	const viewRows = useMemo(
		() => applyView(rows, columns, state, filterRow, group),
		// Only what changes the view: a keypress that moves the cursor re-filters nothing.
		[rows, columns, state.filter, state.sortColumn, state.isDescending],
	);
	const error = useMemo(() => filterError(rows, state.filter, filterRow), [rows, state.filter]);
	const cursor = Math.max(0, Math.min(state.cursor, viewRows.length - 1));
	const live = useRef({viewRows, view: state as ViewKey, pageSize: 1, options});
	useLayoutEffect(() => {
		live.current = {...live.current, viewRows, view: state, options};
	});
	const sortable = useMemo(() => columns.flatMap((column, index) => (column.sortValue ? [index] : [])), [columns]);

	const update = useCallback((next: TableState) => {
		const before = stateRef.current;
		stateRef.current = next;
		const latest = live.current.options;
		latest.memory?.set(next);
		// A kept filter (not one being typed) or a new sort is remembered between runs.
		if (!next.isFilterEditing && (!sameView(before, next) || before.isFilterEditing)) latest.memory?.remember?.(viewOf(next, latest.columns));
		setState(next);
	}, []);

	/** The rows as the latest state shows them, even before the next render. */
	const visibleNow = useCallback((): readonly R[] => {
		const {view, viewRows: shown, options: latest} = live.current;
		const current = stateRef.current;
		if (sameView(view, current)) return shown;
		const fresh = applyView(latest.rows, latest.columns, current, latest.filterRow, latest.group);
		live.current = {...live.current, viewRows: fresh, view: current};
		return fresh;
	}, []);

	// `:vm 120` asks for a row: move the cursor onto it once it is in the view.
	useLayoutEffect(() => {
		if (state.focusId === undefined) return;
		const at = viewRows.findIndex(row => rowId(row) === state.focusId);
		update(scrollTo({...state, focusId: undefined, cursor: at < 0 ? state.cursor : at}, live.current.pageSize));
	}, [state.focusId, viewRows]);

	const handle = useCallback((command: CommandId | undefined, key: string | undefined, input: string): boolean => {
		const current = stateRef.current;
		if (current.isFilterEditing) {
			update(filterKey(current, key, input));
			return true;
		}
		if (!command) return false;
		const visible = visibleNow();
		const at = Math.max(0, Math.min(current.cursor, visible.length - 1));
		const selectedRow = visible[at];
		const next = tableCommand({...current, cursor: at}, command, {
			rowCount: visible.length,
			pageSize: live.current.pageSize,
			selectedId: selectedRow === undefined ? undefined : live.current.options.rowId(selectedRow),
			sortableColumns: sortable,
		});
		if (!next) return false;
		update(next);
		return true;
	}, [sortable]);

	const selection = useCallback((): readonly Entity[] => {
		const {entityOf, rowId: idOf, rows: all} = live.current.options;
		if (!entityOf) return [];
		const current = stateRef.current;
		const visible = visibleNow();
		const picked = current.marked.size > 0 ? all.filter(row => current.marked.has(idOf(row))) : [visible[Math.max(0, Math.min(current.cursor, visible.length - 1))]].filter((row): row is R => row !== undefined);
		return picked.map(entityOf).filter((entity): entity is Entity => entity !== undefined);
	}, []);

	const current = useCallback((): R | undefined => {
		const visible = visibleNow();
		return visible[Math.max(0, Math.min(stateRef.current.cursor, visible.length - 1))];
	}, []);
	const setPageSize = useCallback((size: number) => {
		live.current.pageSize = size;
	}, []);

	const detail = state.detailId === undefined ? undefined : rows.find(row => rowId(row) === state.detailId);
	const isEditing = useCallback(() => stateRef.current.isFilterEditing, []);
	return {state, viewRows, cursor, selected: viewRows[cursor], detail, filterError: error, handle, selection, current, isEditing, setPageSize};
}

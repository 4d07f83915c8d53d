// Pure table logic: filter and sort, and the cursor state machine driven by key commands (column
// fitting is src/table-fit.ts, shared with the CLI's text tables). The Table component only
// draws what this computes.
import {fieldsOf, parseFilter, type FilterRow} from '../src/filter.js';
import type {CommandId} from '../src/keys.js';
import {editLine} from './line-edit.js';

export {cellText, fitColumns, measureColumns, type Column, type ColumnWidths, type FittedColumn} from '../src/table-fit.js';
import type {Column} from '../src/table-fit.js';

export type TableState = {
	readonly cursor: number;
	readonly offset: number;
	/** Index into the columns, or -1 for the selector's own order. */
	readonly sortColumn: number;
	readonly isDescending: boolean;
	readonly filter: string;
	/** The cursor in the filter line while it is edited. */
	readonly filterAt: number;
	readonly isFilterEditing: boolean;
	readonly marked: ReadonlySet<string>;
	/** Row id whose detail view is open. */
	readonly detailId: string | undefined;
	/** A row the cursor should move to once the rows are known (`:vm 120`). */
	readonly focusId?: string | undefined;
};

export const initialTableState: TableState = {cursor: 0, offset: 0, sortColumn: -1, isDescending: false, filter: '', filterAt: 0, isFilterEditing: false, marked: new Set(), detailId: undefined};

/** The filter's problem (an invalid regex, a field no row has), for the filter line. */
export function filterError<R>(rows: readonly R[], filter: string, toFilterRow: (row: R) => FilterRow): string | undefined {
	if (filter.trim() === '') return undefined;
	return parseFilter(filter, rows.length > 0 ? fieldsOf(rows.map(toFilterRow)) : undefined).error;
}

/**
 * Filtered, then sorted by the sort column (reversed with R). `group` keeps rows in bands that
 * sorting never mixes (the power pane's UPS rows stay above its outlets).
 */
export function applyView<R>(
	rows: readonly R[],
	columns: readonly Column<R>[],
	state: Pick<TableState, 'filter' | 'sortColumn' | 'isDescending'>,
	toFilterRow: (row: R) => FilterRow,
	group?: (row: R) => number,
): readonly R[] {
	let result = rows;
	if (state.filter.trim() !== '') {
		const filterRows = rows.map(toFilterRow);
		const filter = parseFilter(state.filter, fieldsOf(filterRows));
		result = rows.filter((_, index) => filter.matches(filterRows[index]!));
	}
	const sortBy = columns[state.sortColumn]?.sortValue;
	if (!sortBy && !state.isDescending) return result;
	const direction = state.isDescending ? -1 : 1;
	const keyed = result.map((row, index) => ({row, index, band: group?.(row) ?? 0, key: sortBy ? sortBy(row) : null}));
	keyed.sort((a, b) => a.band - b.band || (sortBy ? compare(a.key, b.key, direction) : 0) || direction * (a.index - b.index));
	return keyed.map(item => item.row);
}

/** Unknown (null) last in both directions; numbers before strings. */
export function compare(a: number | string | null, b: number | string | null, direction: 1 | -1 = 1): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return direction * compareKnown(a, b);
}

function compareKnown(a: number | string, b: number | string): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	if (typeof a === 'number') return -1;
	if (typeof b === 'number') return 1;
	return String(a).localeCompare(String(b), undefined, {numeric: true});
}

export type TableContext = {readonly rowCount: number; readonly pageSize: number; readonly selectedId: string | undefined; readonly sortableColumns: readonly number[]};

/** Applies one key command; returns undefined when the table does not use it. */
export function tableCommand(state: TableState, command: CommandId, context: TableContext): TableState | undefined {
	const last = Math.max(0, context.rowCount - 1);
	const move = (cursor: number) => scrollTo({...state, cursor: Math.max(0, Math.min(last, cursor))}, context.pageSize);
	if (state.detailId !== undefined) return command === 'view.back' ? {...state, detailId: undefined} : undefined;
	switch (command) {
		case 'row.up':
			return move(state.cursor - 1);
		case 'row.down':
			return move(state.cursor + 1);
		case 'row.pageUp':
			return move(state.cursor - context.pageSize);
		case 'row.pageDown':
			return move(state.cursor + context.pageSize);
		case 'row.first':
			return move(0);
		case 'row.last':
			return move(last);
		case 'row.open':
			return context.selectedId === undefined ? state : {...state, detailId: context.selectedId};
		case 'row.mark': {
			if (context.selectedId === undefined) return state;
			const marked = new Set(state.marked);
			if (marked.has(context.selectedId)) marked.delete(context.selectedId);
			else marked.add(context.selectedId);
			return {...move(state.cursor + 1), marked};
		}
		case 'filter.open':
			return {...state, isFilterEditing: true, filterAt: state.filter.length};
		case 'sort.next': {
			// Each column ascending, then the same column descending, then the next column; after
			// the last, the pane's own order.
			if (state.sortColumn >= 0 && !state.isDescending) return {...state, isDescending: true, cursor: 0, offset: 0};
			const sortable = context.sortableColumns;
			const at = sortable.indexOf(state.sortColumn);
			const sortColumn = at + 1 < sortable.length ? sortable[at + 1]! : -1;
			return {...state, sortColumn, isDescending: false, cursor: 0, offset: 0};
		}
		case 'sort.reverse':
			return {...state, isDescending: !state.isDescending, cursor: 0, offset: 0};
		case 'view.back':
			if (state.filter !== '') return {...state, filter: '', cursor: 0, offset: 0};
			if (state.marked.size > 0) return {...state, marked: new Set()};
			return undefined;
		default:
			return undefined;
	}
}

/** Text entry while the filter line is open (readline keys, see line-edit.ts): every key is consumed. */
export function filterKey(state: TableState, key: string | undefined, input: string): TableState {
	if (key === 'enter') return {...state, isFilterEditing: false};
	if (key === 'escape') return {...state, isFilterEditing: false, filter: '', filterAt: 0, cursor: 0, offset: 0};
	const line = editLine({text: state.filter, at: Math.min(state.filterAt, state.filter.length)}, key, input);
	if (!line) return state;
	if (line.text === state.filter) return {...state, filterAt: line.at};
	return {...state, filter: line.text, filterAt: line.at, cursor: 0, offset: 0};
}

/** The state with a filter set from outside (`:vms pve2`), the filter line closed. */
export function withFilter(state: TableState, filter: string): TableState {
	return {...state, filter, filterAt: filter.length, isFilterEditing: false, cursor: 0, offset: 0, detailId: undefined};
}

export function scrollTo(state: TableState, pageSize: number): TableState {
	const size = Math.max(1, pageSize);
	let offset = state.offset;
	if (state.cursor < offset) offset = state.cursor;
	if (state.cursor >= offset + size) offset = state.cursor - size + 1;
	return offset === state.offset ? state : {...state, offset};
}

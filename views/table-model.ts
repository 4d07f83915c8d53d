// Pure table logic: filter and sort, and the cursor state machine driven by key commands (column
// fitting is src/table-fit.ts, shared with the CLI's text tables). The Table component only
// draws what this computes.
import {parseFilter, type FilterRow} from '../src/filter.js';
import type {CommandId} from '../src/keys.js';

export {cellText, fitColumns, measureColumns, type Column, type ColumnWidths, type FittedColumn} from '../src/table-fit.js';
import type {Column} from '../src/table-fit.js';

export type TableState = {
	readonly cursor: number;
	readonly offset: number;
	/** Index into the columns, or -1 for the selector's own order. */
	readonly sortColumn: number;
	readonly isDescending: boolean;
	readonly filter: string;
	readonly isFilterEditing: boolean;
	readonly marked: ReadonlySet<string>;
	/** Row id whose detail view is open. */
	readonly detailId: string | undefined;
};

export const initialTableState: TableState = {cursor: 0, offset: 0, sortColumn: -1, isDescending: false, filter: '', isFilterEditing: false, marked: new Set(), detailId: undefined};

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
		const filter = parseFilter(state.filter);
		result = rows.filter(row => filter.matches(toFilterRow(row)));
	}
	const sortBy = columns[state.sortColumn]?.sortValue;
	if (!sortBy && !state.isDescending) return result;
	const direction = state.isDescending ? -1 : 1;
	const keyed = result.map((row, index) => ({row, index, band: group?.(row) ?? 0, key: sortBy ? sortBy(row) : null}));
	keyed.sort((a, b) => a.band - b.band || direction * (sortBy ? compare(a.key, b.key) : 0) || direction * (a.index - b.index));
	return keyed.map(item => item.row);
}

/** Nulls last; numbers before strings. */
function compare(a: number | string | null, b: number | string | null): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
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
			return {...state, isFilterEditing: true};
		case 'sort.next': {
			const sortable = context.sortableColumns;
			const at = sortable.indexOf(state.sortColumn);
			const sortColumn = at + 1 < sortable.length ? sortable[at + 1]! : -1;
			return {...state, sortColumn, cursor: 0, offset: 0};
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

/** Text entry while the filter line is open: every key is consumed. */
export function filterKey(state: TableState, key: string | undefined, input: string): TableState {
	if (key === 'enter') return {...state, isFilterEditing: false};
	if (key === 'escape') return {...state, isFilterEditing: false, filter: '', cursor: 0, offset: 0};
	if (key === 'backspace' || key === 'delete') return {...state, filter: state.filter.slice(0, -1), cursor: 0, offset: 0};
	const text = key === 'space' ? ' ' : input;
	if (text.length === 0 || /[\u0000-\u001F]/.test(text)) return state;
	return {...state, filter: state.filter + text, cursor: 0, offset: 0};
}

export function scrollTo(state: TableState, pageSize: number): TableState {
	const size = Math.max(1, pageSize);
	let offset = state.offset;
	if (state.cursor < offset) offset = state.cursor;
	if (state.cursor >= offset + size) offset = state.cursor - size + 1;
	return offset === state.offset ? state : {...state, offset};
}

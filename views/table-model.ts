// Pure table logic: columns that fit a width by priority, filter and sort, and the cursor state
// machine driven by key commands. The Table component only draws what this computes.
import {parseFilter, type FilterRow} from '../src/filter.js';
import type {CommandId} from '../src/keys.js';
import {fit} from '../src/format.js';
import type {Token} from './theme.js';

export type Column<R> = {
	readonly id: string;
	readonly title: string;
	/** The minimum width in cells: what the column needs to be kept at all. */
	readonly width: number;
	/** The most the column grows to, however long its content; for the flexible column, how far the width left over widens it (its content is never cut to this). */
	readonly maxWidth?: number;
	/** Lower numbers stay longest when the terminal is narrow; 0 never drops. */
	readonly priority: number;
	readonly align?: 'left' | 'right';
	/** Gets the width left over once every column shows its whole content. */
	readonly isFlexible?: boolean;
	cell(row: R): string;
	/** Shorter forms of the cell, longest first, used when the column is narrower than cell() (GPU names without "NVIDIA "). */
	variants?(row: R): readonly string[];
	tone?(row: R): Token;
	/** What `s` sorts by; absent: not sortable. */
	sortValue?(row: R): number | string | null;
};

/** A column as drawn: `shown` cells wide. */
export type FittedColumn<R> = Column<R> & {readonly shown: number};

/** Per column: the widest cell (with the title), and the widest shortest variant. */
export type ColumnWidths = {readonly full: readonly number[]; readonly compact: readonly number[]};

/** The content widths of the columns over the rows (the title counts, with room for the sort arrow). */
export function measureColumns<R>(columns: readonly Column<R>[], rows: readonly R[]): ColumnWidths {
	const full: number[] = [];
	const compact: number[] = [];
	for (const column of columns) {
		let widest = column.title.length + 1;
		let shortest = widest;
		const cap = column.maxWidth ?? Number.POSITIVE_INFINITY;
		if (cap > column.width || column.variants) {
			for (const row of rows) {
				const text = column.cell(row);
				if (text.length > widest) widest = text.length;
				if (column.variants && text.length > shortest) {
					const forms = column.variants(row);
					const last = forms.length > 0 ? forms[forms.length - 1]!.length : text.length;
					if (last > shortest) shortest = last;
				}
			}
		}
		full.push(widest);
		compact.push(column.variants ? Math.min(shortest, widest) : widest);
	}
	return {full, compact};
}

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
 * The columns that fit `width`, in their order. Columns are kept by priority at their minimum
 * width; the spare width then goes to columns shown shorter than their content: first columns
 * with shorter forms up to their compact form (GPU names without the vendor), then, by priority,
 * every column up to its whole content (capped by maxWidth); what is left widens the flexible
 * column up to its maxWidth. A table on a wide terminal may end before the right edge.
 */
export function fitColumns<R>(columns: readonly Column<R>[], width: number, reserved = 0, widths?: ColumnWidths): readonly FittedColumn<R>[] {
	const order = columns.map((column, index) => ({column, index})).sort((a, b) => a.column.priority - b.column.priority || a.index - b.index);
	const kept: {column: Column<R>; index: number}[] = [];
	let used = reserved;
	for (const item of order) {
		const cost = item.column.width + (kept.length > 0 ? 1 : 0);
		if (used + cost > width && item.column.priority > 0) continue;
		kept.push(item);
		used += cost;
	}
	const shown = new Map(kept.map(item => [item.index, item.column.width]));
	let spare = Math.max(0, width - used);
	const grow = (index: number, to: number) => {
		const now = shown.get(index)!;
		const add = Math.max(0, Math.min(spare, to - now));
		shown.set(index, now + add);
		spare -= add;
	};
	if (widths) {
		// A flexible column's maxWidth bounds its fill, not its content: a long name is shown whole.
		const cap = (item: {column: Column<R>; index: number}) => Math.min(item.column.isFlexible ? Number.POSITIVE_INFINITY : (item.column.maxWidth ?? Number.POSITIVE_INFINITY), widths.full[item.index] ?? 0);
		// First the columns with shorter forms to their compact form, then every column to its whole content.
		for (const item of kept) if (item.column.variants) grow(item.index, Math.min(cap(item), widths.compact[item.index] ?? 0));
		for (const item of kept) grow(item.index, cap(item));
	}
	// What is left widens the flexible column up to its maxWidth; beyond that the row simply ends.
	const rest = kept.find(item => item.column.isFlexible);
	if (rest) grow(rest.index, rest.column.maxWidth ?? Number.POSITIVE_INFINITY);
	return columns.flatMap((column, index) => (shown.has(index) ? [{...column, shown: shown.get(index)!}] : []));
}

/** A cell fitted to its column: the longest form that fits, else truncated with "…". */
export function cellText<R>(column: FittedColumn<R>, row: R): string {
	const text = column.cell(row);
	if (text.length > column.shown && column.variants) {
		const forms = column.variants(row);
		const form = forms.find(candidate => candidate.length <= column.shown) ?? forms[forms.length - 1] ?? text;
		return fit(form, column.shown, column.align);
	}
	return fit(text, column.shown, column.align);
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

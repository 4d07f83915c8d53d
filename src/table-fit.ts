// Columns fitted to a width by priority, shared by the console's tables (views/) and the CLI's
// plain-text output (app/cli/text.ts): the same kind columns, the same narrowing, so a GPU
// name keeps its model number in both.
import {fit} from './format.js';
import type {Tone} from './kinds/kind-module.js';

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
	tone?(row: R): Tone;
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


// The frame most panes share: a title line with counts, sort and filter; the windowed table;
// a bottom line (the filter being typed, the marks, or the selected row's source error); and
// the detail view on Enter. It declares the keys it handles (the table commands below, plus the
// pane's own through `onCommand`) and registers its handler in a layout effect.
import {Box, Text} from 'ink';
import {useLayoutEffect, useRef, type ReactNode} from 'react';
import {EntityAlerts} from './EntityAlerts.js';
import type {Entity} from '../src/entities.js';
import type {FilterRow} from '../src/filter.js';
import {staleness, type Staleness} from '../src/selectors.js';
import {drawLine} from './line-edit.js';
import {Table, type Run} from './Table.js';
import {scrollTo, type Column} from './table-model.js';
import {style} from './theme.js';
import type {PaneBinding, PaneProps} from './pane-handle.js';
import {useNow, useSlice} from './use-store.js';
import {useTable} from './use-table.js';
import {isProblemLine, nothingYet} from './no-sources.js';

export type TablePaneProps<R> = PaneProps & {
	readonly title: string;
	readonly rows: readonly R[];
	readonly columns: readonly Column<R>[];
	readonly rowId: (row: R) => string;
	readonly filterRow: (row: R) => FilterRow;
	readonly entityOf: (row: R) => Entity | undefined;
	readonly renderDetail?: (row: R, width: number, height: number, now: number) => ReactNode;
	/** Lines drawn above the table and how many (the power pane's banner and shed plan); may follow the selected row. */
	readonly renderTop?: (selected: R | undefined) => {readonly node: ReactNode; readonly height: number} | undefined;
	/** Keys the pane adds beyond the table's (the power pane's `S`), with the row under the cursor. */
	readonly onCommand?: (command: string, selection: readonly Entity[], current: R | undefined) => boolean;
	/** The commands `onCommand` handles, declared next to it, each with the reason when it cannot run. */
	readonly paneBindings?: readonly PaneBinding[];
	/** What an empty table says (the sources that would fill it are down, or still polling). */
	readonly emptyText?: string;
	/** The heading's count; default "shown/total". */
	readonly count?: (shown: readonly R[], all: readonly R[]) => string;
	/** Bands that sorting never mixes (see applyView). */
	readonly group?: (row: R) => number;
	/** Rows drawn as one line of their own instead of by the columns. */
	readonly lineOf?: (row: R, width: number) => readonly Run[] | undefined;
	/** A row's staleness when the pane knows better than its entity's (a machine merged from several sources). */
	readonly staleOf?: (row: R, now: number) => Staleness | undefined;
};

const selectSources = (s: {sources: unknown}) => s.sources;

/** The table's own key commands (row.open and sorting are declared with their reasons below). */
const tableCommands = ['row.up', 'row.down', 'row.pageUp', 'row.pageDown', 'row.first', 'row.last', 'row.mark', 'view.back', 'filter.open'] as const;

export function TablePane<R>(props: TablePaneProps<R>) {
	const {width, height, columns, rowId, entityOf} = props;
	const now = useNow(props.clock);
	useSlice(props.store, selectSources);
	const table = useTable({rows: props.rows, columns, rowId, filterRow: props.filterRow, entityOf, group: props.group, memory: props.memory});
	const top = props.renderTop?.(table.selected);
	const topHeight = top?.height ?? 0;
	const tableHeight = Math.max(2, height - 2 - topHeight);
	const onCommand = useRef(props.onCommand);
	useLayoutEffect(() => {
		onCommand.current = props.onCommand;
		table.setPageSize(tableHeight - 1);
	});
	const {router, paneBindings, renderDetail} = props;
	const {handle: tableHandle, selection, current, isEditing} = table;
	const hasDetail = renderDetail !== undefined;
	const hasSort = columns.some(column => column.sortValue !== undefined);
	useLayoutEffect(() => {
		const bindings: readonly PaneBinding[] = [
			...tableCommands.map(command => ({command})),
			{command: 'row.open', disabled: () => (hasDetail ? undefined : 'this pane has no detail view')},
			{command: 'sort.next', disabled: () => (hasSort ? undefined : 'no sortable column here')},
			{command: 'sort.reverse'},
			...(paneBindings ?? []),
		];
		return router.register({
			bindings,
			handle(command, key, input) {
				const binding = command === undefined ? undefined : bindings.find(item => item.command === command);
				if (!isEditing() && binding?.disabled?.() !== undefined) return false;
				if (tableHandle(command, key, input)) return true;
				return command !== undefined && onCommand.current !== undefined && onCommand.current(command, selection(), current());
			},
			selection,
		});
	}, [router, tableHandle, selection, current, isEditing, paneBindings, hasDetail, hasSort]);
	const staleOf = (row: R): Staleness | undefined => {
		if (props.staleOf) return props.staleOf(row, now);
		const entity = entityOf(row);
		return entity ? staleness(entity, props.store.getSnapshot(), now) : undefined;
	};
	if (table.detail !== undefined && props.renderDetail) {
		return (
			<Box flexDirection="column" width={width} height={height} overflowY="hidden">
				<Text wrap="truncate" {...style('focus')}>{`${props.title} › detail`}<Text {...style('muted')}>{'   Esc back'}</Text></Text>
				{props.title === 'Alerts' ? null : <EntityAlerts store={props.store} entityId={entityOf(table.detail)?.id} />}
				{props.renderDetail(table.detail, width, height - 1, now)}
			</Box>
		);
	}
	const {state} = table;
	const sortColumn = columns[state.sortColumn];
	const sortTitle = sortColumn ? sortColumn.title.trim() || sortColumn.id : undefined;
	const body = Math.max(1, tableHeight - 1);
	const {offset} = scrollTo({...state, cursor: table.cursor, offset: Math.min(state.offset, Math.max(0, table.viewRows.length - body))}, body);
	const below = Math.max(0, table.viewRows.length - offset - body);
	const heading = [
		`${props.title} ${props.count ? props.count(table.viewRows, props.rows) : table.viewRows.length === props.rows.length ? props.rows.length : `${table.viewRows.length}/${props.rows.length}`}`,
		offset > 0 || below > 0 ? [offset > 0 ? `${offset} above ↑` : '', below > 0 ? `${below} more ↓` : ''].filter(Boolean).join(' ') : '',
		sortTitle ? `sort ${sortTitle}${state.isDescending ? '↓' : '↑'}` : state.isDescending ? 'reversed' : '',
		state.filter && !state.isFilterEditing ? `filter ${state.filter}` : '',
		state.marked.size > 0 ? `${state.marked.size} marked` : '',
	].filter(Boolean);
	const selectedStale = table.selected === undefined ? undefined : staleOf(table.selected);
	const bottom = state.isFilterEditing
		? <Text wrap="truncate" {...style('focus')}>{`/${drawLine({text: state.filter, at: state.filterAt})}`}{table.filterError ? <Text {...style('status.crit')}>{`  ${table.filterError}`}</Text> : <Text {...style('muted')}>{'  Enter keep · Esc clear · ^U ^W · field:value /re/ !x'}</Text>}</Text>
		: table.filterError
			? <Text wrap="truncate" {...style('status.crit')}>{`filter: ${table.filterError}`}</Text>
		: selectedStale?.reason
			? <Text wrap="truncate" {...style(selectedStale.isStale ? 'status.crit' : 'status.warn')}>{selectedStale.reason}</Text>
			: <Text> </Text>;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate" {...style('focus')}>{heading.join(' · ')}</Text>
			{top?.node}
			{props.rows.length === 0 ? (
				<Box height={tableHeight}><Text wrap="truncate" {...style(isProblemLine(props.emptyText ?? nothingYet) ? 'status.crit' : 'muted')}>{`  ${props.emptyText ?? nothingYet}`}</Text></Box>
			) : (
				<Box height={tableHeight}>
					<Table columns={columns} rows={table.viewRows} state={state} cursor={table.cursor} rowId={rowId} width={width} height={tableHeight} staleOf={staleOf} lineOf={props.lineOf} />
				</Box>
			)}
			{bottom}
		</Box>
	);
}

// A windowed table: only the rows that fit in `height` are rendered. Stale rows are dimmed and
// carry their age; the selected row is inverted and carries "›" (visible without colour too);
// marked rows carry a "*".
import {Box, Text} from 'ink';
import {fit} from '../src/format.js';
import type {Staleness} from '../src/selectors.js';
import {formatDuration} from '../src/format.js';
import {fitColumns, scrollTo, type Column, type TableState} from './table-model.js';
import {style} from './theme.js';

export type TableProps<R> = {
	readonly columns: readonly Column<R>[];
	/** Already filtered and sorted. */
	readonly rows: readonly R[];
	readonly state: TableState;
	readonly cursor: number;
	readonly rowId: (row: R) => string;
	readonly width: number;
	/** Lines for the header and the rows. */
	readonly height: number;
	readonly staleOf?: (row: R) => Staleness | undefined;
	readonly isFocused?: boolean;
};

const staleWidth = 11;

export function Table<R>(props: TableProps<R>) {
	const {rows, state, cursor, rowId, width, height, staleOf} = props;
	const body = Math.max(1, height - 1);
	const {offset} = scrollTo({...state, cursor, offset: Math.min(state.offset, Math.max(0, rows.length - body))}, body);
	const visible = rows.slice(offset, offset + body);
	const stale = visible.map(row => staleOf?.(row));
	const hasStale = stale.some(item => item?.isStale);
	const columns = fitColumns(props.columns, width - 3, hasStale ? staleWidth + 1 : 0);
	const sortId = props.columns[state.sortColumn]?.id;
	const header = columns.map(column => fit(column.id === sortId ? `${column.title}${state.isDescending ? '↓' : '↑'}` : column.title, column.shown, column.align)).join(' ');
	return (
		<Box flexDirection="column" width={width}>
			<Text {...style('muted')} wrap="truncate">
				{`   ${header}${hasStale ? ` ${''.padEnd(staleWidth)}` : ''}`}
			</Text>
			{visible.map((row, index) => {
				const id = rowId(row);
				const isSelected = offset + index === cursor && props.isFocused !== false;
				const rowStale = stale[index];
				const isStale = rowStale?.isStale === true;
				const dim = isStale ? style('stale') : {};
				return (
					<Text key={id} wrap="truncate" inverse={isSelected}>
						<Text {...style('accent')}>{`${isSelected ? '›' : ' '}${state.marked.has(id) ? '*' : ' '} `}</Text>
						{columns.map((column, at) => (
							<Text key={column.id} {...(isStale ? dim : style(column.tone?.(row) ?? 'plain'))}>
								{(at > 0 ? ' ' : '') + fit(column.cell(row), column.shown, column.align)}
							</Text>
						))}
						{hasStale ? <Text {...style('stale')}>{` ${fit(isStale ? `stale ${formatDuration(rowStale!.ageSec)}` : '', staleWidth)}`}</Text> : null}
					</Text>
				);
			})}
		</Box>
	);
}

// A windowed table: only the rows that fit in `height` are rendered. Stale rows are dimmed and
// carry their age and a "~" (visible without colour); the selected row is inverted and carries "›";
// marked rows carry a "*".
//
// Drawing cost is what bounds the console at scale (Ink re-lays and re-writes every text node
// every frame), so a row is drawn lean: one memoized row per entity that React skips while its
// text is unchanged; its text split into a few runs, each its own Ink text node, with runs of
// blanks left as gaps that Ink never writes, and no colour codes inside a measured string.
import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import {fit, formatDuration} from '../src/format.js';
import {sanitizeText} from '../src/sanitize.js';
import type {Staleness} from '../src/selectors.js';
import {cellText, fitColumns, measureColumns, scrollTo, type Column, type TableState} from './table-model.js';
import {style, type Token} from './theme.js';

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
	/** A row drawn as one line of its own instead of by the columns (the power pane's UPS rows). */
	readonly lineOf?: (row: R, width: number) => readonly Run[] | undefined;
};

/** A stretch of a row in one style. */
export type Run = {readonly text: string; readonly token: Token};
type Line = {readonly key: string; readonly runs: readonly Run[]};

const staleWidth = 11;
const plainRun = (text: string): Run => ({text, token: 'plain'});

export function Table<R>(props: TableProps<R>) {
	const {rows, state, cursor, rowId, width, height, staleOf} = props;
	const body = Math.max(1, height - 1);
	const {offset} = scrollTo({...state, cursor, offset: Math.min(state.offset, Math.max(0, rows.length - body))}, body);
	const visible = rows.slice(offset, offset + body);
	const stale = visible.map(row => staleOf?.(row));
	const hasStale = stale.some(item => item?.isStale);
	const widths = useMemo(() => measureColumns(props.columns, rows), [props.columns, rows]);
	const columns = fitColumns(props.columns, width - 3, hasStale ? staleWidth + 1 : 0, widths);
	const sortId = props.columns[state.sortColumn]?.id;
	const header = columns.map(column => fit(column.id === sortId ? `${column.title}${state.isDescending ? '↓' : '↑'}` : column.title, column.shown, column.align)).join(' ');
	return (
		<Box flexDirection="column" width={width}>
			<Text {...style('muted')} wrap="truncate">
				{`   ${header}`.trimEnd()}
			</Text>
			{visible.map((row, index) => {
				const id = rowId(row);
				const isSelected = offset + index === cursor && props.isFocused !== false;
				const rowStale = stale[index];
				const isStale = rowStale?.isStale === true;
				const mark = `${isSelected ? '›' : ' '}${state.marked.has(id) ? '*' : ' '}${isStale ? '~' : ' '}`;
				const runs: Run[] = [{text: mark, token: mark.trim() === '' ? 'plain' : 'accent'}];
				const own = props.lineOf?.(row, width - 3);
				if (own) runs.push(...own);
				else
					for (const [at, column] of columns.entries()) {
						if (at > 0) runs.push(plainRun(' '));
						pushCell(runs, cellText(column, row), isStale ? 'stale' : (column.tone?.(row) ?? 'plain'));
					}
				if (hasStale && !own) runs.push(plainRun(' '), {text: fit(isStale ? `stale ${formatDuration(rowStale!.ageSec)}` : '', staleWidth), token: 'stale'});
				return <Row key={id} line={line(runs)} isSelected={isSelected} />;
			})}
		</Box>
	);
}

/** A cell as runs: its blanks plain (so that an inverted row shows no coloured padding). */
function pushCell(runs: Run[], text: string, token: Token): void {
	const core = text.trim();
	if (core === '' || token === 'plain') return void runs.push(plainRun(text));
	const start = text.indexOf(core);
	if (start > 0) runs.push(plainRun(text.slice(0, start)));
	runs.push({text: core, token});
	if (start + core.length < text.length) runs.push(plainRun(text.slice(start + core.length)));
}

/** Merges neighbouring runs of one style; the key says whether the row must be drawn again. */
function line(runs: readonly Run[]): Line {
	const merged: Run[] = [];
	for (const run of runs) {
		if (run.text === '') continue;
		const text = sanitizeText(run.text); // second line of defence: device text never drawn raw
		const last = merged[merged.length - 1];
		if (last && last.token === run.token) merged[merged.length - 1] = {text: last.text + text, token: run.token};
		else merged.push({text, token: run.token});
	}
	return {key: merged.map(run => `${run.token}\u0001${run.text}`).join('\u0002'), runs: merged};
}

const minGap = 12;
const gapPattern = new RegExp(`( {${minGap},})`);

type Piece = {readonly gap: number; readonly text: string; readonly token: Token};

/**
 * The row's text nodes: runs split where a long stretch of blanks makes a gap (a node costs about
 * what writing a dozen blanks does), trailing blanks dropped.
 */
function pieces(runs: readonly Run[]): readonly Piece[] {
	const result: Piece[] = [];
	let gap = 0;
	for (const run of runs) {
		for (const part of run.text.split(gapPattern)) {
			if (part === '') continue;
			if (part.length >= minGap && part.trim() === '') {
				gap += part.length;
				continue;
			}
			const last = result[result.length - 1];
			if (last && gap === 0 && last.token === run.token) result[result.length - 1] = {...last, text: last.text + part};
			else result.push({gap, text: part, token: run.token});
			gap = 0;
		}
	}
	return result;
}

const Row = memo(
	function Row({line: {runs}, isSelected}: {readonly line: Line; readonly isSelected: boolean}) {
		if (isSelected) {
			// One inverted line, blanks included, so that the highlight spans the row.
			return (
				<Text wrap="truncate" inverse>
					{runs.map((run, index) => (run.token === 'plain' ? run.text : <Text key={index} {...style(run.token)}>{run.text}</Text>))}
				</Text>
			);
		}
		return (
			<Box height={1} flexShrink={0}>
				{pieces(runs).map((piece, index) => [
					piece.gap > 0 ? <Box key={`g${index}`} width={piece.gap} flexShrink={0} /> : null,
					<Text key={index} wrap="truncate" {...style(piece.token)}>
						{piece.text}
					</Text>,
				])}
			</Box>
		);
	},
	(a, b) => a.isSelected === b.isSelected && a.line.key === b.line.key,
);

// `?` help, generated from the key table (with the user's remaps). Help texts wrap at word
// boundaries, never cut mid-word; what does not fit scrolls (↑↓ PgUp PgDn while help is open).
import {Box, Text} from 'ink';
import {fit} from '../src/format.js';
import {helpLines, type KeyBindings} from '../src/keys.js';
import {style, type Token} from './theme.js';

const keyWidth = 11;

/** Words of `text` in lines of at most `width` columns (a word longer than that stands alone). */
export function wrapWords(text: string, width: number): readonly string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line === '') line = word;
		else if (line.length + 1 + word.length <= width) line += ` ${word}`;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line !== '') lines.push(line);
	return lines;
}

export type HelpLine = {readonly keys: string; readonly text: string; readonly token: Token};

/** The help as lines for columns of `columnWidth`: each command's keys, then its text wrapped. */
export function helpText(bindings: KeyBindings, columnWidth: number): readonly HelpLine[] {
	return helpLines(bindings).flatMap(line => {
		const keys = line.keys === '' ? '(unbound)' : line.keys;
		const room = Math.max(8, columnWidth - keyWidth - 2);
		const isLong = keys.length > keyWidth;
		const wrapped = wrapWords(line.help, room);
		const head: HelpLine = {keys: fit(keys, isLong ? keys.length : keyWidth), text: isLong ? '' : (wrapped[0] ?? ''), token: line.keys === '' ? 'muted' : 'accent'};
		const rest = (isLong ? wrapped : wrapped.slice(1)).map(text => ({keys: ' '.repeat(keyWidth), text, token: 'plain' as const}));
		return [head, ...rest];
	});
}

export function helpColumns(width: number): number {
	return width >= 120 ? 2 : 1;
}

/** How far help can scroll at this size. */
export function helpMaxOffset(bindings: KeyBindings, width: number, height: number): number {
	const columns = helpColumns(width);
	return Math.max(0, helpText(bindings, Math.floor(width / columns)).length - columns * Math.max(1, height - 1));
}

export function HelpView({bindings, width, height, offset = 0}: {readonly bindings: KeyBindings; readonly width: number; readonly height: number; readonly offset?: number}) {
	const columns = helpColumns(width);
	const columnWidth = Math.floor(width / columns);
	const perColumn = Math.max(1, height - 1);
	const lines = helpText(bindings, columnWidth);
	const start = Math.max(0, Math.min(offset, lines.length - perColumn * columns));
	const below = Math.max(0, lines.length - start - perColumn * columns);
	const where = [start > 0 ? `${start} above ↑` : '', below > 0 ? `${below} more ↓` : ''].filter(Boolean).join(' · ');
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate" {...style('focus')}>Keys <Text {...style('muted')}>{`(? Esc close${where ? ` · ${where}` : ''} · remap: "keys" in config)`}</Text></Text>
			<Box flexDirection="row">
				{Array.from({length: columns}, (_, column) => (
					<Box key={column} flexDirection="column" width={columnWidth}>
						{lines.slice(start + column * perColumn, start + (column + 1) * perColumn).map((line, index) => (
							<Text key={index} wrap="truncate">
								<Text {...style(line.token === 'plain' ? 'plain' : line.token)}>{line.keys}</Text>
								{line.text === '' ? '' : ` ${line.text}`}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}

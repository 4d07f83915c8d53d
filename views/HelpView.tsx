// `?` help, generated from the key table (with the user's remaps).
import {Box, Text} from 'ink';
import {fit} from '../src/format.js';
import {helpLines, type KeyBindings} from '../src/keys.js';
import {style} from './theme.js';

export function HelpView({bindings, width, height}: {readonly bindings: KeyBindings; readonly width: number; readonly height: number}) {
	const lines = helpLines(bindings);
	const columns = width >= 120 || lines.length > height - 2 ? 2 : 1;
	const perColumn = Math.ceil(lines.length / columns);
	const columnWidth = Math.floor(width / columns);
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text {...style('focus')}>Keys <Text {...style('muted')}>(? or Esc closes · remap with "keys" in the config)</Text></Text>
			<Box flexDirection="row">
				{Array.from({length: columns}, (_, column) => (
					<Box key={column} flexDirection="column" width={columnWidth}>
						{lines.slice(column * perColumn, (column + 1) * perColumn).map(line => (
							<Text key={line.command} wrap="truncate">
								<Text {...style('accent')}>{fit(line.keys, 11)}</Text>
								{` ${line.help}`}
							</Text>
						))}
					</Box>
				))}
			</Box>
		</Box>
	);
}

// Building blocks of the detail views: label/value lines and section headings.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {fit} from '../src/format.js';
import {sanitizeText} from '../src/sanitize.js';
import {style, type Token} from './theme.js';

export function Field({label, value, tone = 'plain'}: {readonly label: string; readonly value: string; readonly tone?: Token}) {
	return (
		<Text wrap="truncate">
			<Text {...style('muted')}>{`${fit(label, 12)} `}</Text>
			<Text {...style(tone)}>{sanitizeText(value)}</Text>
		</Text>
	);
}

export function Section({title, children}: {readonly title: string; readonly children?: ReactNode}) {
	return (
		<Box flexDirection="column">
			<Text wrap="truncate" {...style('focus')}>{title}</Text>
			{children}
		</Box>
	);
}

/** Two columns side by side when wide enough (80 columns included), stacked otherwise. */
export function Columns({width, left, right}: {readonly width: number; readonly left: ReactNode; readonly right: ReactNode}) {
	if (width < 70) return <Box flexDirection="column">{left}{right}</Box>;
	const half = Math.floor(width / 2);
	return (
		<Box flexDirection="row">
			<Box flexDirection="column" width={half}>{left}</Box>
			<Box flexDirection="column" width={width - half}>{right}</Box>
		</Box>
	);
}

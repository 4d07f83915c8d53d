// Child process of bench/idle.ts: the floor of the stack the console is drawn with. A minimal Ink
// app, bundled like the product (the same Ink patches, React production build): a full screen of
// coloured text whose only change is a clock at 1 Hz, in its own component (so React re-renders
// that line alone, as the console's header clock does). Run in tmux like the console and its
// peers, its CPU and RSS are what React + Ink + yoga cost before labdeck draws or polls anything.
// Ink is loaded as the console loads it (app/cli/without-fetch.ts).
import {memo, useEffect, useState} from 'react';
import {withoutFetch} from '../app/cli/without-fetch.js';
import {inkRenderOptions} from '../views/ink-options.js';

const {Box, render, Text} = await withoutFetch(async () => import('ink'));

function Clock() {
	const [now, setNow] = useState(() => new Date());
	useEffect(() => {
		const timer = setInterval(() => setNow(new Date()), 1000);
		return () => clearInterval(timer);
	}, []);
	return <Text bold>{now.toTimeString().slice(0, 8)}</Text>;
}

const Rows = memo(function Rows({rows, columns}: {readonly rows: number; readonly columns: number}) {
	return Array.from({length: rows}, (_, index) => (
		<Text key={index} color={index % 3 === 0 ? undefined : 'green'}>
			{`row ${String(index).padStart(3)} `.padEnd(columns - 1, '·')}
		</Text>
	));
});

function Floor({rows, columns}: {readonly rows: number; readonly columns: number}) {
	return (
		<Box flexDirection="column">
			<Box justifyContent="space-between">
				<Text>ink floor</Text>
				<Clock />
			</Box>
			<Rows rows={rows} columns={columns} />
		</Box>
	);
}

render(<Floor rows={(process.stdout.rows ?? 24) - 2} columns={process.stdout.columns ?? 80} />, inkRenderOptions);

// Child process of bench/idle.ts and bench/run.ts: the floor of the stack the console is drawn
// with. A minimal Ink app, bundled like the product (the same Ink patches, React production
// build), Ink loaded as the console loads it (app/cli/without-fetch.ts): a 200×60 screen of
// coloured text.
// - BENCH_FLOOR=clock (the default): the only change is a clock at 1 Hz, in its own component (so
//   React re-renders that line alone, as the console's header clock does). Its CPU and RSS are what
//   React + Ink + yoga cost before labdeck draws or polls anything.
// - BENCH_FLOOR=rows: every row's number changes at 1 Hz as well, as on a pane whose every visible
//   row moves each second (the synthetic store's VMs pane at 1 Hz).
import {memo, useEffect, useState} from 'react';
import {withoutFetch} from '../app/cli/without-fetch.js';
import {inkRenderOptions} from '../views/ink-options.js';

const {Box, render, Text} = await withoutFetch(async () => import('ink'));
const isEveryRow = process.env.BENCH_FLOOR === 'rows';

function useSecond(): number {
	const [second, setSecond] = useState(() => Math.floor(Date.now() / 1000));
	useEffect(() => {
		const timer = setInterval(() => setSecond(Math.floor(Date.now() / 1000)), 1000);
		return () => clearInterval(timer);
	}, []);
	return second;
}

function Clock() {
	const second = useSecond();
	return <Text bold>{new Date(second * 1000).toTimeString().slice(0, 8)}</Text>;
}

const Rows = memo(function Rows({rows, columns, second}: {readonly rows: number; readonly columns: number; readonly second: number}) {
	return Array.from({length: rows}, (_, index) => (
		<Text key={index} color={index % 3 === 0 ? undefined : 'green'}>
			{`row ${String(index).padStart(3)} ${String((second * (index + 7)) % 100_000).padStart(6)} `.padEnd(columns - 1, '·')}
		</Text>
	));
});

function MovingRows(props: {readonly rows: number; readonly columns: number}) {
	return <Rows {...props} second={useSecond()} />;
}

function Floor({rows, columns}: {readonly rows: number; readonly columns: number}) {
	return (
		<Box flexDirection="column">
			<Box justifyContent="space-between">
				<Text>ink floor</Text>
				<Clock />
			</Box>
			{isEveryRow ? <MovingRows rows={rows} columns={columns} /> : <Rows rows={rows} columns={columns} second={0} />}
		</Box>
	);
}

render(<Floor rows={(process.stdout.rows ?? 24) - 2} columns={process.stdout.columns ?? 80} />, inkRenderOptions);

// A labelled sparkline of a metric's history ring, with its last value.
import {Text} from 'ink';
import {fit, formatSparkline} from '../src/format.js';
import {seriesValues, type Series} from '../src/series.js';
import {style} from './theme.js';

export type SparklineProps = {
	readonly label: string;
	readonly samples: Series | undefined;
	readonly width: number;
	readonly range?: {min: number; max: number};
	/** Formats the last value. */
	readonly format: (value: number | null) => string;
	/** Set when the metric's source stopped (a dead machine): the line is dimmed and says so instead of a last value. */
	readonly stopped?: string;
};

export function Sparkline({label, samples: series, width, range, format, stopped}: SparklineProps) {
	const samples = seriesValues(series);
	const last = samples.length > 0 ? samples[samples.length - 1]! : null;
	// The last value takes up to 11 columns after the graph; a stop note as many as it needs.
	const graphWidth = Math.max(4, width - (stopped ? 12 + stopped.length : 22));
	return (
		<Text wrap="truncate">
			{fit(label, 10)}
			<Text {...style(stopped ? 'stale' : 'accent')}>{formatSparkline(samples, graphWidth, range).padEnd(graphWidth)}</Text>
			{stopped ? <Text {...style('stale')}>{` ${stopped}`}</Text> : ` ${format(last)}`}
		</Text>
	);
}

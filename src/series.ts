// A metric's recent samples, persistent and append-only: snapshots share one growing buffer and
// each keeps its own window of it, so a poll appends one number instead of copying the whole
// ring (2,000 guests × 2 metrics × 120 samples a second was most of the store's garbage). The
// values below a window's end never change, so an older snapshot still reads what it saw.
export type Series = {
	readonly buffer: readonly number[];
	readonly start: number;
	readonly end: number;
};

/** Samples kept per metric (and per source's latency). */
export const historyLength = 120;

export const emptySeries: Series = {buffer: [], start: 0, end: 0};

/** The series with `value` appended, keeping the last `capacity` samples. */
export function appendSample(series: Series, value: number, capacity: number): Series {
	let {buffer, start, end} = series;
	if (end !== buffer.length || buffer.length >= capacity * 4) {
		// Another snapshot appended past this window, or the buffer is long: start a fresh one.
		buffer = buffer.slice(Math.max(start, end - capacity + 1), end);
		start = 0;
		end = buffer.length;
	}
	(buffer as number[]).push(value);
	end++;
	return {buffer, start: Math.max(start, end - capacity), end};
}

export function seriesValues(series: Series | undefined): readonly number[] {
	return series ? series.buffer.slice(series.start, series.end) : [];
}

export function seriesOf(values: readonly number[], capacity: number): Series {
	const buffer = values.slice(-capacity);
	return {buffer, start: 0, end: buffer.length};
}

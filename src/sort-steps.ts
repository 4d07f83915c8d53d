// Sorting and merging as generators that yield every few hundred items, so a driver can hand the
// event loop back between steps (src/slices.ts `runSteps`): 100,000 ids sorted in one call block
// the console for ≈ 100 ms; sorted as runs and merged in steps, never more than a slice.

/** Items per run sorted in one call, and items merged between two yields. */
const stepItems = 512;

/** Compares by a string key (UTF-16 code units, as `<` does). */
function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
	return (a, b) => {
		const x = key(a);
		const y = key(b);
		return x < y ? -1 : x > y ? 1 : 0;
	};
}

/** `items` sorted by a string `key` (a new array; stable), yielding between steps. */
export function* sortSteps<T>(items: readonly T[], key: (item: T) => string): Generator<void, T[]> {
	return yield* sortStepsBy(items, byKey(key));
}

/** `items` sorted by `compare` (a new array; stable), yielding between steps. */
export function* sortStepsBy<T>(items: readonly T[], compare: (a: T, b: T) => number): Generator<void, T[]> {
	let runs: T[][] = [];
	for (let start = 0; start < items.length; start += stepItems) {
		runs.push(items.slice(start, start + stepItems).sort(compare));
		yield;
	}
	while (runs.length > 1) {
		const next: T[][] = [];
		for (let index = 0; index < runs.length; index += 2) {
			const right = runs[index + 1];
			next.push(right ? yield* mergeStepsBy(runs[index]!, right, compare) : runs[index]!);
		}
		runs = next;
	}
	return runs[0] ?? [];
}

/** Two lists sorted by a string `key` merged into one (ties: `left` first), yielding between steps. */
export function* mergeSteps<T>(left: readonly T[], right: readonly T[], key: (item: T) => string): Generator<void, T[]> {
	return yield* mergeStepsBy(left, right, byKey(key));
}

/** Two lists sorted by `compare` merged into one (ties: `left` first), yielding between steps. */
export function* mergeStepsBy<T>(left: readonly T[], right: readonly T[], compare: (a: T, b: T) => number): Generator<void, T[]> {
	if (right.length === 0) return left.slice();
	if (left.length === 0) return right.slice();
	const out: T[] = [];
	let l = 0;
	let r = 0;
	while (l < left.length && r < right.length) {
		const a = left[l]!;
		const b = right[r]!;
		if (compare(b, a) < 0) {
			out.push(b);
			r++;
		} else {
			out.push(a);
			l++;
		}
		if ((out.length & (stepItems - 1)) === 0) yield;
	}
	for (; l < left.length; l++) out.push(left[l]!);
	for (; r < right.length; r++) out.push(right[r]!);
	return out;
}

/** The range [start, end) of a list sorted by `key` whose keys start with `prefix` (contiguous in sorted order). */
export function prefixRange<T>(list: readonly T[], prefix: string, key: (item: T) => string): readonly [number, number] {
	const start = firstIndex(list, 0, item => key(item) >= prefix);
	const end = firstIndex(list, start, item => !key(item).startsWith(prefix));
	return [start, end];
}

/** The first index from `from` where `isPast` holds (it holds for every later item too). */
function firstIndex<T>(list: readonly T[], from: number, isPast: (item: T) => boolean): number {
	let low = from;
	let high = list.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (isPast(list[middle]!)) high = middle;
		else low = middle + 1;
	}
	return low;
}

// The heap of the long-running processes (the console and `labdeck serve`), kept to what the lab
// needs (measured on the synthetic stores of bench/render-child.tsx).
//
// The young generation: V8 doubles the new space (two semi-spaces) each time a scavenge finds it
// busy, up to 2 × 16 MB on 64-bit, and never gives the memory back; start-up and the first polls
// got it there, so an idle console carried 32 MB of mostly empty new space. Node's
// --max-semi-space-size would need a second process start (the launcher cannot set V8's heap
// limits for its own process), but the growth factor is read at each growth decision: so the
// console lets the new space double while it is under `youngCapMb` and fixes it (factor 1) from
// there. A 4 MB cap costs what --max-semi-space-size=4 does (CPU within noise of the default),
// where 1 MB semi-spaces (factor 1 from the start) cost +1.5 % of a core in scavenges.
//
// The first full collection: until V8 has made one, it lets the old generation grow to a fixed
// initial limit whatever the live heap is (--initial-old-space-size, again a start-up flag). Each
// poll's entities outlive a scavenge and die in the old generation, so the bench's RSS climbed
// from 74 to 134 MB over its first 17 s, then fell to 106 MB at V8's first mark-compact and stayed
// there. So the console makes that first collection itself once the old space passes
// `firstCollectionMb` (once: from then on V8 sets the limit from the live heap). Peak RSS on the
// bench: 137 → 112 MB. The collector is V8's own gc(), reached by exposing it for one lookup
// (the way Jest's leak detector does); if that fails nothing is collected early.
//
// The old generation's growth: after each mark-compact V8 lets the old generation grow to up to
// 4× its live size before the next one. At 10,000 guests that was the peak (RSS up to 256 MB
// between collections). The growth is read at each collection, so the governor sets it to 1.5×
// (--heap-growing-percent=50): peak RSS 242–265 → 191–199 MB there, CPU within noise (17.5–20.5
// against 18.1–19.3 % of a core), 2,000 guests unchanged.
import {getHeapSpaceStatistics, setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';

/** The new space (both semi-spaces) grows no further once it is this size, MB. */
const youngCapMb = 8;

/** How far the old generation may grow past its live size before the next full collection, %. */
const oldGrowthPercent = 50;

/** The old space size at which the first full collection is made if V8 has made none, MB. */
const firstCollectionMb = 32;

/** V8's full collection, or undefined where it cannot be reached. */
function fullCollection(): (() => void) | undefined {
	try {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as unknown;
		return typeof gc === 'function' ? (gc as () => void) : undefined;
	} catch {
		return undefined;
	} finally {
		// New contexts get no gc global; the function taken here stays usable.
		setFlagsFromString('--no-expose-gc');
	}
}

export type HeapGovernor = {
	/** Whether the first full collection has happened (V8's or ours). */
	readonly hasCollected: () => boolean;
};

/** Starts the governor (an unref'd timer: it never keeps the process alive); its first look is made at once. */
export function keepHeapSmall(options: {readonly firstCollectionMb?: number} = {}): HeapGovernor {
	const firstCollectionBytes = (options.firstCollectionMb ?? firstCollectionMb) * 2 ** 20;
	let factor = 0;
	let collected = false;
	let lastOldUsed = 0;
	setFlagsFromString(`--heap-growing-percent=${oldGrowthPercent}`);
	const check = () => {
		const spaces = getHeapSpaceStatistics();
		const young = spaces.find(entry => entry.space_name === 'new_space');
		const next = young && young.space_size >= youngCapMb * 2 ** 20 ? 1 : 2;
		if (next !== factor) {
			setFlagsFromString(`--semi-space-growth-factor=${next}`);
			factor = next;
		}
		if (collected) return;
		const old = spaces.find(entry => entry.space_name === 'old_space');
		if (!old) return;
		// Scavenges only ever add to the old space: less used than at the last look means V8 collected it.
		if (old.space_used_size < lastOldUsed) collected = true;
		else if (old.space_size >= firstCollectionBytes) {
			fullCollection()?.();
			collected = true;
		}
		lastOldUsed = old.space_used_size;
	};
	check();
	setInterval(check, 250).unref();
	return {hasCollected: () => collected};
}

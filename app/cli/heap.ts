// The long-running console's young generation. V8 doubles the new space (two semi-spaces) each time
// a scavenge finds it busy, up to 2 × 16 MB on 64-bit, and never gives the memory back; start-up and
// the first polls got it there, so an idle console carried 32 MB of mostly empty new space. Node's
// --max-semi-space-size would need a second process start (the launcher cannot set V8's heap
// limits for its own process), but the growth factor is read at each growth decision: so the
// console lets the new space double while it is under `capMb` and fixes it (factor 1) from there.
// Measured on the synthetic 2,000-guest store (bench/render-child.tsx): a 4 MB cap costs what
// --max-semi-space-size=4 does (CPU within noise of the default), where 1 MB semi-spaces (factor 1
// from the start) cost +1.5 % of a core in scavenges.
import {getHeapSpaceStatistics, setFlagsFromString} from 'node:v8';

/** The new space (both semi-spaces) grows no further once it is this size, MB. */
const capMb = 8;

/** Starts the governor (an unref'd timer: it never keeps the process alive). */
export function keepYoungGenerationSmall(): void {
	let factor = 0;
	const check = () => {
		const space = getHeapSpaceStatistics().find(entry => entry.space_name === 'new_space');
		const next = space && space.space_size >= capMb * 2 ** 20 ? 1 : 2;
		if (next === factor) return;
		setFlagsFromString(`--semi-space-growth-factor=${next}`);
		factor = next;
	};
	check();
	setInterval(check, 250).unref();
}

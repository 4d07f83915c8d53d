// The long-running console's young generation. V8 doubles the new space (two semi-spaces) each time
// a scavenge finds it busy, up to 2 × 16 MB on 64-bit, and never gives the memory back; start-up and
// the first polls get it there, so an idle console carried 32 MB of mostly empty new space (RSS
// 137 → 112 MB standalone, 114 → 91 MB attached to a service, on the demo lab). Fixing the growth
// factor at 1 keeps the semi-spaces at the size they have when this runs; the scavenges that
// follows cost ≈ 0.1–0.2 % of a core at idle (measured, within the run-to-run noise). Node's own
// --max-semi-space-size would need a second process start; this flag is read at each growth
// decision, so setting it at run time works (v8.setFlagsFromString).
import {setFlagsFromString} from 'node:v8';

export function keepYoungGenerationSmall(): void {
	setFlagsFromString('--semi-space-growth-factor=1');
}

// The poll edge in slices gives what sanitising and range-checking the whole result at once gives.
import {describe, expect, it} from 'vitest';
import {kindModule} from './kinds/index.js';
import {cleanPollResult} from './poll-clean.js';
import {applyRanges, rangeNote} from './ranges.js';
import {sanitizeDeep} from './sanitize.js';
import {guestDraft} from '../test/support/entities.js';

const rangesOf = (kind: string) => kindModule(kind as never)?.ranges;

describe('cleanPollResult', () => {
	it('sanitises and clears out-of-range values like the one-pass edge, yielding between slices', async () => {
		const entities = Array.from({length: 20_000}, (_, index) => guestDraft('s', index, 'n1', {
			name: index % 1000 === 7 ? `vm\u001B]0;title\u0007${index}` : `vm${index}`,
			cpuPercent: index % 997 === 3 ? -300 : index % 100,
		}));
		const result = {entities, partial: 'node \u009B2J offline'};
		let ticks = 0;
		const timer = setInterval(() => ticks++, 0);
		const {clean, note} = await cleanPollResult(result, rangesOf);
		clearInterval(timer);
		const whole = sanitizeDeep(result);
		const ranged = applyRanges(whole.entities, rangesOf);
		expect(clean).toEqual({...whole, entities: ranged.entities});
		expect(note).toBe(rangeNote(ranged));
		expect(note).toMatch(/^21 values out of range cleared: guest:s\/3 cpuPercent = -300/);
		expect(ticks).toBeGreaterThan(0);
	});

	it('hands back the same result when nothing needed a change', async () => {
		const result = {entities: [guestDraft('s', 1, 'n1')]};
		expect((await cleanPollResult(result, rangesOf)).clean).toBe(result);
	});
});

// The poll edge in slices: every string of a poll's result sanitised (src/sanitize.ts) and every
// number outside its kind's plausible range cleared (src/ranges.ts), a few hundred drafts at a
// time, so a 100,000-guest reply is cleaned without holding the event loop for its whole length.
import type {NumericRange} from './kinds/kind-module.js';
import type {PollResult} from './plugin-api.js';
import {applyRanges, rangeNote, type ClearedValue} from './ranges.js';
import {sanitizeDeep} from './sanitize.js';
import {runSteps} from './slices.js';

/** Drafts cleaned between two possible yields. */
const stepDrafts = 256;

/** The result with its text sanitised and its out-of-range numbers cleared, and the note on what was cleared. */
export async function cleanPollResult(result: PollResult, rangesOf: (kind: string) => readonly NumericRange[] | undefined, signal?: AbortSignal): Promise<{readonly clean: PollResult; readonly note: string | null}> {
	return runSteps(cleanSteps(result, rangesOf), signal);
}

function* cleanSteps(result: PollResult, rangesOf: (kind: string) => readonly NumericRange[] | undefined): Generator<void, {clean: PollResult; note: string | null}> {
	const {entities: drafts, ...rest} = result;
	const cleanRest = sanitizeDeep(rest);
	const entities: PollResult['entities'][number][] = [];
	let cleared = 0;
	let first: ClearedValue | null = null;
	for (let start = 0; start < drafts.length; start += stepDrafts) {
		const ranged = applyRanges(sanitizeDeep(drafts.slice(start, start + stepDrafts)), rangesOf);
		cleared += ranged.cleared;
		first ??= ranged.first;
		for (const draft of ranged.entities) entities.push(draft);
		yield;
	}
	const isChanged = cleanRest !== rest || entities.some((draft, index) => draft !== drafts[index]);
	const clean = isChanged ? {...cleanRest, entities} : result;
	return {clean, note: rangeNote({entities, cleared, first})};
}

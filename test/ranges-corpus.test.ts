// The kinds' plausible ranges against real devices: nvidia-smi XML and NUT dumps from
// ../shared/corpus/ parse into entities of which no value lies outside its range (a range that
// cleared a real reading would hide it). Skipped with a message when the corpus is absent.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {kindModule} from '../src/kinds/index.js';
import {applyRanges, rangeNote} from '../src/ranges.js';
import {entitiesFromVars, parseDev} from '../plugins/nut/parse.js';
import {parseNvidiaXml} from '../plugins/nvidia/parse.js';
import {repoRoot} from './support/cli.js';

const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.warn(`ranges corpus tests skipped: ${corpus} not found`);
const rangesOf = (kind: string) => kindModule(kind)?.ranges;
const files = (folder: string, pattern: RegExp) => (existsSync(path.join(corpus, folder)) ? readdirSync(path.join(corpus, folder)).filter(name => pattern.test(name)) : []);

describe.skipIf(!hasCorpus)('plausible ranges over the shared corpus', () => {
	it('nvidia-smi XML: no real reading is out of range', () => {
		const notes: string[] = [];
		let count = 0;
		for (const name of files('nvidia-smi', /\.xml$/)) {
			const drafts = parseNvidiaXml(readFileSync(path.join(corpus, 'nvidia-smi', name), 'utf8'), {source: 'corpus', host: 'h'});
			count += drafts.length;
			const note = rangeNote(applyRanges(drafts, rangesOf));
			if (note) notes.push(`${name}: ${note}`);
		}
		expect(count).toBeGreaterThan(0);
		expect(notes).toEqual([]);
	});

	it('NUT dumps: no real reading is out of range', () => {
		const notes: string[] = [];
		let count = 0;
		for (const name of files('nut', /\.dev$/)) {
			const drafts = entitiesFromVars({source: 'corpus', ups: 'ups'}, parseDev(readFileSync(path.join(corpus, 'nut', name), 'utf8')).vars);
			count += drafts.length;
			const note = rangeNote(applyRanges(drafts, rangesOf));
			if (note) notes.push(`${name}: ${note}`);
		}
		expect(count).toBeGreaterThan(0);
		expect(notes).toEqual([]);
	});
});

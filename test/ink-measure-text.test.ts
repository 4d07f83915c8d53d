// The bundle's measure-text (scripts/bundle/ink-measure-text.js) against Ink's own: the same
// dimensions, and a cache that stays bounded however many different strings a long-running
// console draws.
import {describe, expect, it} from 'vitest';
import inkMeasure from '../node_modules/ink/build/measure-text.js';
// @ts-expect-error -- a plain JavaScript module of the build, without types
import ours, {cacheSize} from '../scripts/bundle/ink-measure-text.js';

describe('bundled measure-text', () => {
	it.each(['', 'x', 'two\nlines', '● up  ► 100  漢字', '\u001B[2mdim\u001B[22m'])('measures %j as Ink does', text => {
		expect(ours(text)).toEqual(inkMeasure(text));
	});

	it('keeps its cache bounded', () => {
		for (let index = 0; index < 50_000; index++) ours(`cpu ${index}%`);
		expect(cacheSize()).toBeLessThanOrEqual(8192);
		expect(ours('cpu 49999%')).toEqual({width: 10, height: 1});
	});
});

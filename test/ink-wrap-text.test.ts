// The bundle's wrap-text (scripts/bundle/ink-wrap-text.js) against Ink's own: the same wrapped
// and truncated text, and a cache that stays bounded however many different strings wider than
// their box a long-running console draws.
import {describe, expect, it} from 'vitest';
import inkWrap from '../node_modules/ink/build/wrap-text.js';
// @ts-expect-error -- a plain JavaScript module of the build, without types
import ours, {cacheSize} from '../scripts/bundle/ink-wrap-text.js';

describe('bundled wrap-text', () => {
	it.each([
		['a long line of text that wraps', 10, 'wrap'],
		['a long line of text that is cut', 10, 'truncate'],
		['a long line of text that is cut', 10, 'truncate-middle'],
		['a long line of text that is cut', 10, 'truncate-start'],
		['\u001B[2mdim text wider than the box\u001B[22m', 8, 'truncate-end'],
		['漢字 and more 漢字', 6, 'wrap'],
	] as const)('wraps %j at %i (%s) as Ink does', (text, width, type) => {
		expect(ours(text, width, type)).toBe(inkWrap(text, width, type));
	});

	it('keeps its cache bounded', () => {
		for (let index = 0; index < 50_000; index++) ours(`a status line that is wider than its box ${index}`, 20, 'truncate');
		expect(cacheSize()).toBeLessThanOrEqual(8192);
		expect(ours('a status line that is wider than its box 49999', 20, 'truncate')).toBe(inkWrap('a status line that is wider than its box 49999', 20, 'truncate'));
	});
});

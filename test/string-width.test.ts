// The bundle's string-width (scripts/bundle/string-width.js) against string-width 8, Ink's own,
// over what labdeck draws and over the cases that differ between width libraries.
import {describe, expect, it} from 'vitest';
import reference from 'string-width';
// @ts-expect-error -- a plain JavaScript module of the build, without types
import ours, {cacheSize} from '../scripts/bundle/string-width.js';

const samples = [
	'', 'plain ascii 123', 'labdeck · demo', '› ► ■ ● ▶ ◀ ? ‖ – … ·', '████▌   ', '▁▂▃▄▅▆▇█', '╭──╮│╰╯', '✓ ✗ ⟳ ⚠ ✔ ☀ ⌚ ☕',
	'°C', 'µs', 'naïve café', 'e\u0301', 'NVIDIA GeForce RTX 3090', '漢字テスト', '한국어', 'ｆｕｌｌ',
	'😀', '👨‍👩‍👧', '👍🏽', '🇩🇪', '1️⃣', '#️⃣', '❤️', '❤', '☺️', '\u001B[31mred\u001B[39m', 'tab\there', 'zero\u200Bwidth', '\u00AD',
];

describe('bundled string-width', () => {
	it.each(samples)('measures %j as string-width 8 does', sample => {
		expect(ours(sample)).toBe(reference(sample));
		expect(ours(sample, {ambiguousIsNarrow: false})).toBe(reference(sample, {ambiguousIsNarrow: false}));
		expect(ours(sample, {countAnsiEscapeCodes: true})).toBe(reference(sample, {countAnsiEscapeCodes: true}));
	});

	it('measures the same from its cache, and keeps the cache bounded', () => {
		for (const sample of samples) expect(ours(sample)).toBe(reference(sample));
		for (let index = 0; index < 20_000; index++) ours(`row ${index} ● up`);
		expect(cacheSize()).toBeLessThanOrEqual(8192);
		for (const sample of samples) expect(ours(sample)).toBe(reference(sample));
	});
});

// Bundled in place of string-width (scripts/build.mjs). string-width 8, Ink's, builds its
// Unicode-property regexes (the RGI_Emoji set alone ≈ 10 ms) when it loads, ≈ 25 ms of the
// console's first frame on a 2-core machine. This measures the same way: printable ASCII by
// length, zero-width marks and controls as 0, an RGI emoji sequence as 2, any other grapheme by
// its East Asian Width (ambiguous narrow by default); the emoji set is built only when a grapheme
// could be one. Widths measured with the default options are kept (bounded): Ink measures every
// line of every text node on every frame, and most lines are the same as in the frame before.
// test/string-width.test.ts checks it against string-width 8.
import stripAnsi from 'strip-ansi';
import {eastAsianWidth} from 'get-east-asian-width';
import {boundedCache} from './bounded-cache.js';

const printableAscii = /^[\u0020-\u007E]*$/;
const ansi = /[\u001B\u009B]/;
const zeroWidth = /^[\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Mark}\p{Surrogate}]+$/u;
const pictographic = /\p{Extended_Pictographic}|\u20E3|[\u{1F1E6}-\u{1F1FF}]/u;
let segmenter;
let rgiEmoji;

const cache = boundedCache(8192);

export default function stringWidth(string, options) {
	if (typeof string !== 'string' || string.length === 0) return 0;
	if (options !== undefined) return measure(string, options);
	return cache.get(string, () => measure(string, {}));
}

/** Entries held now (tests). */
export function cacheSize() {
	return cache.size;
}

function measure(string, options) {
	const {ambiguousIsNarrow = true, countAnsiEscapeCodes = false} = options;
	let text = string;
	if (!countAnsiEscapeCodes && ansi.test(text)) text = stripAnsi(text);
	if (printableAscii.test(text)) return text.length;
	segmenter ??= new Intl.Segmenter();
	let width = 0;
	for (const {segment} of segmenter.segment(text)) {
		if (printableAscii.test(segment)) {
			width += segment.length;
			continue;
		}
		const visible = segment.replace(/^[\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Mark}\p{Surrogate}]+/u, '');
		if (visible === '' || zeroWidth.test(segment)) continue;
		if (pictographic.test(visible)) {
			rgiEmoji ??= new RegExp('^\\p{RGI_Emoji}$', 'v');
			if (rgiEmoji.test(segment) || (segment.length <= 3 && /^[\d#*]\uFE0F?\u20E3$/.test(segment))) {
				width += 2;
				continue;
			}
		}
		width += eastAsianWidth(visible.codePointAt(0), {ambiguousAsWide: !ambiguousIsNarrow});
	}
	return width;
}

// Bundled in place of Ink 6.8's wrap-text.js (scripts/bundle/aliases.mjs): the same wrapping and
// truncation, with a bounded cache. Ink keeps every (text, width, wrap) it ever wrapped in a
// module-level object; every distinct string wider than its box adds an entry forever.
import wrapAnsi from 'wrap-ansi';
import cliTruncate from 'cli-truncate';
import {boundedCache} from './bounded-cache.js';

const cache = boundedCache(8192);

export default function wrapText(text, maxWidth, wrapType) {
	return cache.get(`${text}\u0000${maxWidth}\u0000${wrapType}`, () => {
		if (wrapType === 'wrap') return wrapAnsi(text, maxWidth, {trim: false, hard: true});
		if (wrapType.startsWith('truncate')) {
			const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
			return cliTruncate(text, maxWidth, {position});
		}
		return text;
	});
}

/** Entries held now (tests). */
export function cacheSize() {
	return cache.size;
}

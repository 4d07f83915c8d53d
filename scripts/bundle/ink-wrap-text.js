// Bundled in place of Ink 6.8's wrap-text.js (scripts/bundle/aliases.mjs): the same wrapping and
// truncation, with a bounded cache. Ink keeps every (text, width, wrap) it ever wrapped in a
// module-level object; every distinct string wider than its box adds an entry forever.
import wrapAnsi from 'wrap-ansi';
import cliTruncate from 'cli-truncate';

const limit = 8192;
let cache = new Map();

export default function wrapText(text, maxWidth, wrapType) {
	const key = `${text}\u0000${maxWidth}\u0000${wrapType}`;
	const cached = cache.get(key);
	if (cached !== undefined) return cached;
	let wrapped = text;
	if (wrapType === 'wrap') wrapped = wrapAnsi(text, maxWidth, {trim: false, hard: true});
	if (wrapType.startsWith('truncate')) {
		const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
		wrapped = cliTruncate(text, maxWidth, {position});
	}
	if (cache.size >= limit) cache = new Map();
	cache.set(key, wrapped);
	return wrapped;
}

/** Entries held now (tests). */
export function cacheSize() {
	return cache.size;
}

// Bundled in place of Ink 6.8's measure-text.js (scripts/bundle/aliases.mjs): the same measure,
// with a bounded cache. Ink keeps every string it ever measured in a module-level Map; a console
// that redraws changing numbers every second for days grows without bound.
import widestLine from 'widest-line';

const limit = 8192;
let cache = new Map();

export default function measureText(text) {
	if (text.length === 0) return {width: 0, height: 0};
	const cached = cache.get(text);
	if (cached) return cached;
	const dimensions = {width: widestLine(text), height: text.split('\n').length};
	if (cache.size >= limit) cache = new Map();
	cache.set(text, dimensions);
	return dimensions;
}

/** Entries held now (tests). */
export function cacheSize() {
	return cache.size;
}

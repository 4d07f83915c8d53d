// Bundled in place of Ink 6.8's measure-text.js (scripts/bundle/aliases.mjs): the same measure,
// with a bounded cache. Ink keeps every string it ever measured in a module-level Map; a console
// that redraws changing numbers every second for days grows without bound.
import widestLine from 'widest-line';
import {boundedCache} from './bounded-cache.js';

const cache = boundedCache(8192);

export default function measureText(text) {
	if (text.length === 0) return {width: 0, height: 0};
	return cache.get(text, () => ({width: widestLine(text), height: text.split('\n').length}));
}

/** Entries held now (tests). */
export function cacheSize() {
	return cache.size;
}

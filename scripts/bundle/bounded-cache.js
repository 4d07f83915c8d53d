// The bundle's Ink replacements keep what they computed for a string, bounded: a Map that is
// emptied when it reaches `limit` entries. Cheap, and enough for the strings of a few frames; Ink's
// own caches grew with every distinct string a long-running console ever drew.
export function boundedCache(limit) {
	let map = new Map();
	return {
		/** The value for `key`, computed by `make` on a miss. */
		get(key, make) {
			let value = map.get(key);
			if (value === undefined) {
				value = make();
				if (map.size >= limit) map = new Map();
				map.set(key, value);
			}
			return value;
		},
		get size() {
			return map.size;
		},
	};
}

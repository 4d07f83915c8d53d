// A read-only map made of one layer per source, so a poll copies its own source's layer and shares
// the others as they are, instead of copying the whole lab's map (50 sources × 10,000 entities
// made every poll cost the whole lab). Reads look in the layer named by the key's source part
// (ids are `kind:source/local`), then, for a key whose id names another source, in every layer.
// Iteration goes layer by layer, in each layer's insertion order.
export class LayeredMap<V> implements ReadonlyMap<string, V> {
	readonly size: number;

	constructor(readonly layers: ReadonlyMap<string, ReadonlyMap<string, V>>) {
		let size = 0;
		for (const layer of layers.values()) size += layer.size;
		this.size = size;
	}

	get(key: string): V | undefined {
		const hit = this.layers.get(sourcePart(key))?.get(key);
		if (hit !== undefined) return hit;
		for (const layer of this.layers.values()) {
			const value = layer.get(key);
			if (value !== undefined) return value;
		}
		return undefined;
	}

	has(key: string): boolean {
		if (this.layers.get(sourcePart(key))?.has(key)) return true;
		for (const layer of this.layers.values()) if (layer.has(key)) return true;
		return false;
	}

	forEach(each: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
		for (const [key, value] of this) each.call(thisArg, value, key, this);
	}

	*entries(): MapIterator<[string, V]> {
		for (const layer of this.layers.values()) yield* layer.entries();
	}

	*keys(): MapIterator<string> {
		for (const layer of this.layers.values()) yield* layer.keys();
	}

	*values(): MapIterator<V> {
		for (const layer of this.layers.values()) yield* layer.values();
	}

	[Symbol.iterator](): MapIterator<[string, V]> {
		return this.entries();
	}

	get [Symbol.toStringTag](): string {
		return 'LayeredMap';
	}
}

/** The `source` of an id `kind:source/local` (an id of another shape gives a name no layer has). */
function sourcePart(key: string): string {
	const colon = key.indexOf(':');
	const slash = key.indexOf('/', colon + 1);
	return colon < 0 || slash < 0 ? '' : key.slice(colon + 1, slash);
}

/** The map's layers: its own, or (for a plain map) its entries grouped by `layerOf`. */
export function layersOf<V>(map: ReadonlyMap<string, V>, layerOf: (key: string, value: V) => string): ReadonlyMap<string, ReadonlyMap<string, V>> {
	if (map instanceof LayeredMap) return (map as LayeredMap<V>).layers;
	const layers = new Map<string, Map<string, V>>();
	for (const [key, value] of map) {
		const name = layerOf(key, value);
		const layer = layers.get(name);
		if (layer) layer.set(key, value);
		else layers.set(name, new Map([[key, value]]));
	}
	return layers;
}

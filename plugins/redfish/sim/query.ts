// Redfish query parameters for the simulator (DSP0266 §7.3): `$expand=.($levels=n)` (also `*` and
// `~`, treated alike: every navigation link outside `Links` is replaced by its resource) and
// `$select=A,B` (the named properties plus the `@odata` annotations).
import {normalizePath, type Resource, type Tree} from './tree.js';

/** The levels asked for, or undefined when the value is not one this simulator understands. */
export function parseExpand(value: string): number | undefined {
	const match = /^([.*~])(?:\(\$levels=(\d+)\))?$/.exec(value.trim());
	if (!match) return undefined;
	return match[2] ? Math.max(1, Number(match[2])) : 1;
}

export function applyExpand(resource: Resource, tree: Tree, levels: number): Resource {
	return expandValue(resource, tree, levels, false) as Resource;
}

function expandValue(value: unknown, tree: Tree, levels: number, isTop: boolean): unknown {
	if (Array.isArray(value)) return value.map(item => expandValue(item, tree, levels, isTop));
	if (typeof value !== 'object' || value === null) return value;
	const record = value as Resource;
	const keys = Object.keys(record);
	if (isTop && keys.length === 1 && typeof record['@odata.id'] === 'string' && levels > 0) {
		const target = tree.get(normalizePath(record['@odata.id']));
		if (target && !String(record['@odata.id']).includes('#')) return expandValue(target, tree, levels - 1, false);
		return record;
	}
	const out: Resource = {};
	for (const [key, inner] of Object.entries(record)) {
		// `Links`, actions and OEM blocks are references, not subordinate resources.
		out[key] = key === 'Links' || key === 'Actions' || key === 'Oem' || key.startsWith('@') ? inner : expandValue(inner, tree, levels, true);
	}
	return out;
}

export function applySelect(resource: Resource, fields: readonly string[]): Resource {
	const out: Resource = {};
	for (const [key, value] of Object.entries(resource)) if (key.startsWith('@odata') || fields.includes(key)) out[key] = value;
	return out;
}

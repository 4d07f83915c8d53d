// A CommonJS package loaded with a dynamic import (a protocol library loaded at a source's first
// connection): Node's loader gives its exports as named exports (and as `default`), the bundle's
// split chunks only as `default`. Either way this returns the exports.
export function commonJs<T extends object>(namespace: T): T {
	const exports = (namespace as {default?: unknown}).default;
	return typeof exports === 'object' && exports !== null ? (exports as T) : namespace;
}

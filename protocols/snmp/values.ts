// Shared SNMP code (protocols/, not a plugin): helpers for the
// `apc-pdu` and `ups` plugins. This file: the typed view of an SNMP reply that parsers read, and
// the small helpers that turn raw varbinds into numbers/strings with sentinels mapped to null.

/** One varbind value: numbers for INTEGER/Gauge/Counter/TimeTicks, strings for OCTET STRING/OID/IpAddress, null for noSuch*. */
export type SnmpValue = number | string | null;

/** OID (dotted, no leading dot) → value. What `get()` and `subtree()` return and parsers read. */
export type VarMap = ReadonlyMap<string, SnmpValue>;

/** Values real devices put where they mean "unknown". */
const sentinels = new Set([-1, 4_294_967_295, 2_147_483_647, -2_147_483_648]);

export type NumOptions = {
	/** Divide the raw value (tenths → 10, TimeTicks → 100). */
	readonly scale?: number;
	/** Smallest plausible value after scaling; anything below is unknown. */
	readonly min?: number;
	/** Largest plausible value after scaling; anything above is unknown. */
	readonly max?: number;
};

/** A number from a varbind, or null when absent, of the wrong type, a sentinel, or implausible. */
export function num(vars: VarMap, oid: string, options: NumOptions = {}): number | null {
	return cleanNumber(vars.get(oid), options);
}

export function cleanNumber(raw: SnmpValue | undefined, options: NumOptions = {}): number | null {
	if (typeof raw !== 'number' || !Number.isFinite(raw) || sentinels.has(raw)) return null;
	const value = options.scale ? raw / options.scale : raw;
	if (options.min !== undefined && value < options.min) return null;
	if (options.max !== undefined && value > options.max) return null;
	return value;
}

/** A trimmed string, or null when absent, empty, of the wrong type or a placeholder. */
export function str(vars: VarMap, oid: string): string | null {
	return cleanString(vars.get(oid));
}

export function cleanString(raw: SnmpValue | undefined): string | null {
	if (typeof raw !== 'string') return null;
	const text = raw.trim();
	if (text === '' || /^(<private>|notsupported|n\/a|unknown)$/i.test(text)) return null;
	return text;
}

/** First non-null of several lookups (high-precision OID first, basic OID second…). */
export function first<T>(...values: readonly (T | null)[]): T | null {
	for (const value of values) if (value !== null) return value;
	return null;
}

/** One column of a single-integer-index table: index → value, in index order. */
export function column(vars: VarMap, entryOid: string, columnNumber: number): Map<number, SnmpValue> {
	const prefix = `${entryOid}.${columnNumber}.`;
	const rows = new Map<number, SnmpValue>();
	for (const [oid, value] of vars) {
		if (!oid.startsWith(prefix)) continue;
		const rest = oid.slice(prefix.length);
		if (!/^\d+$/.test(rest)) continue;
		rows.set(Number(rest), value);
	}
	return new Map([...rows].sort((a, b) => a[0] - b[0]));
}

/** Indexes present in any of the given columns of a table, sorted. */
export function tableIndexes(vars: VarMap, entryOid: string, columns: readonly number[]): number[] {
	const indexes = new Set<number>();
	for (const col of columns) for (const index of column(vars, entryOid, col).keys()) indexes.add(index);
	return [...indexes].sort((a, b) => a - b);
}

/** Whether any varbind under this OID prefix answered with a value. */
export function hasAny(vars: VarMap, prefix: string): boolean {
	for (const [oid, value] of vars) if (value !== null && (oid === prefix || oid.startsWith(`${prefix}.`))) return true;
	return false;
}

export function round(value: number | null, digits = 1): number | null {
	if (value === null) return null;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

// The one sanitiser for device-supplied text. Names, descriptions, error bodies, command output,
// hostnames and mount points come from machines an attacker may control: a guest named
// `ESC ] 52 ; c ; … BEL` writes to the operator's clipboard when printed raw, `ESC ] 0 ;` sets
// the window title, `CSI 2J` clears the screen, U+202E reverses what follows. Every C0 and C1
// control, DEL and the bidi controls become a visible escape (`\x1b`, `\x9b`, `\u202e`).
//
// It runs where entities are made (the poller, over every string of every draft, so no plugin has
// to remember it), on error and alert messages, and again where text is drawn or printed.

/** C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F), bidi embeddings/overrides and isolates. */
const unsafe = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const unsafeTest = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** The same, but line feeds and tabs kept: for whole multi-line outputs (the CLI's text). */
const unsafeButLayout = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

function escapeChar(char: string): string {
	const code = char.codePointAt(0)!;
	return code <= 0xFF ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One string, every control and bidi character replaced by its visible escape. */
export function sanitizeText(text: string): string {
	return unsafeTest.test(text) ? text.replace(unsafe, escapeChar) : text;
}

/**
 * The last line of defence on a whole output stream (the CLI's stdout and stderr): line feeds and
 * tabs kept, everything else escaped in the `\u001b` form, which is both visible and a valid
 * escape inside a JSON string (no raw control can sit outside a string in JSON text).
 */
export function sanitizeOutput(text: string): string {
	return text.replace(unsafeButLayout, char => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** Whether a string holds anything sanitizeText would change. */
export function isUnsafeText(text: string): boolean {
	return unsafeTest.test(text);
}

/**
 * Every string inside a plain value (objects, arrays, nested) sanitised, keys included. Returns
 * the value itself when nothing needed a change, so a clean poll allocates nothing.
 */
export function sanitizeDeep<T>(value: T): T {
	return sanitizeAny(value) as T;
}

/** Keys already found clean: a poll's drafts repeat the same few dozen keys thousands of times. */
const cleanKeys = new Set<string>();

function cleanKeyOf(key: string): string {
	if (cleanKeys.has(key)) return key;
	const clean = sanitizeText(key);
	if (clean === key && cleanKeys.size < 4096) cleanKeys.add(key);
	return clean;
}

function sanitizeAny(value: unknown): unknown {
	if (typeof value === 'string') return sanitizeText(value);
	if (value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) {
		let copy: unknown[] | undefined;
		for (let index = 0; index < value.length; index++) {
			const item: unknown = value[index];
			const clean = sanitizeAny(item);
			if (clean !== item) {
				copy ??= [...value];
				copy[index] = clean;
			}
		}
		return copy ?? value;
	}
	const prototype = Object.getPrototypeOf(value) as unknown;
	if (prototype !== Object.prototype && prototype !== null) return value; // Dates, Maps: not device text
	let copy: Record<string, unknown> | undefined;
	for (const key of Object.keys(value)) {
		const item = (value as Record<string, unknown>)[key];
		const clean = sanitizeAny(item);
		const cleanKey = cleanKeyOf(key);
		if (clean !== item || cleanKey !== key) {
			copy ??= {...(value as Record<string, unknown>)};
			if (cleanKey !== key) delete copy[key];
			copy[cleanKey] = clean;
		}
	}
	return copy ?? value;
}

/**
 * JSON text for `--json` and other machine-readable output: JSON.stringify escapes C0 already;
 * DEL, C1 controls, bidi controls and the line/paragraph separators are escaped too (`\u009b`,
 * `\u202e`), so no terminal that shows the document interprets them.
 */
export function toJsonText(value: unknown, space?: number): string {
	return JSON.stringify(value, null, space).replace(/[\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g, char => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

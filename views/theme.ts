// Semantic colour tokens. Panes ask for a token, never a colour name. With NO_COLOR set (any
// value), no token carries a colour, and because bold, inverse and dim may not reach a
// monochrome terminal either (FORCE_COLOR=0 drops every attribute), what must stay visible —
// the focused button, the active tab, the selected choice — is also marked in the text itself
// (`selectable`, `pointer`).
export type Token = 'status.ok' | 'status.warn' | 'status.crit' | 'stale' | 'focus' | 'muted' | 'accent' | 'plain';

export type TextStyle = {readonly color?: string; readonly dimColor?: boolean; readonly bold?: boolean; readonly inverse?: boolean};

const coloured: Readonly<Record<Token, TextStyle>> = {
	'status.ok': {color: 'green'},
	'status.warn': {color: 'yellow'},
	'status.crit': {color: 'red', bold: true},
	stale: {dimColor: true},
	focus: {color: 'cyan', bold: true},
	muted: {dimColor: true},
	accent: {color: 'magenta'},
	plain: {},
};

const colourless: Readonly<Record<Token, TextStyle>> = {
	'status.ok': {},
	'status.warn': {bold: true},
	'status.crit': {bold: true},
	stale: {dimColor: true},
	focus: {bold: true},
	muted: {dimColor: true},
	accent: {},
	plain: {},
};

/** No colour: NO_COLOR (any value), FORCE_COLOR=0, or a dumb terminal (where no attribute shows either). */
export const isColorless = (env: NodeJS.ProcessEnv = process.env): boolean =>
	(env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') || env['FORCE_COLOR'] === '0' || env['TERM'] === 'dumb';

let table = isColorless() ? colourless : coloured;

/** For tests: switch colour on or off. */
export function setColorless(isOff: boolean): void {
	table = isOff ? colourless : coloured;
}

/** Whether text markers stand in for colour and attributes. */
export function isPlain(): boolean {
	return table === colourless;
}

/**
 * A button or tab label: ` label ` (the caller inverts the focused one); without colour the
 * focused one is `[label]`, the same width, so that it shows on any terminal.
 */
export function selectable(label: string, isFocused: boolean): string {
	return isFocused && table === colourless ? `[${label}]` : ` ${label} `;
}

/** The cursor mark of a list entry: "›" on the selected one, blank otherwise. */
export function pointer(isSelected: boolean): string {
	return isSelected ? '›' : ' ';
}

export function style(token: Token): TextStyle {
	return table[token];
}

export function severityToken(severity: 'critical' | 'warning' | 'info'): Token {
	return severity === 'critical' ? 'status.crit' : severity === 'warning' ? 'status.warn' : 'accent';
}

export function levelToken(level: 'ok' | 'warn' | 'crit' | 'unknown'): Token {
	return level === 'ok' ? 'status.ok' : level === 'warn' ? 'status.warn' : level === 'crit' ? 'status.crit' : 'muted';
}

/** Percent usage: ≥ 90 critical, ≥ 75 warning. */
export function usageToken(percent: number | null): Token {
	if (percent === null) return 'muted';
	return percent >= 90 ? 'status.crit' : percent >= 75 ? 'status.warn' : 'plain';
}

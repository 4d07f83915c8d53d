// Semantic colour tokens. Panes ask for a token, never a colour name. With NO_COLOR set (any
// value), no token carries a colour: emphasis falls back to bold/inverse/dim only.
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

export const isColorless = (env: NodeJS.ProcessEnv = process.env): boolean => env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';

let table = isColorless() ? colourless : coloured;

/** For tests: switch colour on or off. */
export function setColorless(isOff: boolean): void {
	table = isOff ? colourless : coloured;
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

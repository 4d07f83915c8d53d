// Hostile terminal sequences a device may put in any string it reports, and the check that none
// of them reaches a terminal raw.
export const hostile = {
	/** OSC 52: write the operator's clipboard. */
	clipboard: '\u001B]52;c;cm0gLXJmIH4=\u0007',
	/** OSC 0: set the window title. */
	title: '\u001B]0;PWNED-TITLE\u0007',
	/** CSI 2J: clear the screen. */
	clear: '\u001B[2J',
	blink: '\u001B[5m',
	bell: '\u0007',
	/** The C1 control sequence introducer (U+009B), CSI without ESC. */
	c1: '\u009B2J',
	/** Right-to-left override. */
	bidi: '\u202Eexe.txt',
} as const;

/** All of them in one string, around a readable word. */
export function poisoned(word: string): string {
	return `${word}${hostile.clipboard}${hostile.title}${hostile.clear}${hostile.blink}${hostile.bell}${hostile.c1}${hostile.bidi}`;
}

/** Raw controls that must never be printed (line feeds and tabs aside). */
export const rawControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export function firstRawControl(text: string): string | undefined {
	const match = rawControl.exec(text);
	return match ? `U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${match.index}: ${JSON.stringify(text.slice(Math.max(0, match.index - 20), match.index + 20))}` : undefined;
}

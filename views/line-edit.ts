// A one-line text editor for the filter and the command line, with the readline keys a shell
// user expects: ←/→, Home/End, Ctrl-A/E (start/end), Ctrl-U (clear to the start), Ctrl-K (clear
// to the end), Ctrl-W (the word before the cursor), Backspace. Pure: a key in, the next line out.

export type Line = {readonly text: string; /** Cursor position in code units, 0…text.length. */ readonly at: number};

export const emptyLine: Line = {text: '', at: 0};

export const lineOf = (text: string): Line => ({text, at: text.length});

/** The next line after one key, or undefined when the editor does not use the key. */
export function editLine(line: Line, key: string | undefined, input: string): Line | undefined {
	const {text, at} = line;
	switch (key) {
		case 'left':
			return {text, at: Math.max(0, at - 1)};
		case 'right':
			return {text, at: Math.min(text.length, at + 1)};
		case 'home':
		case 'ctrl-a':
			return {text, at: 0};
		case 'end':
		case 'ctrl-e':
			return {text, at: text.length};
		case 'ctrl-u':
			return {text: text.slice(at), at: 0};
		case 'ctrl-k':
			return {text: text.slice(0, at), at};
		case 'ctrl-w': {
			const start = text.slice(0, at).replace(/\S*\s*$/, '').length;
			return {text: text.slice(0, start) + text.slice(at), at: start};
		}
		case 'backspace':
		case 'delete':
			return at === 0 ? line : {text: text.slice(0, at - 1) + text.slice(at), at: at - 1};
		default:
			break;
	}
	const typed = key === 'space' ? ' ' : key !== undefined && key.length > 1 ? '' : input;
	if (typed.length === 0 || /[\u0000-\u001F]/.test(typed)) return undefined;
	return {text: text.slice(0, at) + typed + text.slice(at), at: at + typed.length};
}

/** The line as drawn: the text with a cursor mark at its position. */
export function drawLine(line: Line): string {
	return `${line.text.slice(0, line.at)}▏${line.text.slice(line.at)}`;
}

// Word wrap for lists that must be shown whole (a blast radius, an incident's affected devices):
// lines break at spaces (or after ", "), continuation lines are indented, and a word longer than
// the width is cut into pieces rather than lost.

/** Wraps `text` to lines of at most `width` cells; continuation lines start with `indent`. */
export function wrapText(text: string, width: number, indent = ''): string[] {
	const cols = Math.max(8, width);
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/(?<= )/)) {
		if (line.length + word.trimEnd().length <= cols) {
			line += word;
			continue;
		}
		if (line.trim() !== '') lines.push(line.trimEnd());
		let rest = (lines.length > 0 ? indent : '') + word;
		while (rest.trimEnd().length > cols) {
			lines.push(rest.slice(0, cols));
			rest = indent + rest.slice(cols);
		}
		line = rest;
	}
	if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd());
	return lines;
}

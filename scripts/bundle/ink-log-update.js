// Bundled in place of Ink 6.8's log-update.js (scripts/bundle/aliases.mjs): frames are written as
// the lines that changed. labdeck's console is always one frame at the top of the terminal's
// alternate screen (app/cli/console.ts enters it with the cursor home). Ink writes every frame
// whole: it erases the previous frame line by line, moving up, then writes the new one, ≈ 20 KB
// at 200×60, so over SSH a steady 20 KB/s for frames whose only change was the clock, all of it
// parsed again by the terminal (tmux, the SSH client). Here a frame of the same height as the last
// is written as its changed lines, each at its absolute row ("go to row N, erase it, the line":
// erased first, since erasing after a line that reaches the last column takes that column in
// terminals that keep the cursor there), and the cursor is left where Ink expects it, below the
// frame. The first frame, a frame of another height, the frame after a clear or a resize are drawn
// whole from the top-left corner, which also puts the frame back in place whatever happened before.
// Ink's own incremental mode (`incrementalRendering`) moves the cursor relatively and was measured
// to draw the header twice when the frame's first lines changed height.
// test/ink-log-update.test.ts checks it against a terminal emulator.
import cliCursor from 'cli-cursor';

const home = '\u001B[H';
const eraseScreen = '\u001B[2J';

const create = (stream, {showCursor = false} = {}) => {
	let previousLines = [];
	let previousOutput = '';
	let hasHiddenCursor = false;
	let isWhole = true;
	stream.on?.('resize', () => {
		isWhole = true;
	});

	const render = str => {
		if (!showCursor && !hasHiddenCursor) {
			cliCursor.hide(stream);
			hasHiddenCursor = true;
		}
		if (str === previousOutput && !isWhole) return false;
		const lines = str.split('\n');
		let out;
		if (isWhole || lines.length !== previousLines.length) {
			out = eraseScreen + home + str;
		} else {
			out = '';
			for (let index = 0; index < lines.length; index++) {
				if (lines[index] !== previousLines[index]) out += `\u001B[${index + 1};1H\u001B[0m\u001B[2K${lines[index]}`;
			}
			// Where writing the frame whole leaves the cursor: the start of its last line (the
			// line after the frame when it ends with a newline).
			out += `\u001B[${lines.length};1H`;
		}
		stream.write(out);
		previousOutput = str;
		previousLines = lines;
		isWhole = false;
		return true;
	};

	render.clear = () => {
		stream.write(eraseScreen + home);
		previousOutput = '';
		previousLines = [];
		isWhole = true;
	};

	render.done = () => {
		previousOutput = '';
		previousLines = [];
		isWhole = true;
		if (!showCursor) {
			cliCursor.show(stream);
			hasHiddenCursor = false;
		}
	};

	// Ink wrote `str` itself (its full-screen path: clear the terminal, then the frame).
	render.sync = str => {
		previousOutput = str;
		previousLines = str.split('\n');
		isWhole = false;
	};

	// The console shows no text cursor; positions are accepted and ignored.
	render.setCursorPosition = () => {};
	render.isCursorDirty = () => false;
	render.willRender = str => isWhole || str !== previousOutput;
	return render;
};

const logUpdate = {create};
export default logUpdate;

// Bundled in place of Ink 6.8's output.js (scripts/bundle/aliases.mjs): the same frame, built
// without redoing unchanged rows. Ink builds every frame from nothing: a width × height grid of
// fresh cell objects (12,000 at 200×60), every line tokenised again, every row turned back into
// ANSI text; on an idle console that was most of the cost of a frame whose only change is the
// clock. Here each row is composed from the writes that land on it, and a row whose writes are
// the same as in an earlier frame (same columns, same text after transformers and clipping)
// reuses the text it produced then. Tokenised lines are kept across frames too (and widths, by
// the bundle's string-width). Both caches are bounded. test/ink-output.test.ts checks this file against Ink's own
// output.js on generated frames.
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, tokenize} from '@alcalzone/ansi-tokenize';
import {boundedCache} from './bounded-cache.js';

const styledChars = boundedCache(4096);
const rows = boundedCache(4096);

const getStringWidth = text => stringWidth(text);

function getWidestLine(text) {
	let width = 0;
	for (const line of text.split('\n')) width = Math.max(width, getStringWidth(line));
	return width;
}

/**
 * ansi-tokenize's styledCharsFromTokens, the same cells: it makes each one as `{...token, styles:
 * [...codes]}`, and on Node 20 (V8 11.3) an object spread plus a property, once optimised, gives
 * every object a hidden class of its own. The cells of a frame then carried one map and descriptor
 * array each (≈ 10 MB on the 2,000-guest bench), and every read of a cell was megamorphic. Here a
 * cell is a literal of one shape, and cells between two style changes share one style list (the
 * reducer returns a new list for each change and nothing here changes a list).
 */
export function styledCharsOf(line) {
	let codes = [];
	const chars = [];
	for (const token of tokenize(line)) {
		if (token.type === 'ansi') codes = reduceAnsiCodesIncremental(codes, [token]);
		else if (token.type === 'char') chars.push({type: 'char', value: token.value, fullWidth: token.fullWidth, styles: codes});
	}
	return chars;
}

const getStyledChars = line => styledChars.get(line, () => styledCharsOf(line));

/** Two cells' style lists hold the same codes in the same order: nothing to switch between them. */
function isSameStyle(a, b) {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let index = 0; index < a.length; index++) if (a[index].code !== b[index].code || a[index].endCode !== b[index].endCode) return false;
	return true;
}

/**
 * ansi-tokenize's styledCharsToString, the same text: it works out the codes between every two
 * neighbouring cells (three Sets and four arrays per cell, most of the idle console's garbage)
 * even where both have the same style, where the answer is always none. That case is skipped.
 */
function styledCharsToString(chars) {
	let text = '';
	for (let index = 0; index < chars.length; index++) {
		const char = chars[index];
		if (index === 0) text += ansiCodesToString(char.styles);
		else if (!isSameStyle(chars[index - 1].styles, char.styles)) text += ansiCodesToString(diffAnsiCodes(chars[index - 1].styles, char.styles));
		text += char.value;
		if (index === chars.length - 1) text += ansiCodesToString(diffAnsiCodes(char.styles, []));
	}
	return text;
}

// Cells are never changed once made, only replaced, so every blank cell can be one object.
const blank = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([])});

/** Builds one row's text from its writes (column, line), in order, as Ink's grid would. */
function composeRow(width, writes) {
	const row = Array.from({length: width}, () => blank);
	for (let index = 0; index < writes.length; index += 2) {
		let offsetX = writes[index];
		for (const character of getStyledChars(writes[index + 1])) {
			row[offsetX] = character;
			const characterWidth = Math.max(1, getStringWidth(character.value));
			// Multi-column characters clear the cells they cover (as Ink does).
			for (let cover = 1; cover < characterWidth; cover++) row[offsetX + cover] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
			offsetX += characterWidth;
		}
	}
	return styledCharsToString(row.filter(item => item !== undefined)).trimEnd();
}

export default class Output {
	width;
	height;
	operations = [];

	constructor(options) {
		const {width, height} = options;
		this.width = width;
		this.height = height;
	}

	write(x, y, text, options) {
		const {transformers} = options;
		if (!text) return;
		this.operations.push({type: 'write', x, y, text, transformers});
	}

	clip(clip) {
		this.operations.push({type: 'clip', clip});
	}

	unclip() {
		this.operations.push({type: 'unclip'});
	}

	get() {
		// Per row: the writes that land on it, flattened as column, line, column, line…
		const perRow = Array.from({length: this.height}, () => []);
		const clips = [];
		for (const operation of this.operations) {
			if (operation.type === 'clip') clips.push(operation.clip);
			if (operation.type === 'unclip') clips.pop();
			if (operation.type !== 'write') continue;
			const {text, transformers} = operation;
			let {x, y} = operation;
			let lines = text.split('\n');
			const clip = clips.at(-1);
			if (clip) {
				const clipHorizontally = typeof clip?.x1 === 'number' && typeof clip?.x2 === 'number';
				const clipVertically = typeof clip?.y1 === 'number' && typeof clip?.y2 === 'number';
				// Text wholly outside the clip is skipped.
				if (clipHorizontally) {
					const width = getWidestLine(text);
					if (x + width < clip.x1 || x > clip.x2) continue;
				}
				if (clipVertically) {
					const height = lines.length;
					if (y + height < clip.y1 || y > clip.y2) continue;
				}
				if (clipHorizontally) {
					lines = lines.map(line => {
						const from = x < clip.x1 ? clip.x1 - x : 0;
						const width = getStringWidth(line);
						const to = x + width > clip.x2 ? clip.x2 - x : width;
						return sliceAnsi(line, from, to);
					});
					if (x < clip.x1) x = clip.x1;
				}
				if (clipVertically) {
					const from = y < clip.y1 ? clip.y1 - y : 0;
					const height = lines.length;
					const to = y + height > clip.y2 ? clip.y2 - y : height;
					lines = lines.slice(from, to);
					if (y < clip.y1) y = clip.y1;
				}
			}
			let offsetY = 0;
			for (let [index, line] of lines.entries()) {
				const row = perRow[y + offsetY];
				// A row outside the frame: Ink skips it without moving on, and so every later line of this write.
				if (!row) continue;
				for (const transformer of transformers) line = transformer(line, index);
				row.push(x, line);
				offsetY++;
			}
		}
		const output = [];
		for (const writes of perRow) {
			if (writes.length === 0) {
				output.push('');
				continue;
			}
			const key = `${this.width}\u0000${writes.join('\u0000')}`;
			output.push(rows.get(key, () => composeRow(this.width, writes)));
		}
		return {output: output.join('\n'), height: perRow.length};
	}
}

/** Entries held now in each cache (tests). */
export function cacheSizes() {
	return {styledChars: styledChars.size, rows: rows.size};
}

// The bundle's output.js (scripts/bundle/ink-output.js) against Ink's own: generated frames (styled
// text, wide characters, multi-line writes, nested clips, transformers, writes partly or wholly
// outside the frame) give the same text, frame after frame, while rows are reused from earlier
// frames; and its caches stay bounded.
import {describe, expect, it} from 'vitest';
import InkOutput from '../node_modules/ink/build/output.js';
// @ts-expect-error -- a plain JavaScript module of the build, without types
import Ours, {cacheSizes} from '../scripts/bundle/ink-output.js';

type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: ((line: string, index: number) => string)[]}
	| {type: 'clip'; clip: {x1?: number; x2?: number; y1?: number; y2?: number}}
	| {type: 'unclip'};

type OutputLike = {
	write(x: number, y: number, text: string, options: {transformers: ((line: string, index: number) => string)[]}): void;
	clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
	unclip(): void;
	get(): {output: string; height: number};
};

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number) {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let value = Math.imul(state ^ (state >>> 15), 1 | state);
		value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const words = ['pve1', 'gpu-box-2', '● up', '○ down', '漢字', 'ok', '51°C', '480W', '🔥', 'PDU A (AP8941):5', '│', '─────', ' ', 'vm 101 · web'];
const styles = [['\u001B[1m', '\u001B[22m'], ['\u001B[31m', '\u001B[39m'], ['\u001B[7m', '\u001B[27m'], ['\u001B[38;5;214m', '\u001B[39m'], ['\u001B[2m', '\u001B[22m'], ['', '']] as const;
const bold = (line: string) => `\u001B[1m${line}\u001B[22m`;
const numbered = (line: string, index: number) => `${index}${line}`;

function frame(next: () => number, width: number, height: number): Operation[] {
	const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
	const operations: Operation[] = [];
	let depth = 0;
	const count = 5 + Math.floor(next() * 40);
	for (let index = 0; index < count; index++) {
		const roll = next();
		if (roll < 0.1 && depth < 3) {
			const x1 = Math.floor(next() * width);
			const y1 = Math.floor(next() * height);
			const horizontal = next() < 0.7;
			const vertical = next() < 0.7;
			operations.push({type: 'clip', clip: {...(horizontal ? {x1, x2: x1 + Math.floor(next() * width)} : {}), ...(vertical ? {y1, y2: y1 + Math.floor(next() * height)} : {})}});
			depth++;
		} else if (roll < 0.15 && depth > 0) {
			operations.push({type: 'unclip'});
			depth--;
		} else {
			const lines = Array.from({length: 1 + Math.floor(next() * 3)}, () => Array.from({length: 1 + Math.floor(next() * 4)}, () => {
				const [open, close] = pick(styles);
				return `${open}${pick(words)}${close}`;
			}).join(' '));
			const transformers = next() < 0.2 ? [bold] : next() < 0.1 ? [numbered, bold] : [];
			operations.push({type: 'write', x: Math.floor(next() * (width + 10)) - 5, y: Math.floor(next() * (height + 4)) - 2, text: lines.join('\n'), transformers});
		}
	}
	return operations;
}

function draw(output: OutputLike, operations: readonly Operation[]) {
	for (const operation of operations) {
		if (operation.type === 'write') output.write(operation.x, operation.y, operation.text, {transformers: operation.transformers});
		else if (operation.type === 'clip') output.clip(operation.clip);
		else output.unclip();
	}
	return output.get();
}

describe('bundled output', () => {
	it('builds the same frames as Ink, frame after frame, reusing rows', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const next = random(seed);
			const width = 10 + Math.floor(next() * 70);
			const height = 1 + Math.floor(next() * 20);
			const first = frame(next, width, height);
			// The same frame again (every row from the cache), then one changed write (some rows new).
			const changed = first.map(operation => (operation.type === 'write' && next() < 0.2 ? {...operation, text: `${operation.text}!`} : operation));
			for (const operations of [first, first, changed]) {
				const expected = draw(new InkOutput({width, height}) as OutputLike, operations);
				const actual = draw(new Ours({width, height}) as OutputLike, operations);
				expect(actual, `seed ${seed}`).toEqual(expected);
			}
		}
	});

	it('keeps its caches bounded', () => {
		for (let index = 0; index < 20_000; index++) {
			const output = new Ours({width: 40, height: 2}) as OutputLike;
			output.write(0, 0, `row ${index}`, {transformers: []});
			output.get();
		}
		const sizes = cacheSizes() as {styledChars: number; rows: number};
		for (const size of Object.values(sizes)) expect(size).toBeLessThanOrEqual(4096);
		expect(sizes.rows).toBeGreaterThan(0);
	});
});

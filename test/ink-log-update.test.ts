// The bundle's log-update (scripts/bundle/ink-log-update.js), which writes a frame as the lines
// that changed at their absolute rows: what a real terminal (tmux) shows after a series of frames
// is the last frame, whatever came before (longer lines, a line as wide as the terminal, another
// height, a clear); and a frame with one changed line costs that line, not the frame.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
// @ts-expect-error -- a plain JavaScript module of the build, without types
import logUpdate from '../scripts/bundle/ink-log-update.js';
import {hasTmux, tmuxRig} from './support/tmux.js';

type Step = {readonly frame: string} | {readonly clear: true};

const root = path.resolve(import.meta.dirname, '..');
const rig = tmuxRig('log-update', 'frames');
afterAll(() => rig.cleanup());

/** A script that enters the alternate screen and plays `steps` through the bundle's log-update, then waits. */
function player(steps: readonly Step[], name: string): string {
	const file = path.join(rig.stateDir, `${name}.mjs`);
	writeFileSync(file, [
		`import logUpdate from ${JSON.stringify(path.join(root, 'scripts', 'bundle', 'ink-log-update.js'))};`,
		`const steps = ${JSON.stringify(steps)};`,
		"process.stdout.write('\\u001B[?1049h\\u001B[H');",
		'const log = logUpdate.create(process.stdout);',
		'for (const step of steps) {',
		"\tif ('frame' in step) log(step.frame);",
		"\telse log.clear();",
		'}',
		'setInterval(() => {}, 1000);',
	].join('\n'));
	return file;
}

const screenOf = (frame: string) => frame.replace(/\n$/, '').split('\n').map(line => line.trimEnd());
const shown = (text: string, rows: number) => {
	const lines = text.replace(/\n$/, '').split('\n').map(line => line.trimEnd());
	while (lines.length > rows) lines.pop();
	return lines;
};

describe.skipIf(!hasTmux)('bundled log-update in a terminal', () => {
	const width = 40;
	const full = 'X'.repeat(width);
	const cases: [string, Step[], string][] = [
		['same height: changed, shorter and full-width lines', [
			{frame: 'header 09:00:01\nrow one is long, long, long\nrow two\n\nfooter\n'},
			{frame: `header 09:00:02\nrow one\n${full}\n\nfooter\n`},
			{frame: `header 09:00:03\nrow one\n${full}\nnew\nfooter\n`},
		], `header 09:00:03\nrow one\n${full}\nnew\nfooter\n`],
		['another height: drawn whole, nothing left over', [
			{frame: 'a1\na2\na3\na4\na5\na6\n'},
			{frame: 'b1\nb2\n'},
			{frame: 'c1\nc2\n'},
		], 'c1\nc2\n'],
		['a clear, then a frame', [
			{frame: 'one\ntwo\nthree\n'},
			{clear: true},
			{frame: 'four\nfive\nsix\n'},
		], 'four\nfive\nsix\n'],
		['coloured lines changed in place', [
			{frame: '\u001B[31mred line that is long\u001B[39m\nplain\n'},
			{frame: '\u001B[32mgreen\u001B[39m\nplain\n'},
		], 'green\nplain\n'],
	];

	it.each(cases)('%s', async (name, steps, last) => {
		const session = `frames-${cases.findIndex(entry => entry[0] === name)}`;
		rig.tmux('new-session', '-d', '-s', session, '-x', String(width), '-y', '10', `node ${player(steps, session)}`);
		const expected = screenOf(last);
		const read = () => shown(rig.tmux('capture-pane', '-p', '-t', session), 10);
		const deadline = Date.now() + 10_000;
		let seen = read();
		while (Date.now() < deadline) {
			seen = read();
			const rest = seen.slice(expected.length);
			if (expected.every((line, index) => seen[index] === line) && rest.every(line => line === '')) break;
			await new Promise(resolve => setTimeout(resolve, 50));
		}
		expect(seen.slice(0, expected.length)).toEqual(expected);
		expect(seen.slice(expected.length).every(line => line === '')).toBe(true);
	});
});

describe('bundled log-update, bytes', () => {
	it('writes only the changed line of a frame of the same height, and the whole frame otherwise', () => {
		const writes: string[] = [];
		const stream = {write: (chunk: string) => writes.push(chunk), on: () => {}};
		const log = logUpdate.create(stream, {showCursor: true}) as ((text: string) => boolean) & {clear(): void};
		const rows = Array.from({length: 50}, (_, index) => `row ${index} ${'·'.repeat(150)}`);
		log(`${rows.join('\n')}\n`);
		const whole = writes.at(-1)!;
		expect(whole).toContain(rows[49]);
		rows[7] = 'row 7 changed';
		log(`${rows.join('\n')}\n`);
		const diff = writes.at(-1)!;
		expect(diff).toBe('\u001B[8;1H\u001B[0m\u001B[2Krow 7 changed\u001B[51;1H');
		expect(log(`${rows.join('\n')}\n`)).toBe(false);
		log(`${rows.slice(0, 10).join('\n')}\n`);
		expect(writes.at(-1)!.startsWith('\u001B[2J\u001B[H')).toBe(true);
	});
});

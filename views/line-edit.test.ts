import {describe, expect, it} from 'vitest';
import {drawLine, editLine, lineOf, type Line} from './line-edit.js';

const keys = (line: Line, ...names: string[]) => names.reduce((current, name) => editLine(current, name.length === 1 ? name : name, name.length === 1 ? name : '') ?? current, line);

describe('line editor', () => {
	it('types at the cursor and moves with ←/→, Home/End, Ctrl-A/E', () => {
		expect(drawLine(keys(lineOf('node'), 'ctrl-a', '!'))).toBe('!▏node');
		expect(drawLine(keys(lineOf('ab'), 'left', 'x'))).toBe('ax▏b');
		expect(drawLine(keys(lineOf('ab'), 'home', 'end'))).toBe('ab▏');
	});
	it('Ctrl-U clears to the start, Ctrl-K to the end, Ctrl-W the word before the cursor, Backspace one', () => {
		expect(keys(lineOf('node:pve2 ml'), 'ctrl-w')).toEqual({text: 'node:pve2 ', at: 10});
		expect(keys(lineOf('node:pve2 ml  '), 'ctrl-w')).toEqual({text: 'node:pve2 ', at: 10});
		expect(keys({text: 'abc def', at: 4}, 'ctrl-u')).toEqual({text: 'def', at: 0});
		expect(keys({text: 'abc def', at: 3}, 'ctrl-k')).toEqual({text: 'abc', at: 3});
		expect(keys({text: 'abc', at: 0}, 'backspace')).toEqual({text: 'abc', at: 0});
		expect(keys(lineOf('abc'), 'backspace')).toEqual({text: 'ab', at: 2});
	});
	it('ignores named keys it does not use and control characters', () => {
		expect(editLine(lineOf('a'), 'f1', '')).toBeUndefined();
		expect(editLine(lineOf('a'), undefined, '\u0007')).toBeUndefined();
		expect(editLine(lineOf('a'), 'space', ' ')).toEqual({text: 'a ', at: 2});
	});
});

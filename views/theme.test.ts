import {afterEach, describe, expect, it} from 'vitest';
import {isColorless, pointer, selectable, setColorless} from './theme.js';

afterEach(() => setColorless(false));

describe('theme without colour', () => {
	it('NO_COLOR (any value), FORCE_COLOR=0 and a dumb terminal mean no colour', () => {
		expect(isColorless({NO_COLOR: '1'})).toBe(true);
		expect(isColorless({NO_COLOR: ''})).toBe(false);
		expect(isColorless({FORCE_COLOR: '0'})).toBe(true);
		expect(isColorless({TERM: 'dumb'})).toBe(true);
		expect(isColorless({TERM: 'xterm-256color'})).toBe(false);
	});
	it('marks the focused label in the text, at the same width', () => {
		setColorless(true);
		expect(selectable('Cancel', true)).toBe('[Cancel]');
		expect(selectable('Cancel', false)).toBe(' Cancel ');
		setColorless(false);
		expect(selectable('Cancel', true)).toBe(' Cancel ');
		expect(pointer(true)).toBe('›');
	});
});

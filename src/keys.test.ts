import {describe, expect, it} from 'vitest';
import {commandIds, commands, helpLines, keyName, keyProblems, resolveBindings} from './keys.js';

describe('key table', () => {
	it('every command has keys and a help text, and the defaults do not collide', () => {
		for (const id of commandIds) {
			expect(commands[id].help.length).toBeGreaterThan(3);
			expect(commands[id].keys.length).toBeGreaterThan(0);
		}
		expect(resolveBindings().problems).toEqual([]);
	});
	it('remaps a command and reports collisions and bad names', () => {
		const bindings = resolveBindings({'pane.next': ['n']});
		expect(bindings.commandOf.get('n')).toBe('pane.next');
		expect(bindings.commandOf.get('tab')).toBeUndefined();
		expect(keyProblems({'pane.next': ['j']})).toEqual(['keys: j → pane.next, not row.down']);
		expect(keyProblems({'no.such': ['x'], 'row.up': ['nope']})).toEqual(['keys: unknown command no.such (? lists them)', 'keys: "nope" (row.up) is not a key name']);
		// The remapped key leaves the command it was taken from: help and the footer name only keys that run it.
		const taken = resolveBindings({'pane.next': ['q']});
		expect(taken.keysOf['app.quit']).toEqual(['ctrl-c', 'f10']);
		expect(taken.keysOf['pane.next']).toEqual(['q']);
		for (const problem of keyProblems({'pane.next': ['q'], 'row.down': ['k']})) expect(problem.length).toBeLessThanOrEqual(78);
	});
	it('names Ink key events', () => {
		expect(keyName('', {downArrow: true})).toBe('down');
		expect(keyName('', {tab: true, shift: true})).toBe('shift-tab');
		expect(keyName('c', {ctrl: true})).toBe('ctrl-c');
		expect(keyName(' ', {})).toBe('space');
		expect(keyName('G', {shift: true})).toBe('G');
		expect(keyName('paste', {})).toBeUndefined();
		expect(keyName('', {fn: 10})).toBe('f10');
	});
	it('reads function keys from their raw sequences (xterm, VT100, Linux console)', async () => {
		const {functionKey} = await import('./keys.js');
		expect(functionKey('\u001BOP')).toBe(1);
		expect(functionKey('\u001BOR')).toBe(3);
		expect(functionKey('\u001B[11~')).toBe(1);
		expect(functionKey('\u001B[13~')).toBe(3);
		expect(functionKey('\u001B[21~')).toBe(10);
		expect(functionKey('\u001B[[A')).toBe(1);
		expect(functionKey('\u001BOA')).toBeUndefined();
		expect(functionKey('\u001B[A')).toBeUndefined();
		expect(functionKey('\u001B[5~')).toBeUndefined();
	});
	it('help lines come from the table', () => {
		const lines = helpLines(resolveBindings());
		expect(lines.find(line => line.command === 'row.down')?.keys).toBe('↓ j');
		expect(lines).toHaveLength(commandIds.length);
	});
});

describe('splitInput', () => {
	it('splits a chunk of plain keys into key events, Enter, Tab, Backspace and Ctrl included', async () => {
		const {splitInput} = await import('./keys.js');
		const events = splitInput('jG\r\t\u007F\u0006x', {});
		expect(events.map(event => keyName(event.input, event.key))).toEqual(['j', 'G', 'enter', 'tab', 'backspace', 'ctrl-f', 'x']);
	});
	it('leaves single keys and named keys alone', async () => {
		const {splitInput} = await import('./keys.js');
		expect(splitInput('j', {})).toEqual([{input: 'j', key: {}}]);
		expect(splitInput('', {upArrow: true})).toEqual([{input: '', key: {upArrow: true}}]);
	});
});

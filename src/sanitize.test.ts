import {describe, expect, it} from 'vitest';
import {isUnsafeText, sanitizeDeep, sanitizeOutput, sanitizeText, toJsonText} from './sanitize.js';

const osc52 = '\u001B]52;c;aGFja2Vk\u0007';
const hostile = ['\u001B]0;pwned\u0007', osc52, '\u001B[2J', '\u001B[5m', '\u0007', '\u009B2J', '\u202Etxt.exe', '\u2066x\u2069', '\u007F', '\r\n\t\u0000'];

describe('sanitizeText', () => {
	it('replaces every C0, DEL, C1 and bidi control with a visible escape', () => {
		expect(sanitizeText(`vm${osc52}`)).toBe('vm\\x1b]52;c;aGFja2Vk\\x07');
		expect(sanitizeText('a\u009Bb')).toBe('a\\x9bb');
		expect(sanitizeText('\u202Egnp.exe')).toBe('\\u202egnp.exe');
		expect(sanitizeText('\u2066\u2069\u202A')).toBe('\\u2066\\u2069\\u202a');
		expect(sanitizeText('tab\there\nline\u007F')).toBe('tab\\x09here\\x0aline\\x7f');
		for (const text of hostile) expect(isUnsafeText(sanitizeText(text)), JSON.stringify(text)).toBe(false);
	});

	it('keeps ordinary text, including non-ASCII, untouched and identical', () => {
		const text = 'Ölpumpe — GPU “A100” 80 °C → node-1 …  日本';
		expect(sanitizeText(text)).toBe(text);
		expect(sanitizeText('\u00A0\u200D')).toBe('\u00A0\u200D');
	});
});

describe('sanitizeDeep', () => {
	it('cleans every string of a nested draft, keys included, and copies only what changed', () => {
		const clean = {id: 'guest:pve/1', tags: ['a'], memory: {usedBytes: 1}};
		const draft = {id: 'guest:pve/2', name: `x${osc52}`, tags: ['ok', '\u001B[5mblink'], nested: {mounts: [{path: '/mnt/\u001B]0;t\u0007'}]}, ['k\u0007']: 1, clean};
		const out = sanitizeDeep(draft);
		expect(JSON.stringify(out)).not.toMatch(/\\u00(1b|07)/);
		expect(out.name).toBe('x\\x1b]52;c;aGFja2Vk\\x07');
		expect(out.tags[0]).toBe('ok');
		expect(out.clean).toBe(clean); // untouched subtree keeps its identity
		expect(draft.name).toContain('\u001B'); // the input is not mutated
		expect(Object.keys(out)).toContain('k\\x07');
		expect(sanitizeDeep(clean)).toBe(clean);
	});
});

describe('toJsonText and sanitizeOutput', () => {
	it('escapes C1 and bidi controls in JSON text as \\u escapes and stays valid JSON', () => {
		const value = {name: 'a\u009B2Jb\u202Ec\u0085d\u2028'};
		const text = toJsonText(value);
		expect(text).toContain('\\u009b');
		expect(text).toContain('\\u202e');
		expect(isUnsafeText(text)).toBe(false);
		expect(JSON.parse(text)).toEqual(value);
	});

	it('keeps line feeds and tabs of an output stream, escapes the rest JSON-safely', () => {
		expect(sanitizeOutput('a\tb\nc\u001B[2J\u009B\u202E')).toBe('a\tb\nc\\u001b[2J\\u009b\\u202e');
		const json = `${JSON.stringify({a: 'x\u009By'})}\n`;
		expect(JSON.parse(sanitizeOutput(json))).toEqual({a: 'x\u009By'});
	});
});

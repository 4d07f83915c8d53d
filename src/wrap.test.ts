import {describe, expect, it} from 'vitest';
import {wrapText} from './wrap.js';

describe('wrapText', () => {
	it('keeps every name of a long list, breaking at spaces with an indent', () => {
		const names = Array.from({length: 12}, (_, index) => `gpu-box-${index}`).join(', ');
		const lines = wrapText(`affects: ${names}`, 40, '  ');
		expect(lines.every(line => line.length <= 40)).toBe(true);
		expect(lines.slice(1).every(line => line.startsWith('  '))).toBe(true);
		expect(lines.join(' ').replace(/\s+/g, ' ')).toBe(`affects: ${names}`);
	});

	it('cuts a word longer than the width into pieces instead of losing it', () => {
		expect(wrapText('x'.repeat(20), 8)).toEqual(['xxxxxxxx', 'xxxxxxxx', 'xxxx']);
	});

	it('a short text is one line', () => {
		expect(wrapText('UPS A on battery', 80)).toEqual(['UPS A on battery']);
	});
});

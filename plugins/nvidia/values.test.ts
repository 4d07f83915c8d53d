import {describe, expect, it} from 'vitest';
import {mibBytes, num} from './values.js';

describe('nvidia num()', () => {
	it('reads plain values with their units', () => {
		expect(num('27.23 W')).toBe(27.23);
		expect(num('0 %')).toBe(0);
		expect(num('-5 C')).toBe(-5);
		expect(num('405 MHz')).toBe(405);
		expect(num('N/A')).toBeNull();
		expect(num('abc')).toBeNull();
	});

	it('keeps the exponent: 1e308 C is a huge number (cleared later by the range), never 1', () => {
		expect(num('1e308 C')).toBe(1e308);
		expect(num('1.5E+3 MHz')).toBe(1500);
		expect(num('2e-1 W')).toBe(0.2);
	});

	it('turns numbers past the double range into null', () => {
		expect(num('1e309 C')).toBeNull();
		expect(mibBytes('1e400 MiB')).toBeNull();
	});
});

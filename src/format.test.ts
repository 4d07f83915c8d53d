import {describe, expect, it} from 'vitest';
import {fit, formatAge, formatBar, formatBytes, formatDuration, formatPercent, formatSparkline} from './format.js';

describe('format', () => {
	it('shows – for null everywhere', () => {
		expect(formatBytes(null)).toBe('–');
		expect(formatPercent(null)).toBe('–');
		expect(formatDuration(null)).toBe('–');
		expect(formatAge(null, 0)).toBe('–');
	});
	it('formats bytes, percent, durations', () => {
		expect(formatBytes(512)).toBe('512B');
		expect(formatBytes(1536)).toBe('1.5K');
		expect(formatBytes(8 * 1024 ** 3)).toBe('8.0G');
		expect(formatBytes(24 * 1024 ** 3)).toBe('24G');
		expect(formatPercent(42.4)).toBe('42%');
		expect(formatPercent(3.46)).toBe('3.5%');
		expect(formatPercent(0)).toBe('0%');
		expect(formatDuration(42)).toBe('42s');
		expect(formatDuration(302)).toBe('5m02s');
		expect(formatDuration(300)).toBe('5m');
		expect(formatDuration(3 * 3600 + 12 * 60)).toBe('3h12m');
		expect(formatDuration(4 * 86_400 + 3 * 3600)).toBe('4d3h');
		expect(formatAge(1000, 43_000)).toBe('42s');
	});
	it('bars, sparklines and fitting', () => {
		expect(formatBar(50, 4)).toBe('██  ');
		expect(formatBar(100, 3)).toBe('███');
		expect(formatBar(null, 3)).toBe('  –');
		expect(formatSparkline([0, 50, 100], 10, {min: 0, max: 100})).toBe('▁▄█');
		expect(fit('abcdef', 4)).toBe('abc…');
		expect(fit('ab', 4, 'right')).toBe('  ab');
	});
});

import {afterEach, describe, expect, it} from 'vitest';
import {panes} from './panes.js';
import {fitTabs} from './tabs.js';
import {setColorless} from './theme.js';

// The header's tabs with no incident open (the incidents tab shows only during one).
const quiet = panes.filter(entry => entry.id !== 'incidents');
const text = (width: number, active = 'vms' as const) => fitTabs(quiet, active, width).map(tab => tab.text).join('');

afterEach(() => setColorless(false));

describe('tabs', () => {
	it('whole titles when wide, generic panes folded, then short titles; never wider than the line', () => {
		expect(text(200)).toContain(' 5 Automations ');
		expect(text(200)).toContain(' Storage ');
		expect(text(80)).toMatch(/ 7 Hosts  \+\d$/);
		expect(text(60)).toContain(' 5 Auto ');
		for (const width of [200, 80, 60, 50]) expect(text(width).length).toBeLessThanOrEqual(width);
	});
	it('the active tab keeps its whole title, bracketed without colour', () => {
		setColorless(true);
		expect(text(50)).toContain('[3 VMs]');
		setColorless(false);
		expect(text(50)).toContain(' 3 VMs ');
	});
});

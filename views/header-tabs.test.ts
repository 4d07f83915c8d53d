// The tab strip folds to the width: every tab when they fit; else the kind panes other than the
// current one become "+N"; else the numbered tabs other than the current one keep their number.
import {describe, expect, it} from 'vitest';
import {fitTabs} from './Header.js';
import {panes} from './panes.js';

const text = (tabs: readonly {readonly label: string}[]) => tabs.map(tab => tab.label).join('');

describe('fitTabs', () => {
	it('keeps every tab when they fit', () => {
		expect(fitTabs(panes, 'racks', 200)).toHaveLength(panes.length);
	});
	it('folds the kind panes into +N at 80 columns, keeping the current one', () => {
		const generic = panes.filter(pane => pane.number === undefined).length;
		expect(text(fitTabs(panes, 'racks', 80))).toMatch(new RegExp(` 7 Hosts  \\+${generic} $`));
		expect(text(fitTabs(panes, 'kind.bmc', 80))).toMatch(new RegExp(` 7 Hosts  BMCs  \\+${generic - 1} $`));
		expect(text(fitTabs(panes, 'kind.bmc', 80)).length).toBeLessThanOrEqual(80);
	});
	it('keeps only numbers of the other dedicated tabs when even that does not fit', () => {
		const tabs = text(fitTabs(panes, 'automations', 40));
		expect(tabs).toContain(' 5 Automations ');
		expect(tabs).toMatch(/^ 1  2  3  4 /);
		expect(tabs.length).toBeLessThanOrEqual(40);
	});
});

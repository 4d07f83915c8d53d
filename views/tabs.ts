// The header's pane tabs fitted to the width: whole titles when they fit; else the generic kind
// panes folded into "+N" (they stay reachable with Tab and `:`); else the longest titles shortened;
// else short titles; else numbers
// alone. The active tab always keeps its whole title, and without colour it is bracketed.
import type {PaneEntry, PaneKey} from './panes.js';
import {selectable} from './theme.js';

export type Tab = {readonly id: PaneKey | 'more'; readonly text: string; readonly isActive: boolean};

const abbreviations: Readonly<Record<string, string>> = {Incidents: 'Inc', Racks: 'Rack', Power: 'Pwr', Automations: 'Auto', Alerts: 'Alrt', Hosts: 'Host'};
/** The long titles shortened first, the others kept whole. */
const mediumTitles: Readonly<Record<string, string>> = {Incidents: 'Inc', Automations: 'Auto'};
const short = (title: string) => abbreviations[title] ?? (title.length <= 4 ? title : title.slice(0, 4));

export function fitTabs(entries: readonly Pick<PaneEntry, 'id' | 'title' | 'number'>[], active: PaneKey, width: number): readonly Tab[] {
	const label = (entry: Pick<PaneEntry, 'id' | 'title' | 'number'>, form: 'whole' | 'medium' | 'short' | 'number') => {
		const isActive = entry.id === active;
		const title = isActive || form === 'whole' ? entry.title : form === 'medium' ? (mediumTitles[entry.title] ?? entry.title) : form === 'short' ? short(entry.title) : '';
		const text = [entry.number === undefined ? '' : String(entry.number), title].filter(Boolean).join(' ');
		return {id: entry.id, text: selectable(text, isActive), isActive};
	};
	const lengthOf = (tabs: readonly Tab[]) => tabs.reduce((sum, tab) => sum + tab.text.length, 0);
	const numbered = entries.filter(entry => entry.number !== undefined || entry.id === active);
	const folded = entries.length - numbered.length;
	const more: Tab[] = folded > 0 ? [{id: 'more', text: ` +${folded}`, isActive: false}] : [];
	const attempts: readonly Tab[][] = [
		entries.map(entry => label(entry, 'whole')),
		[...numbered.map(entry => label(entry, 'whole')), ...more],
		[...numbered.map(entry => label(entry, 'medium')), ...more],
		[...numbered.map(entry => label(entry, 'short')), ...more],
		[...numbered.map(entry => label(entry, 'number')), ...more],
	];
	return attempts.find(tabs => lengthOf(tabs) <= width) ?? attempts[attempts.length - 1]!;
}

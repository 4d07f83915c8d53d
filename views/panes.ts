// The panes, in tab order: the dedicated panes (number keys 0–7), then one generic kind pane for
// every registered kind that no dedicated pane shows (`:` + its command, e.g. `:storage`), then the
// triage tabs: the timeline (`:timeline`, `:events`) and the sources (`:sources`).
import type {ComponentType} from 'react';
import {genericKinds} from '../src/kinds/index.js';
import type {PaneId} from '../src/keys.js';
import {AlertsPane} from './AlertsPane.js';
import {AutomationsPane} from './AutomationsPane.js';
import {GpusPane} from './GpusPane.js';
import {HostsPane} from './HostsPane.js';
import {IncidentsPane} from './IncidentsPane.js';
import {kindPane} from './KindPane.js';
import type {PaneProps} from './pane-handle.js';
import {PowerPane} from './PowerPane.js';
import {RacksPane} from './RacksPane.js';
import {SourcesPane} from './SourcesPane.js';
import {TimelinePane} from './TimelinePane.js';
import {VmsPane} from './VmsPane.js';

/** A dedicated pane's id, or `kind.<kind>` for a generic kind pane. */
export type PaneKey = PaneId | 'timeline' | 'sources' | `kind.${string}`;

export type PaneEntry = {
	readonly id: PaneKey;
	readonly title: string;
	readonly component: ComponentType<PaneProps>;
	/** Its number key (dedicated panes); generic panes are reached with Tab or `:`. */
	readonly number?: number;
	/** `:` words that open it, beyond the command aliases of src/keys.ts. */
	readonly words?: readonly string[];
};

const dedicated: readonly PaneEntry[] = [
	{id: 'incidents', title: 'Incidents', component: IncidentsPane, number: 0},
	{id: 'racks', title: 'Racks', component: RacksPane, number: 1},
	{id: 'gpus', title: 'GPUs', component: GpusPane, number: 2},
	{id: 'vms', title: 'VMs', component: VmsPane, number: 3},
	{id: 'power', title: 'Power', component: PowerPane, number: 4},
	{id: 'automations', title: 'Automations', component: AutomationsPane, number: 5},
	{id: 'alerts', title: 'Alerts', component: AlertsPane, number: 6},
	{id: 'hosts', title: 'Hosts', component: HostsPane, number: 7},
];

export const panes: readonly PaneEntry[] = [
	...dedicated,
	...genericKinds.map(module => ({id: `kind.${module.kind}` as const, title: module.title, component: kindPane(module), words: [module.command, module.kind]})),
	// Triage tabs, after the kinds (reached with Tab or `:`).
	{id: 'timeline', title: 'Timeline', component: TimelinePane, words: ['timeline', 'events']},
	{id: 'sources', title: 'Sources', component: SourcesPane, words: ['sources', 'source']},
];

export const paneKeys: readonly PaneKey[] = panes.map(pane => pane.id);

/** The generic pane a `:` word names (`:storage`, `:bmcs`, `:bmc`). */
export function paneOfWord(word: string): PaneKey | undefined {
	return panes.find(pane => pane.words?.includes(word))?.id;
}

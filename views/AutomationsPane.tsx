// The automations pane: hub automations, scenes and scripts.
import {Text} from 'ink';
import {useMemo} from 'react';
import type {AutomationEntity} from '../src/entities.js';
import {formatAge} from '../src/format.js';
import {selectAutomations} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {emptyLine, noSourcesLine} from './no-sources.js';
import type {PaneProps} from './pane-handle.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {style} from './theme.js';
import {useNow, useSlice} from './use-store.js';

export const automationsSources = {kinds: ['automation'], noun: 'automation'} as const;
const selectMissing = (s: Snapshot) => noSourcesLine(s, automationsSources);
const selectEmpty = (s: Snapshot) => emptyLine(s, automationsSources);
const lastMs = (a: AutomationEntity) => (a.lastTriggered ? Date.parse(a.lastTriggered) : null);

function columns(now: () => number): readonly Column<AutomationEntity>[] {
	return [
		{id: 'name', title: 'NAME', width: 16, maxWidth: 48, priority: 0, isFlexible: true, cell: a => a.name, sortValue: a => a.name},
		{id: 'type', title: 'TYPE', width: 10, maxWidth: 10, priority: 2, cell: a => a.automationType, sortValue: a => a.automationType},
		{id: 'hub', title: 'HUB', width: 12, maxWidth: 24, priority: 1, cell: a => a.hub, sortValue: a => a.hub},
		{id: 'enabled', title: 'ENABLED', width: 7, maxWidth: 7, priority: 0, cell: a => (a.isEnabled === null ? '–' : a.isEnabled ? 'on' : 'off'), tone: a => (a.isEnabled === false ? 'muted' : 'status.ok'), sortValue: a => String(a.isEnabled)},
		{id: 'last', title: 'LAST RUN', width: 9, maxWidth: 9, priority: 0, align: 'right', cell: a => formatAge(lastMs(a), now()), sortValue: a => lastMs(a)},
	];
}

export function AutomationsPane(props: PaneProps) {
	const rows = useSlice(props.store, selectAutomations) as readonly AutomationEntity[];
	const missing = useSlice(props.store, selectMissing);
	const empty = useSlice(props.store, selectEmpty);
	useNow(props.clock);
	const cols = useMemo(() => columns(props.clock.now), [props.clock]);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	return (
		<TablePane
			emptyText={empty}
			{...props}
			title="Automations"
			rows={rows}
			columns={cols}
			rowId={a => a.id}
			filterRow={a => ({text: `${a.name} ${a.hub} ${a.automationType}`, fields: {hub: a.hub, type: a.automationType, enabled: a.isEnabled ? 'on' : 'off'}})}
			entityOf={a => a}
		/>
	);
}

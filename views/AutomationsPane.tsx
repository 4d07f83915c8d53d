// The automations pane: hub automations, scripts, scenes, HS4 events, MQTT topics and read-only
// sensors across every hub, in one table drawn from the automation kind module (columns, filter
// fields, detail sections), so the generic kind pane and this one show the same thing. `a` acts on
// the selected or marked rows (trigger, enable/disable, run/stop, activate, publish).
import {Box, Text} from 'ink';
import {useCallback, useMemo} from 'react';
import type {AutomationEntity} from '../src/entities.js';
import {automationKind} from '../src/kinds/automation.js';
import type {KindContext} from '../src/kinds/kind-module.js';
import {selectAutomations} from '../src/selectors.js';
import type {Snapshot} from '../src/store.js';
import {Field, Section} from './Detail.js';
import {emptyLine, noSourcesLine} from './no-sources.js';
import type {PaneProps} from './pane-handle.js';
import type {Column} from './table-model.js';
import {TablePane} from './TablePane.js';
import {style} from './theme.js';
import {useNow, useSlice} from './use-store.js';

export const automationsSources = {kinds: ['automation'], noun: 'automation'} as const;
const selectMissing = (s: Snapshot) => noSourcesLine(s, automationsSources);
const selectEmpty = (s: Snapshot) => emptyLine(s, automationsSources);

/** The kind module's columns as table columns, each cell given the store's snapshot and the clock. */
export function automationColumns(context: () => KindContext): readonly Column<AutomationEntity>[] {
	return automationKind.columns.map(column => {
		const {cell, variants, tone, sortValue} = column;
		return {
			id: column.id, title: column.title, width: column.width, maxWidth: column.maxWidth, priority: column.priority, align: column.align, isFlexible: column.isFlexible,
			cell: row => cell(row, context()),
			...(variants ? {variants: (row: AutomationEntity) => variants(row, context())} : {}),
			...(tone ? {tone: (row: AutomationEntity) => tone(row, context())} : {}),
			...(sortValue ? {sortValue: (row: AutomationEntity) => sortValue(row, context())} : {}),
		};
	});
}

function filterRow(context: () => KindContext) {
	return (a: AutomationEntity) => ({text: `${a.name} ${a.localId} ${a.hub} ${a.automationType} ${a.state} ${a.value ?? ''}`, fields: automationKind.filterFields(a, context())});
}

function AutomationDetail({entity, context, height}: {readonly entity: AutomationEntity; readonly context: KindContext; readonly height: number}) {
	const sections = automationKind.detail(entity, context);
	let room = height;
	return (
		<Box flexDirection="column">
			{sections.map(section => {
				if (room <= 1) return null;
				const fields = (section.fields ?? []).filter(field => field.value !== '–').slice(0, Math.max(0, room - 1));
				room -= 1 + fields.length;
				const lines = (section.lines ?? []).slice(0, Math.max(0, room));
				room -= lines.length;
				return (
					<Section key={section.title} title={section.title}>
						{fields.map(field => <Field key={field.label} label={field.label} value={field.value} tone={field.tone} />)}
						{lines.map((line, index) => <Text key={index} wrap="truncate" {...style(line.tone ?? 'plain')}>{line.text}</Text>)}
					</Section>
				);
			})}
		</Box>
	);
}

export function AutomationsPane(props: PaneProps) {
	const rows = useSlice(props.store, selectAutomations) as readonly AutomationEntity[];
	const missing = useSlice(props.store, selectMissing);
	const empty = useSlice(props.store, selectEmpty);
	useNow(props.clock);
	const {store, clock, topology} = props;
	const context = useCallback((): KindContext => ({snapshot: store.getSnapshot(), topology, now: clock.now()}), [store, clock, topology]);
	const cols = useMemo(() => automationColumns(context), [context]);
	const filter = useMemo(() => filterRow(context), [context]);
	const renderDetail = useCallback((entity: AutomationEntity, _width: number, height: number) => <AutomationDetail entity={entity} context={context()} height={height} />, [context]);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	return <TablePane emptyText={empty} {...props} title="Automations" rows={rows} columns={cols} rowId={a => a.id} filterRow={filter} entityOf={a => a} renderDetail={renderDetail} />;
}

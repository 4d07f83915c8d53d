// The generic kind pane: a table, filter, sort and detail view built from a kind module alone.
// Every registered kind without a dedicated pane is shown through it (views/panes.ts), so a
// plugin that reports a new kind needs no change in views/.
import {Text} from 'ink';
import {useCallback} from 'react';
import type {Entity} from '../src/entities.js';
import type {KindModule} from '../src/kinds/kind-module.js';
import type {Snapshot} from '../src/store.js';
import {KindDetail} from './KindDetail.js';
import {useKindTable} from './kind-table.js';
import {emptyLine, noSourcesLine} from './no-sources.js';
import type {PaneProps} from './pane-handle.js';
import {TablePane} from './TablePane.js';
import {style} from './theme.js';
import {useSlice} from './use-store.js';

export type KindPaneProps = PaneProps & {readonly module: KindModule};

const rowId = (entity: Entity) => entity.id;
const entityOf = (entity: Entity) => entity;

export function KindPane(props: KindPaneProps) {
	const {module} = props;
	const rows = useSlice(props.store, useCallback((s: Snapshot) => s.byKind[module.kind], [module]));
	const spec = {kinds: [module.kind], noun: module.noun};
	const missing = useSlice(props.store, s => noSourcesLine(s, spec));
	const empty = useSlice(props.store, s => emptyLine(s, spec));
	const table = useKindTable(module, props.store, props.topology);
	const renderDetail = useCallback(
		(entity: Entity, width: number) => <KindDetail module={module} entity={entity} context={table.context} store={props.store} width={width} />,
		[module, table, props.store],
	);
	if (missing) return <Text {...style('muted')}>{missing}</Text>;
	return <TablePane {...props} emptyText={empty} title={module.title} rows={rows} columns={table.columns} rowId={rowId} filterRow={table.filterRow} entityOf={entityOf} renderDetail={renderDetail} />;
}

/** A pane component for one module (what views/panes.ts lists for a generic kind). */
export function kindPane(module: KindModule) {
	const Pane = (props: PaneProps) => <KindPane {...props} module={module} />;
	Pane.displayName = `KindPane(${module.kind})`;
	return Pane;
}

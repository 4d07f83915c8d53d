// A kind module's columns and filter fields as a table's (views/table-model.ts): the module's
// cells take a context (the snapshot, the topology, the time), bound here once per pane to the
// live store so that the columns keep their identity between renders.
import {useMemo} from 'react';
import type {Entity, EntityKind, EntityOfKind} from '../src/entities.js';
import type {FilterRow} from '../src/filter.js';
import {kindFilterRow} from '../src/kinds/filter-row.js';
import type {KindColumn, KindContext, KindModule} from '../src/kinds/kind-module.js';
import type {Topology} from '../src/topology.js';
import type {Clock} from './clock.js';
import type {Column} from './table-model.js';
import type {StoreLike} from './use-store.js';

/** A context that reads the store's current snapshot and the time (the pane's clock when given) whenever a cell asks. */
export function liveContext(store: StoreLike, topology: Topology, clock?: Pick<Clock, 'now'>): KindContext {
	return {
		get snapshot() {
			return store.getSnapshot();
		},
		topology,
		get now() {
			return clock ? clock.now() : Date.now();
		},
	};
}

export function bindColumns<E>(columns: readonly KindColumn<E>[], context: KindContext): readonly Column<E>[] {
	return columns.map(column => {
		const {cell, variants, tone, sortValue, ...layout} = column;
		return {
			...layout,
			cell: row => cell(row, context),
			...(variants ? {variants: (row: E) => variants(row, context)} : {}),
			...(tone ? {tone: (row: E) => tone(row, context)} : {}),
			...(sortValue ? {sortValue: (row: E) => sortValue(row, context)} : {}),
		};
	});
}

export type KindTable<E> = {
	readonly context: KindContext;
	readonly columns: readonly Column<E>[];
	readonly filterRow: (row: E) => FilterRow;
};

/** The module's columns and filter row, bound to this pane's store and topology. */
export function useKindTable<K extends EntityKind>(module: KindModule<K>, store: StoreLike, topology: Topology, clock?: Pick<Clock, 'now'>): KindTable<EntityOfKind<K>> {
	return useMemo(() => {
		const context = liveContext(store, topology, clock);
		return {
			context,
			columns: bindColumns(module.columns, context),
			filterRow: (row: EntityOfKind<K>) => kindFilterRow(module as unknown as KindModule, row as Entity, context),
		};
	}, [module, store, topology, clock]);
}

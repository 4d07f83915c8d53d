// What the `/` filter and `labdeck <command>` match an entity against, from its kind module:
// the row's text (the module's filterText, else every column's cell plus name and id) and its named fields (the module's
// fields, plus `source`, `name` and `id`, which every kind has).
import type {Entity} from '../entities.js';
import type {FilterRow} from '../filter.js';
import type {KindContext, KindModule} from './kind-module.js';

export function kindFilterRow(module: KindModule, entity: Entity, context: KindContext): FilterRow {
	const row = entity as never;
	return {
		text: module.filterText ? module.filterText(row, context) : [entity.name, entity.localId, ...module.columns.map(column => column.cell(row, context))].join(' '),
		fields: {source: entity.source, name: entity.name, id: [entity.localId, entity.id], ...module.filterFields(row, context)},
	};
}

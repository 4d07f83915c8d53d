// The filter matches what is shown: for every entity of the view-test lab, a column that shares
// its id with a filter field shows a value that `field:value` matches (and the entity's own
// `--json` value of that name matches too), so that `type:ct` finds the rows that show `ct`.
import {describe, expect, it} from 'vitest';
import {parseFilter} from '../src/filter.js';
import {kindFilterRow} from '../src/kinds/filter-row.js';
import {kindModules} from '../src/kinds/index.js';
import {labStore, t0, topology} from './test-fixtures/lab.js';

const snapshot = labStore({hasEveryKind: true}).getSnapshot();
const context = {snapshot, topology, now: t0};

describe('filter fields match the cells as shown and the JSON values', () => {
	for (const module of kindModules) {
		const entities = snapshot.byKind[module.kind] ?? [];
		it.skipIf(entities.length === 0)(`${module.kind}`, () => {
			const misses: string[] = [];
			for (const entity of entities) {
				const row = kindFilterRow(module, entity, context);
				for (const column of module.columns) {
					if (!(column.id in row.fields)) continue;
					const shown = column.cell(entity as never, context).trim();
					// Blank, unknown and glyph-only cells name no value; a list shows its elements joined.
					if (!/[\p{L}\p{N}]/u.test(shown) || /\s/.test(shown)) continue;
					for (const value of shown.split(',')) if (!parseFilter(`${column.id}:"${value}"`).matches(row)) misses.push(`${entity.id}: ${column.id} shows "${value}"`);
					const json = (entity as unknown as Record<string, unknown>)[column.id];
					if (typeof json === 'string' && json !== '' && !/\s/.test(json) && !parseFilter(`${column.id}:"${json}"`).matches(row)) misses.push(`${entity.id}: ${column.id} is "${json}" in --json`);
				}
			}
			expect(misses).toEqual([]);
		});
	}
});

// Every registered kind module keeps the contract, and filter values match as displayed and as
// in `--json` (`type:ct` and `type:lxc` both find containers).
import {describe, expect, it} from 'vitest';
import {parseFilter} from '../filter.js';
import {labStore, t0, topology} from '../../views/test-fixtures/lab.js';
import {kindFilterRow} from './filter-row.js';
import {genericKinds, kindModule, kindModules} from './index.js';

const snapshot = labStore().getSnapshot();
const context = {snapshot, topology, now: t0 + 1000};
const matching = (kind: 'guest' | 'outlet' | 'gpu' | 'host', query: string) => {
	const filter = parseFilter(query);
	const module = kindModule(kind)!;
	return snapshot.byKind[kind].filter(entity => filter.matches(kindFilterRow(module, entity, context))).map(entity => entity.name);
};

describe('kind modules', () => {
	it.each(kindModules.map(module => [module.kind, module] as const))('%s: columns, charts, rules and schema fit the contract', (kind, module) => {
		const ids = module.columns.map(column => column.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(module.columns.some(column => column.priority === 0)).toBe(true);
		expect(module.columns.filter(column => column.isFlexible).length).toBeLessThanOrEqual(1);
		for (const column of module.columns) expect(column.maxWidth ?? column.width).toBeGreaterThanOrEqual(column.width);
		for (const rule of module.rules ?? []) expect(rule.kind).toBe(kind);
		const entity = snapshot.byKind[kind][0];
		if (entity && module.history) {
			const metrics = Object.keys(module.history(entity as never));
			for (const chart of module.charts ?? []) expect(metrics).toContain(chart.metric);
		}
		if (entity) for (const column of module.columns) expect(typeof column.cell(entity as never, context)).toBe('string');
		expect(module.command).toMatch(/^[a-z][a-z-]*$/);
	});
	it('commands are unique, and kinds with a dedicated pane name it', () => {
		const commands = kindModules.map(module => module.command);
		expect(new Set(commands).size).toBe(commands.length);
		expect(genericKinds.map(module => module.kind)).toEqual(['storage', 'bmc', 'ats']);
	});
	it('values match as displayed and as in --json', () => {
		expect(matching('guest', 'type:ct')).toEqual(['jellyfin', 'pihole']);
		expect(matching('guest', 'type:lxc')).toEqual(['jellyfin', 'pihole']);
		expect(matching('guest', 'type:vm')).toEqual(matching('guest', 'type:qemu'));
		expect(matching('guest', 'type:vm')).toHaveLength(10);
		expect(matching('guest', '!type:ct status:stopped')).toEqual(['backup']);
		expect(matching('outlet', 'powers:gpu-box-1')).toEqual(['gpu-box-1']);
		expect(matching('gpu', 'owner:ml-train')).toEqual(['RTX 4080']);
		expect(matching('host', 'source:local')).toEqual(['workstation']);
	});
});

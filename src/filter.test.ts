import {describe, expect, it} from 'vitest';
import {fieldsOf, parseFilter, type FilterRow} from './filter.js';

const row = (text: string, fields: FilterRow['fields'] = {}): FilterRow => ({text, fields});
const vm = row('120 ml-train qemu pve2 running gpu;ml', {node: 'pve2', tag: ['gpu', 'ml'], status: 'running', type: 'qemu'});
const web = row('101 web qemu pve1 stopped', {node: 'pve1', tag: [], status: 'stopped', type: 'qemu'});

describe('parseFilter', () => {
	it('matches free text case-insensitively', () => {
		expect(parseFilter('ML-TR').matches(vm)).toBe(true);
		expect(parseFilter('ml-tr').matches(web)).toBe(false);
	});
	it('an empty query matches everything', () => {
		expect(parseFilter('').matches(web)).toBe(true);
		expect(parseFilter('   ').terms).toHaveLength(0);
	});
	it('field terms: node, tag (any element), status', () => {
		expect(parseFilter('node:pve2').matches(vm)).toBe(true);
		expect(parseFilter('node:pve2').matches(web)).toBe(false);
		expect(parseFilter('tag:gpu').matches(vm)).toBe(true);
		expect(parseFilter('tag:gp').matches(vm)).toBe(false);
		expect(parseFilter('status:stopped').matches(web)).toBe(true);
		expect(parseFilter('node:pve*').matches(web)).toBe(true);
	});
	it('ANDs terms and inverts with !', () => {
		expect(parseFilter('node:pve2 status:running').matches(vm)).toBe(true);
		expect(parseFilter('node:pve2 status:stopped').matches(vm)).toBe(false);
		expect(parseFilter('!status:stopped').matches(web)).toBe(false);
		expect(parseFilter('!web').matches(vm)).toBe(true);
	});
	it('regex with re: or /…/', () => {
		expect(parseFilter('re:^1[0-9]1 ').matches(web)).toBe(true);
		expect(parseFilter('/ml-t.ain/').matches(vm)).toBe(true);
		expect(parseFilter('!/^120/').matches(vm)).toBe(false);
	});
	it('an invalid regex is reported and left out, not matched as text', () => {
		const filter = parseFilter('re:[oops web');
		expect(filter.error).toMatch(/^invalid regex \/\[oops\/: /);
		expect(filter.terms).toHaveLength(1);
		expect(filter.matches(web)).toBe(true);
		expect(filter.matches(vm)).toBe(false);
	});
	it('a bare regex runs over the name; a named field takes a regex too', () => {
		const k8s = row('k8s-node-1 running', {name: 'k8s-node-1', node: 'pve1'});
		const other = row('web running k8s', {name: 'web', node: 'pve1'});
		expect(parseFilter('/^k8s/').matches(k8s)).toBe(true);
		expect(parseFilter('/^k8s/').matches(other)).toBe(false);
		expect(parseFilter('node:/^pve[12]$/').matches(k8s)).toBe(true);
		expect(parseFilter('node:re:^pve2').matches(k8s)).toBe(false);
		expect(parseFilter('text:/k8s$/').matches(other)).toBe(true);
	});
	it('with the known fields, an unknown field is reported and left out', () => {
		const filter = parseFilter('foo:bar web', fieldsOf([vm, web]));
		expect(filter.error).toBe('unknown field foo: (fields: node status tag text type)');
		expect(filter.matches(web)).toBe(true);
		expect(parseFilter('node:pve1', fieldsOf([vm, web])).error).toBeUndefined();
	});
	it('an undeclared field is plain text; quotes group words', () => {
		expect(parseFilter('at:10').matches(row('runs at:10 daily'))).toBe(true);
		expect(parseFilter('"web qemu"').matches(web)).toBe(true);
		expect(parseFilter('"web pve1"').matches(web)).toBe(false);
	});
});

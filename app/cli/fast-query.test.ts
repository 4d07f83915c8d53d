// The lean entry takes only plain queries and `--version`; everything else goes to yargs.
import {describe, expect, it} from 'vitest';
import {parseQueryArgs} from './fast-query.js';

describe('parseQueryArgs', () => {
	it('takes a plain query with its options in any order', () => {
		expect(parseQueryArgs(['status', '--json'])).toEqual({name: 'status', readonly: false, serve: true, asJson: true});
		expect(parseQueryArgs(['--config', 'lab.yaml', 'hosts', '--fail-on', 'warning', '--readonly', '--no-serve'])).toEqual({name: 'hosts', config: 'lab.yaml', readonly: true, serve: false, asJson: false, failOn: 'warning'});
		expect(parseQueryArgs(['vms', '-c', 'a.json', '--fail-on=critical'])).toEqual({name: 'vms', config: 'a.json', readonly: false, serve: true, asJson: false, failOn: 'critical'});
		expect(parseQueryArgs(['storage', '--config=x.yml'])).toMatchObject({name: 'storage', config: 'x.yml'});
	});

	it('answers --version alone', () => {
		expect(parseQueryArgs(['--version'])).toBe('version');
		expect(parseQueryArgs(['status', '--version'])).toBeUndefined();
	});

	it.each([
		[[]],
		[['--json']],
		[['act', 'guest:pve/1', 'guest.stop']],
		[['config', 'check']],
		[['doctor', '--json']],
		[['status', 'hosts']],
		[['status', '--json', '--json']],
		[['status', '--json=false']],
		[['status', '--no-json']],
		[['status', '--help']],
		[['status', '-h']],
		[['status', '--fail-on']],
		[['status', '--fail-on', 'fatal']],
		[['status', '--config']],
		[['status', '--config', '--json']],
		[['status', '--config=']],
		[['status', '-c', 'a', '--config', 'b']],
		[['status', '--serve']],
		[['status', '--bogus']],
	])('leaves %j to the full command line', args => {
		expect(parseQueryArgs(args)).toBeUndefined();
	});
});

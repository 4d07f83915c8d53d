// The start-up reader (`readConfig`, the YAML parser loaded only for YAML files) reads and fails
// exactly as the synchronous `readConfigFile` does.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {readConfigFile} from './config-file.js';
import {readConfig} from './config-text.js';

const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-config-text-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const cases: [string, string][] = [
	['lab.yaml', 'lab: home # comment\nsources:\n  - {id: this, type: local}\n'],
	['lab.json', '{"lab": "home", "sources": [{"id": "this", "type": "local"}]}'],
	['empty.yml', '# nothing yet\n'],
	['dup.yaml', 'lab: a\nlab: b\n'],
	['bad.json', '{"lab": "home",\n}'],
	['list.json', '[1, 2]'],
	['lab.toml', 'lab = "home"'],
];

describe('readConfig', () => {
	it.each(cases)('%s: the same result or error as readConfigFile', async (name, text) => {
		const file = path.join(dir, name);
		writeFileSync(file, text);
		let expected: unknown;
		try {
			expected = {value: readConfigFile(file)};
		} catch (error) {
			expected = {error: (error as Error).message};
		}
		const actual = await readConfig(file).then(value => ({value}), (error: unknown) => ({error: (error as Error).message}));
		expect(actual).toEqual(expected);
	});

	it('names a missing file', async () => {
		await expect(readConfig(path.join(dir, 'none.yaml'))).rejects.toThrow(`${path.join(dir, 'none.yaml')}: read config: no such file`);
	});
});

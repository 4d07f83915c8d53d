// YAML and JSON configs: the same lab in either format loads to the same LoadedConfig; syntax
// errors name the file, line and column; config.yaml wins over config.json in the config dir.
import {copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../src/config.js';
import {configFileIn, lineColumn, readConfigFile} from '../src/config-file.js';
import {defaultConfigPath} from '../src/paths.js';
import {plugins} from '../plugins/registry.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'config');
let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-config-file-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const load = async (file: string) => loadConfig({path: file, plugins, env: {}, defaultPath: path.join(dir, 'none.yaml')});

function write(name: string, text: string): string {
	const file = path.join(dir, name);
	writeFileSync(file, text, {mode: 0o600});
	return file;
}

describe('config file formats', () => {
	it('loads the same lab from YAML (with comments) and JSON', async () => {
		const yamlFile = path.join(dir, 'lab.yaml');
		const jsonFile = path.join(dir, 'lab.json');
		copyFileSync(path.join(fixtures, 'lab.yaml'), yamlFile);
		copyFileSync(path.join(fixtures, 'lab.json'), jsonFile);
		const fromYaml = await load(yamlFile);
		const fromJson = await load(jsonFile);
		expect(fromYaml.sources.map(source => source.disabledReason)).toEqual([undefined, undefined, undefined, undefined]);
		expect(fromYaml.sources.map(source => source.id)).toEqual(['this', 'gpu-box', 'gpus', 'nut']);
		expect(fromYaml.sources[1]?.config).toMatchObject({host: 'gpu-box.lan', port: 2222});
		expect(fromYaml.warnings).toEqual([]);
		expect({...fromYaml, path: null}).toEqual({...fromJson, path: null});
		expect(fromYaml.topology.devices).toHaveLength(1);
	});

	it('reads .yml too and takes an empty YAML file as an empty config', async () => {
		expect(readConfigFile(write('empty.yml', '# nothing yet\n'))).toEqual({});
	});

	it('names the file, line and column of a YAML syntax error', () => {
		const file = write('bad.yaml', 'lab: home\nsources:\n  - id: a\n    type: [local\n');
		expect(() => readConfigFile(file)).toThrow(new RegExp(`^${file.replaceAll('.', '\\.')}:\\d+:\\d+: parse YAML: `));
		const duplicate = write('dup.yaml', 'lab: home\nlab: again\n');
		expect(() => readConfigFile(duplicate)).toThrow(`${duplicate}:2:1: parse YAML: Map keys must be unique`);
	});

	it('names the file, line and column of a JSON syntax error (a comment, a trailing comma)', () => {
		const comment = write('comment.json', '{\n  "lab": "home",\n  // no comments in JSON\n  "sources": []\n}\n');
		expect(() => readConfigFile(comment)).toThrow(`${comment}:3:3: parse JSON: Expected double-quoted property name`);
		const trailing = write('trailing.json', '{"lab": "home",\n "sources": [],\n}');
		expect(() => readConfigFile(trailing)).toThrow(`${trailing}:3:1: parse JSON:`);
		const truncated = write('truncated.json', '{"lab": "home",\n "sources": [');
		expect(() => readConfigFile(truncated)).toThrow(`${truncated}:2:14: parse JSON: Unexpected end of JSON input`);
	});

	it('refuses a top level that is not a mapping, and an unknown extension', () => {
		const list = write('list.yaml', '- a\n- b\n');
		expect(() => readConfigFile(list)).toThrow(`${list}: read config: the top level must be a mapping`);
		const toml = write('config.toml', 'lab = "home"\n');
		expect(() => readConfigFile(toml)).toThrow('unknown extension ".toml": use .yaml, .yml or .json');
	});

	it('prefers config.yaml over config.json in the config directory', () => {
		const labdeck = path.join(dir, 'labdeck');
		expect(defaultConfigPath({XDG_CONFIG_HOME: dir})).toBe(path.join(labdeck, 'config.yaml'));
		rmSync(labdeck, {recursive: true, force: true});
		mkdirSync(labdeck);
		writeFileSync(path.join(labdeck, 'config.json'), '{}');
		expect(configFileIn(labdeck)).toBe(path.join(labdeck, 'config.json'));
		writeFileSync(path.join(labdeck, 'config.yaml'), 'lab: x\n');
		expect(defaultConfigPath({XDG_CONFIG_HOME: dir})).toBe(path.join(labdeck, 'config.yaml'));
	});

	it('computes 1-based line and column from an offset', () => {
		expect(lineColumn('ab\ncd', 0)).toEqual({line: 1, column: 1});
		expect(lineColumn('ab\ncd', 4)).toEqual({line: 2, column: 2});
	});
});

describe('labdeck config path', () => {
	it('says which file is read when both config.yaml and config.json exist', async () => {
		const {runCli} = await import('./support/cli.js');
		const labdeck = path.join(dir, 'labdeck');
		mkdirSync(labdeck);
		writeFileSync(path.join(labdeck, 'config.json'), '{}');
		const env = {XDG_CONFIG_HOME: dir, LABDECK_CONFIG: ''};
		expect((await runCli(['config', 'path'], {env})).stdout).toBe(`${path.join(labdeck, 'config.json')}\n`);
		writeFileSync(path.join(labdeck, 'config.yaml'), 'lab: x\n');
		const both = await runCli(['config', 'path'], {env});
		expect(both.stdout).toBe(`${path.join(labdeck, 'config.yaml')}\n`);
		expect(both.stderr).toBe(`labdeck: ${path.join(labdeck, 'config.json')} is ignored: config.yaml is preferred when both exist\n`);
	});
});

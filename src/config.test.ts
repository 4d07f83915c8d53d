import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {catalogOf, loadConfig, resolveConfig} from './config.js';
import type {PluginDefinition} from './plugin-api.js';

const fakePlugin: PluginDefinition = {
	type: 'fake',
	description: 'test plugin',
	schema: {type: 'object', properties: {host: {type: 'string'}, port: {type: 'integer', minimum: 1, maximum: 65_535}, tokenId: {type: 'string'}, token: {type: 'string'}}, required: ['host']},
	secretFields: ['token'],
	defaults: {interval: 7, timeout: 3},
	create: () => ({poll: async () => ({entities: []})}),
};

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-config-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

function write(config: unknown, mode = 0o600): string {
	const file = path.join(dir, 'config.json');
	writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
	chmodSync(file, mode);
	return file;
}

const load = (file: string, env: NodeJS.ProcessEnv = {}) => loadConfig({path: file, plugins: catalogOf([fakePlugin]), env, defaultPath: path.join(dir, 'none.json')});

describe('config', () => {
	it('applies the plugin defaults and keeps valid blocks', async () => {
		const config = await load(write({lab: 'home', sources: [{id: 'a', type: 'fake', host: '127.0.0.1'}]}));
		expect(config.lab).toBe('home');
		expect(config.sources[0]).toMatchObject({id: 'a', interval: 7, timeout: 3, disabledReason: undefined});
	});

	it('disables only the bad block, with a one-line message naming it', async () => {
		const config = await load(write({sources: [
			{id: 'good', type: 'fake', host: 'x'},
			{id: 'bad-port', type: 'fake', host: 'x', port: 'eighty'},
			{id: 'missing', type: 'fake'},
			{id: 'typo', type: 'fake', host: 'x', hots: 'y'},
			{id: 'what', type: 'nope'},
			{id: 'Bad_Id', type: 'fake', host: 'x'},
			{id: 'good', type: 'fake', host: 'y'},
		]}));
		const reasons = Object.fromEntries(config.sources.map((source, index) => [`${index}`, source.disabledReason]));
		expect(reasons).toEqual({
			0: undefined,
			1: 'source "bad-port" (fake): port must be integer',
			2: 'source "missing" (fake): missing field "host"',
			3: 'source "typo" (fake): unknown field "hots"',
			4: 'source "what" (nope): unknown type "nope" (known: fake)',
			5: 'source "Bad_Id" (fake): id must match pattern "^[a-z0-9][a-z0-9-]*$"',
			6: 'source "good" (fake): duplicate id',
		});
	});

	it('resolves secrets from an environment variable and from a command, never keeping the indirection', async () => {
		const config = await load(write({sources: [
			{id: 'env', type: 'fake', host: 'x', tokenEnv: 'PVE_TOKEN'},
			{id: 'cmd', type: 'fake', host: 'x', tokenCommand: 'printf "s3cret\\n"'},
		]}), {PVE_TOKEN: 'from-env'});
		expect(config.sources[0]?.config).toMatchObject({token: 'from-env'});
		expect(config.sources[0]?.config).not.toHaveProperty('tokenEnv');
		// A command runs when the source first polls (src/secrets.test.ts), not at load.
		expect(config.sources[1]?.secretCommands).toEqual({token: 'printf "s3cret\\n"'});
		expect(config.sources[1]?.config).not.toHaveProperty('tokenCommand');
	});

	it('disables a block whose secret cannot be had, without printing the secret', async () => {
		const config = await load(write({sources: [
			{id: 'env', type: 'fake', host: 'x', tokenEnv: 'NOT_SET'},
			{id: 'cmd', type: 'fake', host: 'x', tokenCommand: 'printf "%s-%s" leaked value; exit 3'},
		]}));
		expect(config.sources[0]?.disabledReason).toBe('source "env" (fake): tokenEnv: environment variable NOT_SET is not set');
		expect(config.sources[1]?.disabledReason).toBeUndefined(); // its command fails at poll time: src/secrets.test.ts
	});

	it('warns when a file holding a literal secret is readable by others', async () => {
		const config = await load(write({sources: [{id: 'a', type: 'fake', host: 'x', token: 'literal'}]}, 0o644));
		expect(config.warnings.some(warning => warning.includes('readable by group or others'))).toBe(true);
		const quiet = await load(write({sources: [{id: 'a', type: 'fake', host: 'x', token: 'literal'}]}, 0o600));
		expect(quiet.warnings).toEqual([]);
	});

	it('reports invalid JSON and a missing explicit file as one clear error', async () => {
		await expect(load(write('{"lab": '))).rejects.toThrow(/config\.json: read config: .*JSON/);
		await expect(load(path.join(dir, 'absent.json'))).rejects.toThrow('absent.json: read config: no such file');
	});

	it('watches the local machine when there is no config file', async () => {
		const config = await loadConfig({plugins: catalogOf([{...fakePlugin, type: 'local', schema: {type: 'object', properties: {}}}]), env: {}, defaultPath: path.join(dir, 'none.json')});
		expect(config.path).toBeNull();
		expect(config.sources.map(source => source.id)).toEqual(['local']);
	});

	it('merges devices by id and warns about unknown racks', async () => {
		const config = await resolveConfig({racks: [{id: 'main', height: 24}], devices: [
			{id: 'pve1', rack: 'main', u: 10, power: ['outlet:pdu/1']},
			{id: 'pve1', entities: ['host:pve/pve1'], power: ['outlet:pdu/2']},
			{id: 'nas', rack: 'garage'},
		]}, null, [fakePlugin], {});
		expect(config.topology.devices[0]).toMatchObject({id: 'pve1', rack: 'main', u: 10, power: ['outlet:pdu/1', 'outlet:pdu/2'], entities: ['host:pve/pve1']});
		expect(config.warnings).toContain('config: device "nas" names unknown rack "garage"');
	});
});

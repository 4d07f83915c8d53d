import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {catalogOf, loadConfig, resolveConfig} from './config.js';
import {Type} from '@sinclair/typebox';
import {definePlugin, type PluginDefinition} from './plugin-api.js';

const fakePlugin: PluginDefinition = definePlugin({
	type: 'fake',
	description: 'test plugin',
	schema: Type.Object({host: Type.String(), port: Type.Optional(Type.Integer({minimum: 1, maximum: 65_535})), tokenId: Type.Optional(Type.String()), token: Type.Optional(Type.String())}),
	secretFields: ['token'],
	sourceRefs: [],
	defaults: {interval: 7, timeout: 3},
	check: config => (config.tokenId && !config.token ? '"tokenId" needs a "token"' : undefined),
	create: () => ({poll: async () => ({entities: []})}),
});

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
			{id: 'half', type: 'fake', host: 'x', tokenId: 'a@b!c'},
		]}));
		const reasons = Object.fromEntries(config.sources.map((source, index) => [`${index}`, source.disabledReason]));
		expect(reasons).toEqual({
			0: undefined,
			1: 'source "bad-port" (fake): port must be integer',
			2: 'source "missing" (fake): missing field "host"',
			3: 'source "typo" (fake): unknown field "hots"',
			4: 'source "what" (nope): unknown type "nope" (known: fake)',
			5: 'source "Bad_Id" (fake): id: invalid value "Bad_Id" (expected a unique kebab-case id: lower-case letters, digits, dashes)',
			6: 'source "good" (fake): sources[6] repeats the id of sources[0]',
			7: 'source "half" (fake): "tokenId" needs a "token"',
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
		await expect(load(write('{"lab": '))).rejects.toThrow(/config\.json:1:9: parse JSON: Unexpected end of JSON input/);
		await expect(load(path.join(dir, 'absent.json'))).rejects.toThrow('absent.json: read config: no such file');
	});

	it('watches the local machine when there is no config file', async () => {
		const config = await loadConfig({plugins: catalogOf([{...fakePlugin, type: 'local', schema: Type.Object({})}]), env: {}, defaultPath: path.join(dir, 'none.json')});
		expect(config.path).toBeNull();
		expect(config.sources.map(source => source.id)).toEqual(['local']);
	});

	it('reports a device or rack id given twice as an error naming both places, never merging them; warns about unknown racks', async () => {
		const config = await resolveConfig({racks: [{id: 'main', height: 24}, {id: 'main'}], devices: [
			{id: 'pve1', rack: 'main', u: 10, power: ['outlet:pdu/1']},
			{id: 'nas', rack: 'garage'},
			{id: 'pve1', entities: ['host:pve/pve1'], power: ['outlet:pdu/2']},
		]}, null, [fakePlugin], {});
		expect(config.topology.devices.find(device => device.id === 'pve1')).toEqual({id: 'pve1', name: 'pve1', rack: 'main', u: 10, power: ['outlet:pdu/1'], entities: []});
		expect(config.topology.racks).toHaveLength(1);
		expect(config.errors).toEqual([
			'config: racks[1] repeats the id "main" of racks[0] (ignored: give each rack its own id)',
			'config: devices[2] repeats the id "pve1" of devices[0] (ignored: one entry per device, listing all its power feeds and entities)',
		]);
		expect(config.warnings).toContain('config: device "nas" names unknown rack "garage"');
	});

	it('refuses an interval or timeout above one day (Node timers overflow into 1 ms), and bounds caps and expiry', async () => {
		const config = await load(write({sources: [
			{id: 'slow', type: 'fake', host: 'h', interval: 2_147_484},
			{id: 'long', type: 'fake', host: 'h', timeout: 86_401},
			{id: 'day', type: 'fake', host: 'h', interval: 86_400, timeout: 86_400},
			{id: 'caps', type: 'fake', host: 'h', caps: {rows: 0}},
			{id: 'capx', type: 'fake', host: 'h', caps: {lines: 5}},
			{id: 'ok', type: 'fake', host: 'h', interval: 30, caps: {rows: 500, replyBytes: 1_000_000}, expireAfter: 120},
		]}));
		const byId = Object.fromEntries(config.sources.map(source => [source.id, source]));
		expect(byId.slow?.disabledReason).toBe('source "slow" (fake): interval must be at most 86400 seconds (one day)');
		expect(byId.long?.disabledReason).toBe('source "long" (fake): timeout must be at most 86400 seconds (one day)');
		expect(byId.slow?.interval).toBe(7);
		expect(byId.day).toMatchObject({disabledReason: undefined, interval: 86_400, expireAfter: 864_000});
		expect(byId.caps?.disabledReason).toBe('source "caps" (fake): caps.rows must be >= 1');
		expect(byId.capx?.disabledReason).toBe('source "capx" (fake): caps: unknown field "lines"');
		expect(byId.ok).toMatchObject({disabledReason: undefined, expireAfter: 120, caps: {rows: 500, replyBytes: 1_000_000, stringLength: 4096}});
		expect(byId.ok?.config).toMatchObject({caps: {rows: 500, replyBytes: 1_000_000, stringLength: 4096}, expireAfter: 120});
		// Default expiry: ten intervals, at least ten minutes.
		expect(config.sources.find(source => source.id === 'caps')?.expireAfter).toBe(600);
	});
});

// The README is part of the product: every command, key command, plugin, config field, exit code
// and environment variable a user can meet is documented there.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {plugins} from '../plugins/registry.js';
import {queryCommands} from '../app/cli/query.js';
import {genericKinds} from '../src/kinds/index.js';
import {resolveConfig} from '../src/config.js';
import {exitCodes} from '../app/cli/io.js';
import {commandAliases, commandIds} from '../src/keys.js';
import {repoRoot} from './support/cli.js';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

describe('README', () => {
	it('documents every CLI command', () => {
		for (const name of [...Object.keys(queryCommands), 'act', 'doctor', 'config path', 'config check', 'config schema', 'demo', 'completion', 'serve', 'events', 'init']) expect(readme).toContain(`labdeck ${name}`);
	});

	it('documents every key command and every command-line alias', () => {
		const missing = commandIds.filter(id => !readme.includes(`\`${id}\``) && !readme.includes(`\`.${id.split('.').at(-1)}\``));
		expect(missing).toEqual([]);
		expect(Object.keys(commandAliases).filter(alias => !readme.includes(`:${alias}`))).toEqual([]);
		expect(genericKinds.filter(module => !readme.includes(`:${module.command}`)).map(module => module.command)).toEqual([]);
	});

	it('documents every plugin with its fields', async () => {
		for (const plugin of await plugins.load()) {
			expect(readme, plugin.type).toContain(`**\`${plugin.type}\`**`);
			const section = readme.slice(readme.indexOf(`**\`${plugin.type}\`**`)).split('\n\n**')[0]!;
			const fields = Object.keys(plugin.schema.properties).filter(field => !['id', 'type', 'name', 'interval', 'timeout', 'enabled'].includes(field) && !/(Env|Command)$/.test(field));
			// Fields spelled the same across plugins are documented once, under Common fields.
			const snmpCommon = ['host', 'port', 'fingerprint', 'insecure', 'version', 'community', 'writeCommunity', 'user', 'authProtocol', 'auth', 'privProtocol', 'priv', 'context'];
			expect(fields.filter(field => !section.includes(`\`${field}\``) && !snmpCommon.includes(field)), plugin.type).toEqual([]);
		}
	});

	it('has config examples that labdeck accepts as they are', async () => {
		const all = await plugins.load();
		const blocks = [...readme.matchAll(/```json\n(.*?)```/gs)].map(match => match[1]!).filter(block => !block.includes('…'));
		const examples = blocks.map(block => JSON.parse(block) as Record<string, unknown>).filter(example => 'sources' in example || 'type' in example);
		expect(examples.length).toBeGreaterThanOrEqual(8);
		// Secret commands (`pass show …`) are the reader's; here they print a stand-in.
		const standIn = (value: unknown): unknown => (Array.isArray(value) ? value.map(standIn) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key.endsWith('Command') ? 'echo stand-in' : standIn(inner)])) : value);
		for (const example of examples.map(standIn) as Record<string, unknown>[]) {
			const raw = 'sources' in example ? example : {sources: [example]};
			const config = await resolveConfig(raw, null, all, {PVE_TOKEN: 'x', PDU_WRITE: 'x', PDU_WRITE_COMMUNITY: 'x'});
			expect(config.sources.map(source => source.disabledReason ?? 'ok'), JSON.stringify(example)).toEqual(config.sources.map(() => 'ok'));
		}
	});

	it('lists every exit code and environment variable', () => {
		for (const code of Object.values(exitCodes)) expect(readme).toMatch(new RegExp(`\\| ${code} \\|`));
		for (const name of ['LABDECK_CONFIG', 'LABDECK_STATE_DIR', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'NO_COLOR', 'LABDECK_SOCKET', 'XDG_RUNTIME_DIR', 'LABDECK_SERVE_TOKEN', 'LABDECK_SERVE_MAX_BUFFER', 'LABDECK_ATTACH', 'LABDECK_ATTACH_TOKEN', 'LABDECK_ATTACH_FINGERPRINT', '--attach-fingerprint']) expect(readme).toContain(name);
	});
});

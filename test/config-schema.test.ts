// `labdeck config schema`: the JSON Schema of the whole config file. The demo lab's config and
// every README example validate against it; wrong blocks do not.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {Ajv} from 'ajv';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemo, type DemoLab} from '../app/demo/demo.js';
import {plugins} from '../plugins/registry.js';
import {main} from '../app/cli/main.js';
import {configFileSchema} from '../src/config-schema.js';
import {repoRoot} from './support/cli.js';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
let validate: ReturnType<Ajv['compile']>;
let demo: DemoLab;

beforeAll(async () => {
	const ajv = new Ajv({allErrors: true, strict: false});
	const schema = configFileSchema(await plugins.load());
	expect(ajv.validateSchema(schema), ajv.errorsText()).toBe(true);
	validate = ajv.compile(schema);
	demo = await startDemo(undefined);
}, 30_000);
afterAll(async () => demo?.stop());

const errorsOf = (config: unknown) => (validate(config) ? '' : new Ajv().errorsText(validate.errors));

describe('config schema', () => {
	it('is what `labdeck config schema` prints, one block per plugin type', async () => {
		let out = '';
		const code = await main(['config', 'schema'], {out: text => (out += text), err: () => {}, env: {}, isTty: false});
		expect(code).toBe(0);
		const printed = JSON.parse(out) as {properties: {sources: {items: {oneOf: {properties: {type: {const: string}}}[]}}}};
		expect(printed.properties.sources.items.oneOf.map(block => block.properties.type.const).sort()).toEqual([...plugins.types].sort());
	});

	it('accepts the demo lab config', () => {
		expect(errorsOf(demo.config)).toBe('');
	});

	it('accepts every README config example', () => {
		const blocks = [...readme.matchAll(/```json\n(.*?)```/gs)].map(match => match[1]!).filter(block => !block.includes('…'));
		const examples = blocks.map(block => JSON.parse(block) as Record<string, unknown>).filter(example => 'sources' in example || 'type' in example);
		expect(examples.length).toBeGreaterThanOrEqual(8);
		for (const example of examples) expect(errorsOf('sources' in example ? example : {sources: [example]}), JSON.stringify(example)).toBe('');
	});

	it('refuses an unknown type, a field of another plugin, a bad MAC and an unknown top-level field', () => {
		expect(errorsOf({sources: [{id: 'x', type: 'nope'}]})).not.toBe('');
		expect(errorsOf({sources: [{id: 'x', type: 'ups', host: 'u', via: 'gpu-box'}]})).not.toBe('');
		expect(errorsOf({sources: [{id: 'w', type: 'wol', hosts: [{name: 'n', mac: 'aa:bb'}]}]})).not.toBe('');
		expect(errorsOf({sources: [], rack: []})).not.toBe('');
		expect(errorsOf({sources: [{id: 'p', type: 'proxmox', host: 'pve', tokenId: 'a@pve!b', tokenEnv: 'T'}]})).toBe('');
	});
});

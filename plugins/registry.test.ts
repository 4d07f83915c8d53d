// Every registered plugin: loads, is named after its folder, and has a config schema that is
// valid JSON Schema (the config loader compiles them without re-checking, for start-up speed).
import {existsSync} from 'node:fs';
import {Kind} from '@sinclair/typebox';
import {Ajv} from 'ajv';
import {describe, expect, it} from 'vitest';
import {entityKinds} from '../src/entities.js';
import {plugins} from './registry.js';

describe('plugin registry', async () => {
	const loaded = await plugins.load();
	it('loads every plugin type it lists, each from the folder of its name', () => {
		expect(loaded.map(plugin => plugin.type).sort()).toEqual([...plugins.types].sort());
		for (const plugin of loaded) expect(existsSync(new URL(`./${plugin.type}/index.ts`, import.meta.url))).toBe(true);
	});

	it.each(loaded.map(plugin => [plugin.type, plugin] as const))('%s: a valid JSON Schema, defaults, a one-line description', (_type, plugin) => {
		const ajv = new Ajv({strict: false});
		expect(ajv.validateSchema(plugin.schema), ajv.errorsText()).toBe(true);
		expect(plugin.defaults.interval).toBeGreaterThan(0);
		expect(plugin.defaults.timeout).toBeGreaterThan(0);
		expect(plugin.description).not.toContain('\n');
	});

	it.each(loaded.map(plugin => [plugin.type, plugin] as const))('%s: on the current contract: a TypeBox object schema, no demo member (the demo lab is app/demo/)', (_type, plugin) => {
		expect(plugin.schema[Kind]).toBe('Object');
		expect(Object.keys(plugin)).not.toContain('demo');
	});

	it('says which kinds each plugin reports, every one a known entity kind (what each polls is checked against these in app/demo/sims/adapters.test.ts)', () => {
		expect(Object.keys(plugins.kinds).sort()).toEqual([...plugins.types].sort());
		for (const type of plugins.types) {
			expect(plugins.kinds[type]!.length, type).toBeGreaterThan(0);
			for (const kind of plugins.kinds[type]!) expect(entityKinds, `${type}: ${kind}`).toContain(kind);
		}
	});

	it('loads only what is asked for, and skips unknown types', async () => {
		expect((await plugins.load(['local', 'nope'])).map(plugin => plugin.type)).toEqual(['local']);
	});
});

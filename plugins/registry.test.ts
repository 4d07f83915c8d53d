// Every registered plugin: loads, is named after its folder, and has a config schema that is
// valid JSON Schema (the config loader compiles them without re-checking, for start-up speed).
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Ajv} from 'ajv';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../src/config.js';
import {startDemo} from '../src/demo.js';
import {openLab} from '../src/lab.js';
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

	it('says which kinds each plugin reports: every plugin, polled once against its demo simulators', async () => {
		expect(Object.keys(plugins.kinds).sort()).toEqual([...plugins.types].sort());
		const demo = await startDemo(loaded, undefined);
		const state = mkdtempSync(path.join(tmpdir(), 'labdeck-registry-'));
		try {
			expect(demo.warnings).toEqual([]);
			const config = await loadConfig({path: demo.configPath, plugins, env: {}, defaultPath: demo.configPath});
			const lab = openLab({config, isReadonly: true, stateDir: state, shouldRestore: false, shouldPersist: false});
			try {
				await lab.poller.pollOnce();
				const snapshot = lab.store.getSnapshot();
				const reported = new Map<string, Set<string>>();
				for (const entity of snapshot.entities.values()) {
					const type = snapshot.sources[entity.source]!.type;
					reported.set(type, (reported.get(type) ?? new Set()).add(entity.kind));
				}
				// Every plugin reports entities in the demo, and only of the kinds it declares.
				expect([...reported.keys()].sort()).toEqual(loaded.filter(plugin => (plugins.kinds[plugin.type] ?? []).length > 0).map(plugin => plugin.type).sort());
				for (const [type, kinds] of reported) expect([...kinds].filter(kind => !(plugins.kinds[type] ?? []).includes(kind as never)), type).toEqual([]);
			} finally {
				await lab.close();
			}
		} finally {
			await demo.stop();
			rmSync(state, {recursive: true, force: true});
		}
	}, 60_000);

	it('loads only what is asked for, and skips unknown types', async () => {
		expect((await plugins.load(['local', 'nope'])).map(plugin => plugin.type)).toEqual(['local']);
	});
});

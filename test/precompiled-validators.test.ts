// The bundle's source-block validators are compiled at build time (scripts/bundle/validators.mjs):
// for every registered plugin they must accept, reject and describe blocks exactly as the
// run-time ajv compile does (the config's one-line messages are built from these errors).
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {Ajv, type ErrorObject} from 'ajv';
import {afterAll, describe, expect, it} from 'vitest';
import {plugins} from '../plugins/registry.js';
import {sourceBlockSchema} from '../src/config.js';
import {ajvOptions} from '../src/config-validate.js';
// @ts-expect-error: a build script in plain JavaScript
import {validatorModule} from '../scripts/bundle/validators.mjs';

type Schema = {type?: string | string[]; pattern?: string; const?: unknown; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[]};

const stringSamples = ['demo-1', 'mqtt://127.0.0.1:1883', '3c:7c:3f:1e:a2:09', '127.0.0.1', 'ab'.repeat(32)];

/** A value of the schema's shape (valid or not: only agreement between the two validators is checked). */
function sampleOf(schema: Schema): unknown {
	if (schema.const !== undefined) return schema.const;
	if (schema.enum) return schema.enum[0];
	if (schema.anyOf?.[0]) return sampleOf(schema.anyOf[0]);
	const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
	if (type === 'string') return stringSamples.find(sample => !schema.pattern || new RegExp(schema.pattern, 'u').test(sample)) ?? 'demo-1';
	if (type === 'integer') return 2;
	if (type === 'number') return 2.5;
	if (type === 'boolean') return true;
	if (type === 'array') return schema.items ? [sampleOf(schema.items)] : [];
	if (type === 'object') return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sampleOf(value)]));
	return null;
}

const wrongValues: unknown[] = [null, true, -1, 0, 1.5, 70_000, 100_000_000, '', 'x', 'Upper Case', 'a'.repeat(300), [], [1], ['a', 2], {}, {bogus: 1}];

/** Blocks around the schema: minimal, complete, each field wrong every way, each required field missing, an unknown field. */
function blocksFor(schema: Schema): unknown[] {
	const properties = schema.properties ?? {};
	const minimal = Object.fromEntries((schema.required ?? []).map(key => [key, sampleOf(properties[key] ?? {})]));
	const complete = sampleOf(schema) as Record<string, unknown>;
	const blocks: unknown[] = [minimal, complete, {...complete, extra: 1}, null, [], 'text', {}];
	for (const key of Object.keys(properties)) {
		for (const value of wrongValues) blocks.push({...minimal, [key]: value});
		const inner = properties[key];
		if (inner?.type === 'array' && inner.items) for (const value of wrongValues) blocks.push({...minimal, [key]: [value]});
		if (inner?.type === 'array' && inner.items?.properties) for (const field of Object.keys(inner.items.properties)) for (const value of wrongValues.slice(0, 6)) blocks.push({...minimal, [key]: [{...(sampleOf(inner.items) as object), [field]: value}]});
	}
	for (const key of schema.required ?? []) {
		const {[key]: _dropped, ...rest} = minimal;
		blocks.push(rest);
	}
	return blocks;
}

const plain = (errors: readonly ErrorObject[] | null | undefined) => JSON.parse(JSON.stringify(errors ?? null)) as unknown;

describe('build-time source-block validators', async () => {
	const dir = path.resolve('.tmp', `validators-test-${process.pid}`);
	mkdirSync(dir, {recursive: true});
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const loaded = await plugins.load();

	it.each(loaded.map(plugin => [plugin.type, plugin] as const))('%s: same verdicts and errors as ajv at run time', async (type, plugin) => {
		const schema = sourceBlockSchema(plugin);
		const file = path.join(dir, `${type}.mjs`);
		writeFileSync(file, validatorModule(schema, ajvOptions) as string);
		const {validator} = (await import(pathToFileURL(file).href)) as {validator: {schema: string; validate: ((data: unknown) => boolean) & {errors?: ErrorObject[] | null}}};
		expect(validator.schema).toBe(JSON.stringify(schema));
		const runtime = new Ajv(ajvOptions).compile(schema);
		const blocks = blocksFor(schema as Schema);
		let rejected = 0;
		for (const block of blocks) {
			const verdict = runtime(block);
			expect(validator.validate(block), JSON.stringify(block)).toBe(verdict);
			expect(plain(validator.validate.errors), JSON.stringify(block)).toEqual(plain(runtime.errors));
			if (!verdict) rejected++;
		}
		// The blocks reach both sides of the schema.
		expect(rejected).toBeGreaterThan(blocks.length / 2);
		expect(rejected).toBeLessThan(blocks.length);
	});
});

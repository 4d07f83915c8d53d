// The production bundle's source-block validators, compiled at build time: ajv's standalone code
// for every registered plugin type, one lazily imported module per type, behind the module that
// replaces src/config-precompiled.ts (src/config-validate.ts says why). ajv's runtime helpers
// are imported, so the bundle carries them and not ajv.
import {Ajv} from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

/** One type's module text: `export const validator = {schema, validate}`, `schema` the JSON text compiled (checked at run time). */
export function validatorModule(schema, ajvOptions) {
	const ajv = new Ajv({...ajvOptions, code: {...ajvOptions.code, source: true, esm: true}});
	let code = (standaloneCode.default ?? standaloneCode)(ajv, ajv.compile(schema));
	// ajv writes require() for its runtime helpers even in ESM mode: make them imports the bundler follows.
	const imports = [];
	// Their CommonJS modules set __esModule, so a default import is their `.default`.
	code = code.replace(/require\("(ajv\/dist\/runtime\/[\w-]+)"\)(\.default)?/g, (_, specifier, isDefault) => {
		const name = `__ajvRuntime${imports.length}`;
		imports.push(`import ${isDefault ? name : `* as ${name}`} from ${JSON.stringify(`${specifier}.js`)};`);
		return name;
	});
	if (/\brequire\(/.test(code)) throw new Error('validators: ajv standalone code still calls require()');
	code = code.replace(/^"use strict";export const validate = validate\w*;export default validate\w*;/, '');
	const name = /function (validate\w*)\(/.exec(code)?.[1];
	if (!name || /\bexport\b|module\.exports/.test(code)) throw new Error('validators: unexpected shape of ajv standalone code');
	return `${imports.join('\n')}\n${code}\nexport const validator = {schema: ${JSON.stringify(JSON.stringify(schema))}, validate: ${name}};\n`;
}

/** esbuild plugin: src/config-precompiled.ts becomes `{<type>: () => import(<that type's validator>)}`. */
export function precompiledValidators(schemas, ajvOptions) {
	return {
		name: 'precompiled-validators',
		setup(build) {
			build.onLoad({filter: /[\\/]src[\\/]config-precompiled\.ts$/}, () => ({
				contents: `export const precompiled = {\n${Object.keys(schemas).map(type => `${JSON.stringify(type)}: async () => (await import(${JSON.stringify(`labdeck-validator:${type}`)})).validator`).join(',\n')}\n};\n`,
				loader: 'js',
			}));
			build.onResolve({filter: /^labdeck-validator:/}, args => ({path: args.path.slice('labdeck-validator:'.length), namespace: 'labdeck-validator'}));
			build.onLoad({filter: /.*/, namespace: 'labdeck-validator'}, args => ({contents: validatorModule(schemas[args.path], ajvOptions), loader: 'js', resolveDir: process.cwd()}));
		},
	};
}

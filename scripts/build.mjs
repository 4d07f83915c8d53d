// Builds the production bundle: dist/cli.js (the command line, no Ink) plus lazily loaded chunks
// (the console with Ink and React), so the --json commands start without loading Ink.
// ssh2 stays external: its native crypto addon halves SSH latency and is lost when bundled.
// net-snmp stays external: bundled, its MIB module store writes through an ESM namespace proxy and throws.
import {build} from 'esbuild';
import {aliases, inkPatches} from './bundle/aliases.mjs';
import {precompiledValidators} from './bundle/validators.mjs';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';

const shim = [
	"import {createRequire as __labdeckCreateRequire} from 'node:module';",
	"import {fileURLToPath as __labdeckFileURLToPath} from 'node:url';",
	"import {dirname as __labdeckDirname} from 'node:path';",
	'const require = __labdeckCreateRequire(import.meta.url);',
	'const __filename = __labdeckFileURLToPath(import.meta.url);',
	'const __dirname = __labdeckDirname(__filename);',
].join('\n');

// The version is fixed here (src/version.ts): never looked up from a package.json at run time.
const {version} = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync('dist', {recursive: true, force: true});
mkdirSync('dist/stubs', {recursive: true});
writeFileSync('dist/stubs/react-devtools-core.js', 'export default {connectToDevTools() {}, initialize() {}};\n');

const started = performance.now();
// Source-block validators compiled now (ajv standalone), not at every start: the plugins' schemas
// come from a throw-away bundle of the registry, and the code replaces src/config-precompiled.ts.
mkdirSync('.tmp', {recursive: true});
await build({entryPoints: ['scripts/bundle/block-schemas.ts'], outfile: '.tmp/block-schemas.mjs', bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning'});
const {blockSchemas, ajvOptions} = await import(new URL('../.tmp/block-schemas.mjs', import.meta.url).href);
const validators = precompiledValidators(await blockSchemas(), ajvOptions);
const result = await build({
	entryPoints: {cli: 'app/cli/main.ts', console: 'app/cli/fast-console.ts', query: 'app/cli/fast-query.ts'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	sourcemap: 'linked',
	metafile: true,
	legalComments: 'none',
	chunkNames: 'chunks/[name]-[hash]',
	external: ['ssh2', 'cpu-features', 'net-snmp'],
	alias: aliases,
	plugins: [inkPatches, validators],
	define: {'process.env.NODE_ENV': '"production"', 'process.env.DEV': '"false"', LABDECK_VERSION: JSON.stringify(version)},
	banner: {js: shim},
	logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
// The chunk map, for test/sim-chunks.test.ts (which chunks a production poll loads).
writeFileSync('.tmp/build-meta.json', JSON.stringify(result.metafile));
process.stderr.write(`build: dist/ ${(bytes / 1024).toFixed(0)} KiB in ${Math.round(performance.now() - started)} ms\n`);

// A bench's child process, bundled like the product (esbuild with the product's aliases and Ink
// patches, React's production build, a `require` shim for CommonJS dependencies) into .tmp/, so
// that the figures it measures are the shipped code's, in a process of its own.
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {build} from 'esbuild';
// @ts-expect-error -- the build's own plain JavaScript module
import {aliases, inkPatches} from '../scripts/bundle/aliases.mjs';

const root = path.resolve(import.meta.dirname, '..');

/** Bundles `bench/<name>.tsx` to `.tmp/<name>.mjs` and returns that path; `external` stay imports. */
export async function bundleBenchChild(name: string, external: readonly string[] = []): Promise<string> {
	const out = path.join(root, '.tmp', `${name}.mjs`);
	mkdirSync(path.dirname(out), {recursive: true});
	await build({
		entryPoints: [path.join(root, 'bench', `${name}.tsx`)],
		outfile: out,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		jsx: 'automatic',
		alias: aliases,
		plugins: [inkPatches],
		external: [...external],
		define: {'process.env.NODE_ENV': '"production"'},
		banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
		logLevel: 'error',
		// A linked map for profiles (node --cpu-prof); Node reads it only with --enable-source-maps.
		sourcemap: 'linked',
	});
	return out;
}

// What the bundle replaces, shared by the build and the render bench (which must measure what
// ships). Each replacement says why in its own header.
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const aliases = {
	'react-devtools-core': path.join(root, 'dist', 'stubs', 'react-devtools-core.js'),
	// Ink's string-width 8 builds its Unicode-property regexes when it loads (≈ 25 ms of the first
	// frame); this one measures the same way and builds them when first needed.
	'string-width': path.join(root, 'scripts', 'bundle', 'string-width.js'),
};

/** esbuild plugin: Ink's own measure-text.js, imported relatively inside Ink, swapped for ours. */
export const inkPatches = {
	name: 'ink-patches',
	setup(build) {
		build.onResolve({filter: /^\.\/measure-text\.js$/}, args => (args.importer.includes(`${path.sep}ink${path.sep}build${path.sep}`) ? {path: path.join(root, 'scripts', 'bundle', 'ink-measure-text.js')} : undefined));
	},
};

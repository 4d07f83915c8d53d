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

/**
 * Ink's own modules, imported relatively inside Ink, swapped for ours: measure-text and wrap-text
 * bound a cache Ink lets grow; output reuses unchanged rows across frames; log-update writes a
 * frame as the lines that changed.
 */
const inkReplacements = {'./measure-text.js': 'ink-measure-text.js', './wrap-text.js': 'ink-wrap-text.js', './output.js': 'ink-output.js', './log-update.js': 'ink-log-update.js'};

/** esbuild plugin: Ink's measure-text.js, wrap-text.js, output.js and log-update.js swapped for ours. */
export const inkPatches = {
	name: 'ink-patches',
	setup(build) {
		build.onResolve({filter: /^\.\/((measure|wrap)-text|output|log-update)\.js$/}, args => (args.importer.includes(`${path.sep}ink${path.sep}build${path.sep}`) ? {path: path.join(root, 'scripts', 'bundle', inkReplacements[args.path])} : undefined));
	},
};

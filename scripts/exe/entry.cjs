// The single executable's entry (Node SEA main script, CommonJS). The executable carries, as SEA
// assets, a gzipped archive of a lean labdeck install: bin/, the ESM bundle dist/, fixtures/
// (the demo lab), schema/ and the two libraries loaded from node_modules at run time (ssh2,
// net-snmp). At first run it unpacks them into a versioned cache folder, then runs bin/labdeck.js
// from there like an npm install would. Why not run the bundle from memory: a SEA entry must be
// CommonJS and the bundle is ESM with top-level await (Ink's yoga), and the two libraries must be
// real files for require(). Node's module compile cache (in the same folder) makes later starts
// skip compiling the bundle.
'use strict';
const sea = require('node:sea');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const nodeModule = require('node:module');

/** @type {{version: string, hash: string, files: {path: string, mode: number, offset: number, size: number}[]}} */
const index = JSON.parse(sea.getAsset('index.json', 'utf8'));

function fail(message) {
	process.stderr.write(`labdeck: ${message}\n`);
	process.exit(1);
}

/** The cache base: $LABDECK_CACHE_DIR, else $XDG_CACHE_HOME/labdeck, else ~/.cache/labdeck; owned by us, 0700. */
function cacheBase() {
	const env = process.env;
	const base = env.LABDECK_CACHE_DIR ? path.resolve(env.LABDECK_CACHE_DIR) : path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'labdeck');
	fs.mkdirSync(base, {recursive: true, mode: 0o700});
	const stat = fs.statSync(base);
	// Someone else's folder could hold code we would run: refuse it.
	if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) fail(`${base} belongs to another user: set LABDECK_CACHE_DIR to a folder of your own`);
	return base;
}

/** Unpacks the archive into <base>/<version>-<hash> once; a rename makes the folder appear complete or not at all. */
function unpack(base) {
	const dir = path.join(base, `${index.version}-${index.hash}`);
	if (fs.existsSync(path.join(dir, 'bin', 'labdeck.js'))) return dir;
	const staging = `${dir}.tmp-${process.pid}`;
	fs.rmSync(staging, {recursive: true, force: true});
	try {
		const archive = zlib.gunzipSync(Buffer.from(sea.getRawAsset('payload.gz')));
		for (const file of index.files) {
			const target = path.join(staging, file.path);
			fs.mkdirSync(path.dirname(target), {recursive: true});
			fs.writeFileSync(target, archive.subarray(file.offset, file.offset + file.size), {mode: file.mode});
		}
		fs.renameSync(staging, dir);
	} catch (error) {
		fs.rmSync(staging, {recursive: true, force: true});
		// Another labdeck started at the same time and won the rename: use its folder.
		if (fs.existsSync(path.join(dir, 'bin', 'labdeck.js'))) return dir;
		fail(`cannot unpack into ${dir}: ${error instanceof Error ? error.message : String(error)}`);
	}
	return dir;
}

let dir;
try {
	dir = unpack(cacheBase());
} catch (error) {
	fail(`cannot prepare the cache folder: ${error instanceof Error ? error.message : String(error)} (set LABDECK_CACHE_DIR)`);
}
if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache(path.join(dir, '.compile-cache'));
// The SEA's own require() only loads built-in modules: a real one, rooted in the unpacked folder,
// loads the trampoline that import()s the ESM launcher.
nodeModule.createRequire(path.join(dir, 'launch.cjs'))('./launch.cjs').catch(error => {
	fail(error instanceof Error ? error.stack || error.message : String(error));
});

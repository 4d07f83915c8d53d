// labdeck's version, fixed at build time. The bundle (scripts/build.mjs) replaces LABDECK_VERSION
// with package.json's version through esbuild's `define`, so a global install, a local install
// inside another project and the single executable print their own version without looking for
// a package.json at run time (the bundled yargs would find the host project's). Run from source
// (tests, tsx), the project's own package.json, one folder above src/, is read once.
import {readFileSync} from 'node:fs';

declare const LABDECK_VERSION: string | undefined;

function sourceVersion(): string {
	try {
		const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version?: unknown};
		return typeof manifest.version === 'string' ? manifest.version : 'unknown';
	} catch {
		return 'unknown';
	}
}

export const labdeckVersion: string = typeof LABDECK_VERSION === 'string' ? LABDECK_VERSION : sourceVersion();

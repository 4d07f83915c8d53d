#!/usr/bin/env node
// labdeck's launcher: runs the production bundle (dist/cli.js, built by `npm run build`).
// Only this file calls process.exit.
import {existsSync} from 'node:fs';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(bundle)) {
	process.stderr.write('labdeck: dist/cli.js is missing: run "npm run build" first (npm install && npm run build)\n');
	process.exit(1);
}
const {main} = await import(bundle.href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Open handles (an SSH socket closing, a simulator) must not keep a one-shot command alive.
setTimeout(() => process.exit(code), 200).unref();

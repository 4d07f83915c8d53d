#!/usr/bin/env node
// labdeck's launcher: runs the production bundle built by `npm run build`. The plain console
// (`labdeck`, `--config`, `--readonly`) takes the lean entry (dist/console.js) that draws its
// first frame before loading yargs and the plugins; plain one-shot queries (`labdeck status
// --json`…) and `--version` take dist/query.js, which answers them without yargs; everything
// else, and anything those two decline, goes to dist/cli.js.
// Only this file calls process.exit.
import {existsSync} from 'node:fs';
import nodeModule from 'node:module';

// Node 22.1+: V8's compiled code for the bundle is cached (Node's default folder, node-compile-cache
// under the OS temp folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so later starts skip
// compiling it. Node 20 has no such API: nothing happens there.
nodeModule.enableCompileCache?.();

// A reader that went away (`labdeck … | head -1`) is a normal end, as for `yes | head`: stop
// quietly with status 0 instead of an unhandled EPIPE and a stack trace. Other stdout errors are
// one line on stderr and status 1.
process.stdout.on('error', error => {
	if (error.code === 'EPIPE') process.exit(0);
	process.stderr.write(`labdeck: cannot write to standard output: ${error.message}\n`);
	process.exit(1);
});
process.stderr.on('error', () => {});

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('cli.js', dist))) {
	process.stderr.write('labdeck: dist/ is missing: run "npm run build" first (npm install && npm run build)\n');
	process.exit(1);
}
const args = process.argv.slice(2);
let code;
const isConsoleOnly = args.every((arg, index) => arg === '--readonly' || arg === '--no-serve' || arg === '-c' || arg.startsWith('--config') || arg.startsWith('--attach') || ['-c', '--config', '--attach', '--attach-fingerprint'].includes(args[index - 1] ?? ''));
if (process.stdout.isTTY && isConsoleOnly) {
	const {fastMain} = await import(new URL('console.js', dist).href);
	code = await fastMain(args);
}
if (code === undefined && !isConsoleOnly) {
	const {fastQuery} = await import(new URL('query.js', dist).href);
	code = await fastQuery(args);
}
if (code === undefined) {
	const {main} = await import(new URL('cli.js', dist).href);
	code = await main(args);
}
process.exitCode = code;
// Open handles (an SSH socket closing, a simulator) must not keep a one-shot command alive.
setTimeout(() => process.exit(code), 200).unref();

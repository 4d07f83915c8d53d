// The one-shot queries' lean entry: `labdeck <query> [--json] [--fail-on S] [--config F]
// [--readonly] [--no-serve]` and `labdeck --version` are answered here without loading yargs (its
// module and the help text it lays out before running any command cost ≈ 40 ms of a 150 ms
// answer). Anything else, or anything unusual (an option given twice, `--json=false`, a value
// that looks like an option), returns undefined and bin/ hands the arguments to the full command
// line (main.ts), which parses, validates and reports usage errors as always.
import {readEarlyCounters} from '../../plugins/local/early-counters.js';
import {labdeckVersion} from '../../src/version.js';
import {processIo} from './io.js';

export type QueryArgs = {
	readonly name: string;
	readonly config?: string;
	readonly readonly: boolean;
	readonly serve: boolean;
	readonly asJson: boolean;
	readonly failOn?: string;
};

/** Commands that are not queries: straight to the full command line. */
const otherCommands = new Set(['act', 'doctor', 'events', 'config', 'init', 'demo', 'serve', 'completion', '__complete']);
const severityNames = new Set(['critical', 'warning', 'info']);

/** The arguments of a plain query, `'version'` for `--version` alone, else undefined. */
export function parseQueryArgs(args: readonly string[]): QueryArgs | 'version' | undefined {
	if (args.length === 1 && args[0] === '--version') return 'version';
	let name: string | undefined;
	let config: string | undefined;
	let failOn: string | undefined;
	let isReadonly = false;
	let serve = true;
	let asJson = false;
	const seen = new Set<string>();
	const once = (option: string) => {
		if (seen.has(option)) return false;
		seen.add(option);
		return true;
	};
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		const inline = /^(--config|--fail-on)=(.+)$/.exec(arg);
		const option = inline?.[1] ?? (arg === '-c' ? '--config' : arg);
		const takesValue = option === '--config' || option === '--fail-on';
		if (!arg.startsWith('-')) {
			if (name !== undefined || otherCommands.has(arg)) return undefined;
			name = arg;
		} else if (!once(option)) {
			return undefined;
		} else if (takesValue) {
			const value = inline ? inline[2]! : args[++index];
			if (value === undefined || value === '' || value.startsWith('-')) return undefined;
			if (option === '--config') config = value;
			else if (severityNames.has(value)) failOn = value;
			else return undefined;
		} else if (arg === '--json') asJson = true;
		else if (arg === '--readonly') isReadonly = true;
		else if (arg === '--no-serve') serve = false;
		else return undefined;
	}
	if (name === undefined) return undefined;
	return {name, ...(config === undefined ? {} : {config}), readonly: isReadonly, serve, asJson, ...(failOn === undefined ? {} : {failOn})};
}

/** Answers a plain query or `--version` and returns the exit code; undefined: not one of those. */
export async function fastQuery(args: readonly string[]): Promise<number | undefined> {
	const parsed = parseQueryArgs(args);
	if (parsed === undefined) return undefined;
	if (parsed === 'version') {
		processIo.out(`${labdeckVersion}\n`);
		return 0;
	}
	// The local source's first CPU window runs while the modules below load.
	readEarlyCounters();
	const [{queryCommands}, {runQueryCommand}, {reportError}, {plugins}, {globalActions}] = await Promise.all([
		import('./query.js'),
		import('./query-cmd.js'),
		import('./context.js'),
		import('../../plugins/registry.js'),
		import('../../src/plans/global-actions.js'),
	]);
	if (!Object.hasOwn(queryCommands, parsed.name)) return undefined;
	// Text tables fit the terminal; piped output gets 200 columns (as main.ts).
	const width = process.stdout.isTTY ? (process.stdout.columns ?? 80) : 200;
	try {
		return await runQueryCommand(parsed.name, {config: parsed.config, readonly: parsed.readonly, serve: parsed.serve}, {failOn: parsed.failOn as 'critical' | 'warning' | 'info' | undefined, asJson: parsed.asJson, width}, {plugins, globalActions}, processIo);
	} catch (error) {
		return reportError(error, processIo);
	}
}

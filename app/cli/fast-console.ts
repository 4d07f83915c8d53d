// The console's lean entry: `labdeck`, `labdeck --config PATH`, `labdeck --readonly` start here
// without loading yargs or any plugin before the first frame. Anything else returns undefined and
// bin/ hands the arguments to the full command line (app/cli/main.ts).
import {readEarlyCounters} from '../../plugins/local/early-counters.js';
import {processIo, type Composition} from './io.js';
import {runConsole} from './console.js';

export function parseConsoleArgs(args: readonly string[]): {config?: string; readonly: boolean; serve: boolean; attach?: string; attachFingerprint?: string} | undefined {
	let config: string | undefined;
	const attach: {attach?: string; attachFingerprint?: string} = {};
	let isReadonly = false;
	let serve = true;
	for (let index = 0; index < args.length; index++) {
		const arg = args[index]!;
		if (arg === '--readonly') isReadonly = true;
		else if (arg === '--no-serve') serve = false;
		else if ((arg === '--config' || arg === '-c') && args[index + 1] !== undefined && !args[index + 1]!.startsWith('-')) config = args[++index];
		else if (arg.startsWith('--config=')) config = arg.slice('--config='.length);
		else if ((arg === '--attach' || arg === '--attach-fingerprint') && args[index + 1] !== undefined && !args[index + 1]!.startsWith('-')) attach[arg === '--attach' ? 'attach' : 'attachFingerprint'] = args[++index];
		else if (arg.startsWith('--attach=')) attach.attach = arg.slice('--attach='.length);
		else if (arg.startsWith('--attach-fingerprint=')) attach.attachFingerprint = arg.slice('--attach-fingerprint='.length);
		else return undefined;
	}
	return {...(config === undefined ? {} : {config}), readonly: isReadonly, serve, ...attach};
}

const loadComposition = async (): Promise<Composition> => {
	const [{plugins}, {globalActions}] = await Promise.all([import('../../plugins/registry.js'), import('../../src/plans/global-actions.js')]);
	return {plugins, globalActions};
};

export async function fastMain(args: readonly string[]): Promise<number | undefined> {
	const options = parseConsoleArgs(args);
	if (!options || !process.stdout.isTTY) return undefined;
	// The local source's first CPU window runs while the console loads.
	readEarlyCounters();
	return runConsole(options, loadComposition, processIo);
}

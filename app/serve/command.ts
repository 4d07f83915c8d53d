// `labdeck serve` as the command line sees it: the flags, --print-systemd-unit, and running until
// SIGTERM/SIGINT (the only signals a service manager sends to stop it).
import {realpathSync} from 'node:fs';
import {exitCodes, type Composition, type ExitCode, type GlobalOptions, type Io} from '../cli/context.js';
import {runServe, systemdUnit} from './service.js';

export async function runServeCommand(options: GlobalOptions, composition: Composition, io: Io, argv: Record<string, unknown>): Promise<ExitCode> {
	if (argv.printSystemdUnit === true) {
		let binary = process.argv[1] ?? 'labdeck';
		try {
			binary = realpathSync(binary);
		} catch {}
		io.out(systemdUnit(binary.endsWith('.js') ? `${process.execPath} ${binary}` : binary));
		return exitCodes.ok;
	}
	let stop = () => {};
	const until = new Promise<void>(resolve => (stop = resolve));
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
	try {
		return await runServe(options, composition, io, {
			metrics: argv.metrics as string | undefined,
			listen: argv.listen as string | undefined,
			tlsCert: argv.tlsCert as string | undefined,
			tlsKey: argv.tlsKey as string | undefined,
			tokenEnv: argv.tokenEnv as string | undefined,
			socket: argv.socket as string | undefined,
			group: argv.group as string | undefined,
			until,
		});
	} finally {
		process.off('SIGTERM', stop);
		process.off('SIGINT', stop);
	}
}

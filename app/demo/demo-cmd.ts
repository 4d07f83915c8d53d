// `labdeck demo [--scenario S] [--serve]`: start every simulator, then open the console on the
// demo lab, or (--serve) print `{"config": "<path>"}` once everything listens and run until
// SIGTERM or SIGINT so scripts and tests can point any command at it.
import {startDemo, type Scenario} from './demo.js';
import {exitCodes, type Composition, type ExitCode, type GlobalOptions, type Io} from '../cli/context.js';

export async function runDemo(options: GlobalOptions, composition: Composition, io: Io, scenario: Scenario | undefined, isServe: boolean): Promise<ExitCode> {
	const demo = await startDemo(scenario);
	for (const warning of demo.warnings) io.err(`labdeck: ${warning}\n`);
	try {
		if (isServe) {
			io.out(`${JSON.stringify({config: demo.configPath})}\n`);
			await new Promise<void>(resolve => {
				const done = () => {
					process.off('SIGTERM', done);
					process.off('SIGINT', done);
					resolve();
				};
				process.on('SIGTERM', done);
				process.on('SIGINT', done);
			});
			return exitCodes.ok;
		}
		const {runConsole} = await import('../cli/console.js');
		return await runConsole({...options, config: demo.configPath}, async () => composition, io);
	} finally {
		await demo.stop();
	}
}

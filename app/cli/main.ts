// The command line (yargs): one module per command, each returning its exit code. This is the
// composition root: the only core module that knows the plugin registry.
import yargs, {type Argv} from 'yargs';
import {plugins} from '../../plugins/registry.js';
import {globalActions} from '../../src/plans/global-actions.js';
import type {Severity} from '../../src/alerts.js';
import {scenarios, type Scenario} from '../demo/lab.js';
import {runAct} from './act.js';
import {runConfigCheck, runConfigPath, runConfigSchema} from './config-cmd.js';
import {exitCodes, processIo, reportError, withLab, type Composition, type GlobalOptions, type Io} from './context.js';
import {complete, completionScript, shellFrom, shells, type Shell} from './completion.js';
import {completionSource, type CompletionTable} from './completion-source.js';
import {runDoctor} from './doctor.js';
import {runEvents} from './events.js';
import {queryCommands, severities, type QueryName, type QuerySpec} from './query.js';
import {runQueryCommand} from './query-cmd.js';
import {labdeckVersion} from '../../src/version.js';

export const composition: Composition = {plugins, globalActions};

/** Commands, their options and choices, for shell completion. */
function completionTable(): CompletionTable {
	const query = {options: ['--json', '--fail-on']};
	return {
		commands: {
			...Object.fromEntries(Object.keys(queryCommands).map(name => [name, query])),
			act: {options: ['--yes', '--confirm', '--dry-run', '--no-wait', '--param', '--json']},
			doctor: {options: ['--json']},
			config: {options: ['--json'], choices: ['path', 'check', 'schema']},
			demo: {options: ['--scenario', '--serve']},
			completion: {options: [], choices: shells},
		},
		globalOptions: ['--config', '--readonly', '--no-serve', '--attach', '--attach-fingerprint', '--help', '--version'],
		optionValues: {'--fail-on': severities, '--scenario': scenarios},
	};
}

type Handler = (argv: Record<string, unknown>) => Promise<number>;

class UsageError extends Error {
	override readonly name = 'UsageError';
}

export async function main(args: readonly string[], io: Io = processIo): Promise<number> {
	let code: number = exitCodes.ok;
	let usageError: string | undefined;
	const run = (handler: Handler) => async (argv: Record<string, unknown>) => {
		try {
			code = await handler(argv);
		} catch (error) {
			code = reportError(error, io);
		}
	};
	const global = (argv: Record<string, unknown>): GlobalOptions => ({config: argv.config as string | undefined, readonly: argv.readonly === true, serve: argv.serve !== false, attach: argv.attach as string | undefined, attachFingerprint: argv.attachFingerprint as string | undefined});
	// Text tables fit the terminal; piped output gets 200 columns (the widest common terminal).
	const width = process.stdout.isTTY ? (process.stdout.columns ?? 80) : 200;

	let parser: Argv = yargs([...args])
		.scriptName('labdeck')
		.usage('$0 [command] [options]\n\nA full-screen operations console for homelabs. Without a command it opens the console.')
		.option('config', {alias: 'c', type: 'string', describe: 'Config file, .yaml/.yml or .json (default: $LABDECK_CONFIG, then ~/.config/labdeck/config.yaml or config.json)'})
		.option('readonly', {type: 'boolean', default: false, describe: 'Disable every action that changes the lab'})
		.option('serve', {type: 'boolean', default: true, describe: 'Attach to a running "labdeck serve" when there is one (--no-serve: poll by ourselves)'})
		.option('attach', {type: 'string', describe: 'Attach to "labdeck serve --listen" at HOST:PORT over TLS (token in $LABDECK_ATTACH_TOKEN; default $LABDECK_ATTACH)'})
		.option('attach-fingerprint', {type: 'string', describe: 'SHA-256 of that service\'s certificate, to pin it (default $LABDECK_ATTACH_FINGERPRINT; else the system trust store)'})
		.command('$0', 'Open the console', () => {}, run(async argv => {
			const {runConsole} = await import('./console.js');
			return runConsole(global(argv), async () => composition, io);
		}));
	for (const [name, spec] of Object.entries(queryCommands) as [QueryName, QuerySpec][]) {
		parser = parser.command(name, spec.describe, command => command
			.option('json', {type: 'boolean', default: false, describe: 'One JSON document on stdout (schema labdeck/1)'})
			.option('fail-on', {choices: severities, describe: 'Exit 4 when an alert at or above this severity is active'}),
		run(async argv => runQueryCommand(name, global(argv), {failOn: argv.failOn as Severity | undefined, asJson: argv.json === true, width}, composition, io)));
	}
	parser = parser
		.command('act <entity-id> <action>', 'Run an action on an entity (comma-separate ids for several)', command => command
			.positional('entity-id', {type: 'string', describe: 'e.g. guest:pve-main/101 or outlet:pdu-a/3'})
			.positional('action', {type: 'string', describe: 'e.g. guest.shutdown, outlet.off'})
			.option('yes', {alias: 'y', type: 'boolean', default: false, describe: 'Confirm a low or high risk action'})
			.option('confirm', {type: 'string', describe: 'Confirm a destructive action by its target name'})
			.option('dry-run', {type: 'boolean', default: false, describe: 'Print the plan and its impact; change nothing'})
			.option('wait', {type: 'boolean', default: true, describe: 'Wait for the task to finish (--no-wait returns its id)'})
			.option('param', {alias: 'p', type: 'string', array: true, default: [], describe: 'Action parameter name=value (e.g. target=pve2)'})
			.option('json', {type: 'boolean', default: false, describe: 'One JSON document on stdout'}),
		run(async argv => {
			const params: Record<string, string> = {};
			for (const pair of argv.param as string[]) {
				const index = pair.indexOf('=');
				if (index <= 0) {
					io.err(`labdeck: --param ${JSON.stringify(pair)}: expected name=value\n`);
					return exitCodes.usage;
				}
				params[pair.slice(0, index)] = pair.slice(index + 1);
			}
			return withLab(global(argv), composition, io, async lab => runAct(lab, {
				entityIds: String(argv.entityId).split(',').map(id => id.trim()).filter(Boolean),
				action: String(argv.action),
				params,
				isYes: argv.yes === true,
				confirm: argv.confirm as string | undefined,
				isDryRun: argv.dryRun === true,
				noWait: argv.wait === false,
				asJson: argv.json === true,
			}, io));
		}))
		.command('doctor', 'Check every source: reachable, authenticated, latency', command => command.option('json', {type: 'boolean', default: false}),
			run(async argv => withLab(global(argv), composition, io, async lab => runDoctor(lab, argv.json === true, io), {shouldRestore: false, canAttach: false})))
		.command('events', 'The outage timeline, newest first: sources down and up, alerts, incidents, state changes, actions', command => command
			.option('since', {type: 'string', describe: 'Only events this recent: 30m, 2h, 1d'})
			.option('json', {type: 'boolean', default: false, describe: 'One JSON document on stdout'}),
		run(async argv => runEvents(global(argv), {since: argv.since as string | undefined, asJson: argv.json === true, width}, io)))
		.command('config <what>', 'Show the config file path, check the config, or print its JSON Schema', command => command
			.positional('what', {choices: ['path', 'check', 'schema'] as const})
			.option('json', {type: 'boolean', default: false}),
		run(async argv => (argv.what === 'path' ? runConfigPath(global(argv), io) : argv.what === 'schema' ? runConfigSchema(composition, io) : runConfigCheck(global(argv), composition, io, argv.json === true))))
		.command('init', 'Write a starter config (YAML) from this machine and the hosts given; never overwrites without --force', command => command
			.option('proxmox', {type: 'string', array: true, default: [], describe: 'A Proxmox node HOST[:PORT]: its certificate fingerprint is read for pinning'})
			.option('ups', {type: 'string', array: true, default: [], describe: 'An SNMP UPS HOST[:PORT]: its model is read'})
			.option('pdu', {type: 'string', array: true, default: [], describe: 'An SNMP PDU HOST[:PORT]: its model is read'})
			.option('bmc', {type: 'string', array: true, default: [], describe: 'A Redfish BMC HOST[:PORT]: its service root and fingerprint are read'})
			.option('nut', {type: 'string', describe: 'upsd HOST[:PORT] to check (default localhost:3493)'})
			.option('community', {type: 'string', default: 'public', describe: 'SNMP community for --ups and --pdu'})
			.option('force', {type: 'boolean', default: false, describe: 'Replace an existing config file'})
			.option('print', {type: 'boolean', default: false, describe: 'Write the starter config to stdout instead'}),
		run(async argv => {
			const {runInit} = await import('./init.js');
			return runInit({config: argv.config as string | undefined, proxmox: argv.proxmox as string[], ups: argv.ups as string[], pdu: argv.pdu as string[], bmc: argv.bmc as string[], nut: argv.nut as string | undefined, community: String(argv.community), timeoutMs: 2000, isForce: argv.force === true, isPrint: argv.print === true}, io);
		}))
		.command('demo', 'Start the built-in demo lab (simulators on loopback) and open the console on it', command => command
			.option('scenario', {choices: scenarios, describe: 'Drive the lab through a drill'})
			.option('serve', {type: 'boolean', default: false, describe: 'No console: print {"config": path} and run until SIGTERM/SIGINT'}),
		run(async argv => {
			const {runDemo} = await import('../demo/demo-cmd.js');
			return runDemo(global(argv), composition, io, argv.scenario as Scenario | undefined, argv.serve === true);
		}))
		.command('serve', 'Run the poller, alerts and notifications as one service that consoles attach to', command => command
			.option('metrics', {type: 'string', describe: 'Serve OpenMetrics on HOST:PORT/metrics (e.g. 127.0.0.1:9877)'})
			.option('listen', {type: 'string', describe: 'Also listen on HOST:PORT over TLS (needs --tls-cert, --tls-key and a token)'})
			.option('tls-cert', {type: 'string', describe: 'PEM certificate for --listen'})
			.option('tls-key', {type: 'string', describe: 'PEM private key for --listen'})
			.option('token-env', {type: 'string', describe: 'Environment variable holding the --listen token (default LABDECK_SERVE_TOKEN)'})
			.option('socket', {type: 'string', describe: 'Unix socket path (default $LABDECK_SOCKET, then $XDG_RUNTIME_DIR/labdeck.sock)'})
			.option('group', {type: 'string', describe: 'Let this group\'s members attach too (socket mode 0660); the audit names each operator'})
			.option('print-systemd-unit', {type: 'boolean', default: false, describe: 'Print a systemd user unit for labdeck serve and exit'}),
		run(async argv => {
			const {runServeCommand} = await import('../../app/serve/command.js');
			return runServeCommand(global(argv), composition, io, argv);
		}))
		// Completion: `completion [shell]` prints the script; the script asks `__complete` (hidden).
		.command('completion [shell]', 'Print a bash, zsh or fish completion script (eval "$(labdeck completion bash)")', command => command
			.positional('shell', {choices: shells, describe: 'The shell; from $SHELL when absent'}),
		run(async argv => {
			io.out(completionScript((argv.shell as Shell | undefined) ?? shellFrom(io.env)));
			return exitCodes.ok;
		}))
		.command('__complete', false, command => command.option('line', {type: 'string', default: ''}), run(async argv => {
			const line = String(argv.line);
			const source = completionSource(completionTable(), composition, io, line);
			try {
				for (const candidate of await complete(line, source)) io.out(`${candidate}\n`);
			} finally {
				await source.close();
			}
			return exitCodes.ok;
		}))
		.strict()
		.recommendCommands()
		.help()
		.alias('help', 'h')
		.version(labdeckVersion)
		.wrap(Math.min(width, 110))
		.exitProcess(false)
		.fail((message, error) => {
			if (error) throw error;
			usageError = message;
			// Thrown so that yargs stops before running the command's handler.
			throw new UsageError(message);
		})
		.epilogue('Exit codes: 0 ok, 1 error, 2 usage, 3 partial (a source unreachable), 4 alerts at or above --fail-on, 5 confirmation required.\nDocs: README.md');
	try {
		await parser.parseAsync();
	} catch (error) {
		if (!(error instanceof UsageError)) return reportError(error, io);
	}
	if (usageError !== undefined) {
		io.err(`labdeck: ${usageError}\nRun "labdeck --help" for usage.\n`);
		return exitCodes.usage;
	}
	return code;
}

// The bench's child processes: the demo lab's simulators (`labdeck demo --serve`) and a
// `labdeck serve` for a config, each started the one way and stopped (SIGTERM, awaited).
import {spawn, type ChildProcess} from 'node:child_process';
import path from 'node:path';
import {createInterface} from 'node:readline';

export const labdeck = path.resolve(import.meta.dirname, '..', 'bin', 'labdeck.js');

export type Child = {readonly child: ChildProcess; stop(): Promise<void>};

/** Resolves with the first line of `stream` that `match` accepts; rejects when the child exits first. */
export async function until(child: ChildProcess, stream: 'stdout' | 'stderr', match: (line: string) => boolean): Promise<string> {
	return new Promise((resolve, reject) => {
		createInterface({input: child[stream]!}).on('line', line => match(line) && resolve(line));
		child.once('exit', code => reject(new Error(`${path.basename(String(child.spawnargs[1] ?? child.spawnfile))} ${child.spawnargs.slice(2).join(' ')} exited ${code}`)));
	});
}

export async function stopChild(child: ChildProcess | undefined): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise(resolve => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

/** `labdeck demo --serve` (run by `command`, node and the launcher by default): its config path once it listens. */
export async function startDemo(env: NodeJS.ProcessEnv, command: readonly string[] = [process.execPath, labdeck]): Promise<Child & {readonly config: string}> {
	const child = spawn(command[0]!, [...command.slice(1), 'demo', '--serve'], {stdio: ['ignore', 'pipe', 'ignore'], env});
	try {
		const {config} = JSON.parse(await until(child, 'stdout', () => true)) as {config: string};
		return {child, config, stop: async () => stopChild(child)};
	} catch (error) {
		await stopChild(child);
		throw error;
	}
}

/** `labdeck serve --config <config>`, once it says it is listening. */
export async function startService(config: string, env: NodeJS.ProcessEnv): Promise<Child> {
	const child = spawn(process.execPath, [labdeck, 'serve', '--config', config], {stdio: ['ignore', 'ignore', 'pipe'], env});
	try {
		await until(child, 'stderr', line => line.includes('listening on'));
		return {child, stop: async () => stopChild(child)};
	} catch (error) {
		await stopChild(child);
		throw error;
	}
}

// Starts the real `labdeck demo --serve` and `labdeck serve` on it (private socket and state dir),
// and stops them again: the rig of the service tests and the service bench.
import {spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {labdeckBin, tempHome} from './cli.js';

/** A free loopback TCP port (the simulators' helper), for `labdeck serve --metrics` and receivers. */
export {freeTcpPort as freePort} from '../../protocols/sim/free-port.js';

export type ServeRig = {
	readonly home: ReturnType<typeof tempHome>;
	/** The environment for clients: the rig's socket, state dir and config. */
	readonly env: NodeJS.ProcessEnv;
	readonly config: string;
	readonly socket: string;
	readonly metrics: string | null;
	serve: ChildProcess;
	serveLog: () => string;
	stopServe(): Promise<void>;
	startServe(extra?: readonly string[]): Promise<void>;
	stop(): Promise<void>;
};

async function firstLine(child: ChildProcess, what: string, match: (line: string) => boolean, stream: 'stdout' | 'stderr', timeoutMs = 30_000): Promise<string> {
	let seen = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${what}: not ready within ${timeoutMs} ms: ${seen}`)), timeoutMs);
		createInterface({input: child[stream]!}).on('line', line => {
			seen += `${line}\n`;
			if (match(line)) {
				clearTimeout(timer);
				resolve(line);
			}
		});
		child.once('exit', code => {
			clearTimeout(timer);
			reject(new Error(`${what} exited ${code}: ${seen}`));
		});
	});
}

export async function stopChild(child: ChildProcess | undefined): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise(resolve => child.once('exit', resolve));
	child.kill('SIGTERM');
	await exited;
}

/**
 * Starts `labdeck demo --serve` (the demo lab's simulators, no console) and reads the config it
 * prints; `stderr()` is what it has written there so far. Stop it with stopChild.
 */
export async function startDemoSims(env: NodeJS.ProcessEnv, extra: readonly string[] = []): Promise<{readonly child: ChildProcess; readonly config: string; stderr(): string}> {
	const child = spawn(process.execPath, [labdeckBin, 'demo', '--serve', ...extra], {env, stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const line = await firstLine(child, 'demo --serve', () => true, 'stdout').catch((error: unknown) => {
		throw new Error(`${error instanceof Error ? error.message : String(error)} ${stderr}`.trim());
	});
	return {child, config: (JSON.parse(line) as {config: string}).config, stderr: () => stderr};
}

export async function startServeRig(options: {scenario?: string; serveArgs?: readonly string[]; env?: NodeJS.ProcessEnv; /** A config of the test's own (no demo lab): written into the rig's home. */ config?: Record<string, unknown>} = {}): Promise<ServeRig> {
	const home = tempHome();
	const runDir = path.join(home.dir, 'run');
	mkdirSync(runDir, {mode: 0o700});
	const env: NodeJS.ProcessEnv = {...process.env, ...home.env, XDG_RUNTIME_DIR: runDir, ...options.env};
	delete env.LABDECK_SOCKET;
	let demo: ChildProcess | undefined;
	let config: string;
	if (options.config) config = home.writeConfig(options.config);
	else {
		const sims = await startDemoSims(env, options.scenario ? ['--scenario', options.scenario] : []);
		demo = sims.child;
		config = sims.config;
	}
	let log = '';
	const rig: ServeRig = {
		home,
		env: {...env, LABDECK_CONFIG: config},
		config,
		socket: path.join(runDir, 'labdeck.sock'),
		metrics: null,
		serve: undefined as unknown as ChildProcess,
		serveLog: () => log,
		async startServe(extra = options.serveArgs ?? []) {
			log = '';
			const child = spawn(process.execPath, [labdeckBin, 'serve', '--config', config, ...extra], {env, stdio: ['ignore', 'pipe', 'pipe']});
			child.stderr!.on('data', chunk => (log += chunk));
			rig.serve = child;
			const ready = await firstLine(child, 'labdeck serve', text => text.includes('listening on'), 'stderr');
			(rig as {metrics: string | null}).metrics = /metrics http:\/\/(\S+)\/metrics/.exec(ready)?.[1] ?? null;
		},
		stopServe: async () => stopChild(rig.serve),
		async stop() {
			await stopChild(rig.serve);
			await stopChild(demo);
			home.cleanup();
		},
	};
	try {
		await rig.startServe();
	} catch (error) {
		await stopChild(demo);
		home.cleanup();
		throw error;
	}
	return rig;
}

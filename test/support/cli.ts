// Runs the real binary (bin/labdeck.js over the production bundle) as a script would.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const labdeckBin = path.join(repoRoot, 'bin', 'labdeck.js');

export type CliResult = {readonly code: number | null; readonly stdout: string; readonly stderr: string; readonly ms: number};

export function runCli(args: readonly string[], options: {env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number} = {}): Promise<CliResult> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [labdeckBin, ...args], {env: {...process.env, ...options.env}, stdio: ['pipe', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`labdeck ${args.join(' ')} did not finish within ${options.timeoutMs ?? 15_000} ms\n${stderr}`));
		}, options.timeoutMs ?? 15_000);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stdout, stderr, ms: performance.now() - started});
		});
		child.stdin.end(options.input ?? '');
	});
}

/** A private home for one test: config file, state dir, XDG dirs. */
export function tempHome(): {dir: string; env: NodeJS.ProcessEnv; writeConfig(config: unknown): string; cleanup(): void} {
	const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-cli-'));
	return {
		dir,
		env: {LABDECK_STATE_DIR: path.join(dir, 'state'), XDG_CONFIG_HOME: path.join(dir, 'config'), LABDECK_CONFIG: '', CI: 'true', NO_COLOR: '1'},
		writeConfig(config) {
			const file = path.join(dir, 'labdeck.json');
			writeFileSync(file, JSON.stringify(config), {mode: 0o600});
			return file;
		},
		// A child (the demo lab, a console) may still be saving as the test ends: retry ENOTEMPTY/EBUSY.
		cleanup: () => rmSync(dir, {recursive: true, force: true, maxRetries: 20, retryDelay: 50}),
	};
}

// `labdeck … | head -1`: the reader goes away while labdeck writes (EPIPE on stdout). labdeck
// stops quietly with status 0, as `yes | head` does, with no "Error" and no stack on stderr.
import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {labdeckBin, tempHome} from './support/cli.js';

function runWithClosedStdout(args: readonly string[]): Promise<{code: number | null; stderr: string}> {
	const home = tempHome();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [labdeckBin, ...args], {env: {...process.env, ...home.env}, stdio: ['ignore', 'pipe', 'pipe']});
		// Close the read end at once: every write labdeck makes meets a closed pipe.
		child.stdout.destroy();
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => {
			home.cleanup();
			resolve({code, stderr});
		});
	});
}

describe('a closed stdout pipe', () => {
	for (const args of [['--help'], ['completion', 'bash'], ['completion', 'zsh']]) {
		it(`labdeck ${args.join(' ')} exits 0 without a stack trace`, async () => {
			const result = await runWithClosedStdout(args);
			expect(result.stderr).not.toMatch(/Error|EPIPE|\n\s+at /);
			expect(result.code).toBe(0);
		});
	}
});

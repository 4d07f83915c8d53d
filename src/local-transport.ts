// The local machine's command transport: execFile, no shell, a timeout, a bounded buffer, and
// the child killed when the signal aborts.
import {execFile} from 'node:child_process';
import {hostname} from 'node:os';
import type {CommandTransport, ExecResult} from './plugin-api.js';

export const localTransport: CommandTransport = {
	host: hostname(),
	async exec(argv, {signal, timeoutMs, maxBuffer = 64 * 1024 * 1024}): Promise<ExecResult> {
		const [file, ...args] = argv;
		if (!file) throw new Error('exec: empty command');
		return new Promise((resolve, reject) => {
			execFile(file, args, {signal, timeout: timeoutMs, maxBuffer, encoding: 'utf8', killSignal: 'SIGKILL'}, (error, stdout, stderr) => {
				if (error && typeof (error as NodeJS.ErrnoException).code !== 'number') {
					// Not an exit status: spawn failure (ENOENT), abort, timeout or buffer overflow.
					reject(error);
					return;
				}
				resolve({stdout, stderr, code: error ? Number((error as NodeJS.ErrnoException).code) : 0});
			});
		});
	},
};

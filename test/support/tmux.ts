// The tmux rig the console tests share: a private tmux server (its own socket), a temporary state
// folder, the screen of one session, and a wait for the screen to show something (no fixed sleeps).
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export type TmuxRig = {
	/** A temporary folder for the run's state (and XDG_CONFIG_HOME below it). */
	readonly stateDir: string;
	tmux(...args: string[]): string;
	/** A session's screen (the rig's own by default), as `capture-pane -p` prints it; `-e` (SGR attributes kept) when styled. */
	screen(name?: string, options?: {readonly isStyled?: boolean}): string;
	/** Waits until a session's screen (the rig's own by default) satisfies `predicate`, and returns it. */
	waitFor(predicate: (text: string) => boolean, what: string, timeoutMs?: number, name?: string): Promise<string>;
	/** Waits until a session (the rig's own by default) has ended: its command, e.g. the console, has exited. */
	waitForExit(timeoutMs?: number, name?: string): Promise<void>;
	/** Kills the private server and removes the state folder (afterAll). */
	cleanup(): void;
};

/** `name` labels the socket, the folder and the skip warning; `session` is the tmux session the screen reads. */
export function tmuxRig(name: string, session: string): TmuxRig {
	if (!hasTmux) console.warn(`${name}: skipped: tmux is not installed (apt-get install tmux)`);
	const socket = `labdeck-${name}-${process.pid}`;
	const stateDir = mkdtempSync(path.join(tmpdir(), `labdeck-${name}-`));
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	const screen = (name = session, options: {readonly isStyled?: boolean} = {}) =>
		tmux('capture-pane', ...(options.isStyled === true ? ['-e'] : []), '-p', '-t', name);
	return {
		stateDir,
		tmux,
		screen,
		async waitFor(predicate, what, timeoutMs = 20_000, name = session) {
			const deadline = Date.now() + timeoutMs;
			let text = '';
			while (Date.now() < deadline) {
				text = screen(name);
				if (predicate(text)) return text;
				await new Promise(resolve => setTimeout(resolve, 50));
			}
			throw new Error(`tmux ${name}: ${what} did not appear within ${timeoutMs} ms; screen:\n${text}`);
		},
		async waitForExit(timeoutMs = 20_000, name = session) {
			const deadline = Date.now() + timeoutMs;
			while (spawnSync('tmux', ['-L', socket, 'has-session', '-t', name]).status === 0) {
				if (Date.now() > deadline) throw new Error(`tmux: session ${name} still running after ${timeoutMs} ms; screen:\n${screen(name)}`);
				await new Promise(resolve => setTimeout(resolve, 50));
			}
		},
		cleanup() {
			if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
			// The console and the demo lab may still be writing as the server goes: retry ENOTEMPTY/EBUSY
			// (linear backoff, at most about 10 s).
			rmSync(stateDir, {recursive: true, force: true, maxRetries: 20, retryDelay: 50});
		},
	};
}

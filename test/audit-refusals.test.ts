// Every refusal in the CLI is one audit record: exit 5 without --yes, a wrong --confirm (even for
// a low-risk action), a cancel at the terminal prompt (in tmux, the real terminal).
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {labdeckBin, runCli, tempHome} from './support/cli.js';
import {hasTmux, tmuxRig} from './support/tmux.js';

const home = tempHome();
const terminal = tmuxRig('audit-refusals', 'prompt');
afterAll(() => {
	terminal.cleanup();
	home.cleanup();
});

const auditFile = path.join(home.dir, 'state', 'audit.jsonl');
const audit = (): {result: string; action: string; origin: string; message: string; targets: string[]}[] =>
	existsSync(auditFile) ? readFileSync(auditFile, 'utf8').split('\n').filter(line => line.endsWith('}')).map(line => JSON.parse(line) as never) : [];
// Port 9 on loopback: the magic packet goes nowhere.
const config = home.writeConfig({sources: [{id: 'wake', type: 'wol', hosts: [{name: 'nas', mac: 'aa:bb:cc:dd:ee:ff', broadcast: '127.0.0.1', port: 9}]}]});

describe('refusals in the audit log', () => {
	it('exit 5 without --yes and with a wrong --confirm are each one refused record; a matching --confirm runs', async () => {
		const refused = await runCli(['act', 'host:wake/nas', 'host.wake', '--config', config], {env: home.env});
		expect(refused.code).toBe(5);
		expect(audit()).toMatchObject([{result: 'refused', action: 'host.wake', origin: 'cli', targets: ['host:wake/nas']}]);
		const wrong = await runCli(['act', 'host:wake/nas', 'host.wake', '--confirm', 'nonsense', '--config', config], {env: home.env});
		expect(wrong.code).toBe(5);
		expect(wrong.stderr).toContain('"nonsense" does not match the target\'s name "nas"');
		expect(audit()).toHaveLength(2);
		expect(audit()[1]).toMatchObject({result: 'refused', message: expect.stringContaining('nonsense')});
		const right = await runCli(['act', 'host:wake/nas', 'host.wake', '--confirm', 'nas', '--config', config], {env: home.env});
		expect(right.code).toBe(0);
		expect(audit().map(record => record.result)).toEqual(['refused', 'refused', 'ok']);
	});

	it.skipIf(!hasTmux)('a cancel at the terminal prompt is a refused record', {timeout: 30_000}, async () => {
		const before = audit().length;
		const env = Object.entries(home.env).map(([key, value]) => `${key}=${value ?? ''}`);
		// The shell prints labdeck's status and keeps the pane open, so the test knows when it has exited.
		terminal.tmux('new-session', '-d', '-s', 'prompt', '-x', '100', '-y', '24', `env ${env.join(' ')} ${process.execPath} ${labdeckBin} act host:wake/nas host.wake --config ${config}; echo "act-exit=$?"; sleep 30`);
		await terminal.waitFor(text => text.includes('Proceed? [y/N]'), 'the prompt', 15_000);
		terminal.tmux('send-keys', '-t', 'prompt', 'n', 'Enter');
		const after = await terminal.waitFor(text => /^act-exit=\d+$/m.test(text), 'the exit status', 15_000);
		expect(after).toContain('act-exit=5'); // 5: confirmation required
		expect(audit().slice(before)).toMatchObject([{result: 'refused', action: 'host.wake', message: expect.stringContaining('cancelled at the prompt')}]);
	});
});

// Completion: the scripts (no literal $0, valid bash), and the candidates `__complete` answers
// from the command table and the last-known lab: the demo lab polled once by `labdeck hosts`
// (which also shows that one-shot hosts takes two CPU samples),
// whose state file the completer then reads without polling; and `act` resolving what is typed.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {labdeckBin} from '../../test/support/cli.js';
import {startDemo, type DemoLab} from '../demo/demo.js';
import {completionScript, shells} from './completion.js';
import type {Io} from './context.js';
import {main} from './main.js';

let demo: DemoLab;
let hostsDocument: {items: {id: string; cpu: {usage: number | null}}[]; notices: string[]};
const stateDir = mkdtempSync(path.join(tmpdir(), 'labdeck-completion-'));

function capture(): Io & {stdout: string[]; stderr: string[]} {
	const stdout: string[] = [];
	const stderr: string[] = [];
	return {stdout, stderr, out: text => stdout.push(text), err: text => stderr.push(text), env: {LABDECK_STATE_DIR: stateDir, LABDECK_CONFIG: ''}, isTty: false};
}

async function candidates(line: string): Promise<string[]> {
	const io = capture();
	expect(await main(['__complete', '--line', line], io)).toBe(0);
	return io.stdout.join('').split('\n').filter(Boolean);
}

beforeAll(async () => {
	demo = await startDemo(undefined);
	const io = capture();
	await main(['hosts', '--json', '--config', demo.configPath], io);
	hostsDocument = JSON.parse(io.stdout.join('')) as typeof hostsDocument;
}, 60_000);
afterAll(async () => {
	await demo?.stop();
	rmSync(stateDir, {recursive: true, force: true});
});

describe('completion scripts', () => {
	it.each(shells)('%s: calls __complete, never a literal $0', shell => {
		const script = completionScript(shell);
		expect(script).toContain('labdeck __complete --line');
		expect(script).not.toContain('$0');
	});

	it('the bash script is valid bash', () => {
		expect(() => execFileSync('bash', ['-n'], {input: completionScript('bash')})).not.toThrow();
	});

	it('`labdeck completion fish` prints the fish script', async () => {
		const io = capture();
		expect(await main(['completion', 'fish'], io)).toBe(0);
		expect(io.stdout.join('')).toContain("complete -c labdeck -f -a '(__labdeck_complete)'");
	});
});

describe('the bash script in bash', () => {
	it('completes an entity id after its colon, as bash splits words there', () => {
		// The real binary (npm run build) on PATH as `labdeck`, the way a user has it.
		const bin = mkdtempSync(path.join(tmpdir(), 'labdeck-bin-'));
		writeFileSync(path.join(bin, 'labdeck'), `#!/bin/sh\nexec "${process.execPath}" "${labdeckBin}" "$@"\n`, {mode: 0o755});
		try {
			const script = [
				'eval "$(labdeck completion bash)"',
				`COMP_LINE="labdeck -c ${demo.configPath} act guest:pve-demo/12"`,
				'COMP_POINT=${#COMP_LINE}',
				'_labdeck',
				'printf "%s\\n" "${COMPREPLY[@]}"',
			].join('\n');
			const output = execFileSync('bash', ['--norc', '--noprofile', '-c', script], {encoding: 'utf8', env: {...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, LABDECK_STATE_DIR: stateDir, LABDECK_CONFIG: ''}});
			const found = output.split('\n').filter(Boolean);
			expect(found).toContain('pve-demo/120');
			expect(found.every(candidate => candidate.startsWith('pve-demo/12'))).toBe(true);
		} finally {
			rmSync(bin, {recursive: true, force: true});
		}
	});
});

describe('__complete', () => {
	it('completes commands, options and choices', async () => {
		expect(await candidates('labdeck ')).toEqual(expect.arrayContaining(['act', 'hosts', 'vms', 'gpus', 'completion', 'doctor']));
		expect(await candidates('labdeck g')).toEqual(['gpus']);
		expect(await candidates('labdeck act --d')).toEqual(['--dry-run']);
		expect(await candidates('labdeck completion ')).toEqual(['bash', 'fish', 'zsh']);
		expect(await candidates('labdeck alerts --fail-on w')).toEqual(['warning']);
	});

	it('completes entity ids and the actions offered for the typed entity, from the last-known state', async () => {
		const config = `-c ${demo.configPath}`;
		const guests = await candidates(`labdeck ${config} act guest:pve-demo/12`);
		expect(guests).toContain('guest:pve-demo/120');
		expect(guests.every(id => id.startsWith('guest:pve-demo/12'))).toBe(true);
		const actions = await candidates(`labdeck ${config} act guest:pve-demo/120 guest.`);
		expect(actions).toEqual(expect.arrayContaining(['guest.shutdown', 'guest.reboot']));
		expect(actions).not.toContain('guest.start');
		expect(await candidates(`labdeck ${config} act host:pve-demo/pve1 host.`)).toEqual(expect.arrayContaining(['host.shutdown', 'host.reboot', 'host.migrate-guests', 'host.shutdown-guests', 'host.power-on']));
		expect(await candidates(`labdeck ${config} act 120 `)).toContain('guest.migrate');
	});
});

describe('one-shot hosts', () => {
	it('takes two CPU samples, so SSH hosts show their CPU %', () => {
		const ssh = hostsDocument.items.find(item => item.id === 'host:gpu-box-1/gpu-box-1');
		expect(ssh?.cpu.usage).toBeGreaterThan(0);
		expect(hostsDocument.notices.filter(notice => notice.includes('CPU %'))).toEqual([]);
	});
});

describe('labdeck act targets', () => {
	it('accepts a vmid and suggests close matches for an unknown entity', async () => {
		const io = capture();
		expect(await main(['act', '120', 'guest.shutdown', '--dry-run', '--config', demo.configPath], io)).toBe(0);
		expect(io.stdout.join('')).toContain('asks VM 120 (ml-train) on pve2 to shut down cleanly');
		const typo = capture();
		expect(await main(['act', 'ml-trian', 'guest.shutdown', '--config', demo.configPath], typo)).toBe(2);
		expect(typo.stderr.join('')).toBe('labdeck: act: unknown entity "ml-trian"; did you mean guest:pve-demo/120 (ml-train)?\n');
	});
});

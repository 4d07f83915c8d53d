// Hostile SSH host (hostname, OS name, CPU model, mount points) and GPU names over that host,
// through the real ssh and nvidia plugins against the ssh simulator: nothing raw reaches the CLI's
// text, `--json`, or the console in tmux (capture-pane -e; the window title unchanged; no paste
// buffer). Then the tmux session is killed: the console exits 129, quietly, state written.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {gpuFixture, hostProfile, startRig, type Rig} from '../support/ssh-rig.js';
import {labdeckBin, runCli} from '../support/cli.js';
import {hasTmux, tmuxRig} from '../support/tmux.js';
import {firstRawControl, hostile, poisoned} from './sequences.js';

const terminal = tmuxRig('hostile', 'hostile');
const {tmux, waitFor, stateDir: dir} = terminal;
const env = {LABDECK_STATE_DIR: path.join(dir, 'state'), XDG_CONFIG_HOME: path.join(dir, 'config'), LABDECK_CONFIG: '', CI: 'true', NO_COLOR: '1'};
const hostName = poisoned('evilhost');
let rig: Rig;
let config: string;

beforeAll(async () => {
	const profile = hostProfile('gpu-box-1');
	rig = await startRig([{
		name: hostName,
		profile: {
			...profile,
			os: `Ubuntu ${hostile.title}`,
			kernel: `6.8${hostile.bell}`,
			cpuModel: `EPYC${hostile.blink}`,
			disks: profile.disks.map((disk, index) => ({...disk, mount: index === 2 ? `/data${hostile.clear}${hostile.clipboard}` : disk.mount})),
		},
		gpuXml: gpuFixture('gpu-box-1.xml').replaceAll('<product_name>NVIDIA GeForce RTX 3090</product_name>', `<product_name>RTX${hostile.title}${hostile.c1}</product_name>`),
	}]);
	const block = rig.sshConfig(hostName);
	config = path.join(dir, 'labdeck.json');
	writeFileSync(config, JSON.stringify({lab: 'hostile', sources: [{...block, id: 'evil', name: 'evil', interval: 2}, {id: 'evil-gpus', type: 'nvidia', via: 'evil', interval: 2}]}), {mode: 0o600});
});

afterAll(async () => {
	await rig?.stop();
	terminal.cleanup();
});

describe('hostile SSH host and GPU names', () => {
	it('the CLI text and --json carry no raw control', async () => {
		for (const command of ['hosts', 'gpus', 'status']) {
			const text = await runCli([command, '--config', config], {env});
			expect(text.code, text.stderr).toBe(0);
			expect(firstRawControl(text.stdout + text.stderr)).toBeUndefined();
			const json = await runCli([command, '--json', '--config', config], {env});
			expect(firstRawControl(json.stdout + json.stderr)).toBeUndefined();
			JSON.parse(json.stdout);
		}
		const hosts = await runCli(['hosts', '--json', '--config', config], {env});
		const document = JSON.parse(hosts.stdout) as {items: {name: string; os: string; filesystems: {mount: string}[]}[]};
		const host = document.items.find(item => item.name.startsWith('evilhost'))!;
		expect(host.name).toBe('evilhost\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b]0;PWNED-TITLE\\x07\\x1b[2J\\x1b[5m\\x07\\x9b2J\\u202eexe.txt');
		expect(host.os).toContain('\\x1b]0;PWNED-TITLE');
		expect(host.filesystems.map(fs => fs.mount)).toContain('/data\\x1b[2J\\x1b]52;c;cm0gLXJmIH4=\\x07');
		const gpus = JSON.parse((await runCli(['gpus', '--json', '--config', config], {env})).stdout) as {items: {name: string}[]};
		expect(gpus.items[0]?.name).toContain('RTX\\x1b]0;PWNED-TITLE\\x07\\x9b2J');
	});

	it.skipIf(!hasTmux)('the console draws no raw escape, keeps the title, makes no paste buffer; a killed session exits 129 with state saved', {timeout: 60_000}, async () => {
		const stateDir = path.join(dir, 'console-state');
		const exitFile = path.join(dir, 'console-exit');
		const errFile = path.join(dir, 'console-stderr');
		// bash traps HUP with a handler (children get the default action back) so it outlives the pane and records the status.
		const line = `trap 'true' HUP; env -u CI LABDECK_STATE_DIR=${stateDir} XDG_CONFIG_HOME=${stateDir}/config NO_COLOR=1 ${process.execPath} ${labdeckBin} --config ${config} 2>${errFile}; echo $? > ${exitFile}`;
		tmux('new-session', '-d', '-s', 'hostile', '-x', '120', '-y', '30', 'bash', '-c', line);
		tmux('set-option', '-t', 'hostile', 'set-titles', 'on');
		const titleBefore = tmux('display-message', '-p', '-t', 'hostile', '#{pane_title}').trim();
		await waitFor(text => text.includes('evilhost'), 'the hostile host', 30_000);
		tmux('send-keys', '-t', 'hostile', '2'); // the GPUs pane
		await waitFor(text => text.includes('RTX'), 'the GPUs pane with the hostile GPU', 30_000);
		const screen = terminal.screen('hostile', {isStyled: true});
		expect(screen).toContain('RTX\\x1b]0;PWNED');
		// capture-pane -e keeps SGR attributes only: no OSC, no clear, no blink, no bell, no C1, no bidi.
		const withoutSgr = screen.replace(/\u001B\[[0-9;]*m/g, '');
		expect(firstRawControl(withoutSgr)).toBeUndefined();
		expect(screen).not.toMatch(/\u001B\[[0-9;]*5[0-9;]*m/); // blink
		expect(tmux('display-message', '-p', '-t', 'hostile', '#{pane_title}').trim()).toBe(titleBefore);
		expect(tmux('display-message', '-p', '-t', 'hostile', '#{pane_title}')).not.toContain('PWNED');
		expect(tmux('list-buffers')).toBe('');
		tmux('kill-session', '-t', 'hostile');
		// bash writes the status after the console has exited (and saved its state); wait for the whole line.
		const deadline = Date.now() + 20_000;
		while (!(existsSync(exitFile) && readFileSync(exitFile, 'utf8').endsWith('\n')) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
		expect(readFileSync(exitFile, 'utf8').trim(), readFileSync(errFile, 'utf8')).toBe('129');
		const stderr = readFileSync(errFile, 'utf8');
		expect(stderr).not.toContain('crashed');
		expect(stderr).not.toMatch(/\n\s+at /);
		const states = readdirSync(stateDir).filter(name => /^state-[0-9a-f]+\.json$/.test(name));
		expect(states).toHaveLength(1);
		const saved = JSON.parse(readFileSync(path.join(stateDir, states[0]!), 'utf8')) as {entities: {name: string}[]};
		expect(saved.entities.some(entity => entity.name.startsWith('evilhost'))).toBe(true);
		expect(readdirSync(stateDir).filter(name => name.endsWith('.tmp'))).toEqual([]);
	});
});

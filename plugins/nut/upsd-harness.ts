// Test harness: Debian NUT's upsd with one dummy-ups driver per `.dev`/`.seq` file, from a
// temporary config directory on a free loopback port; stop() kills every process it started and
// removes the directory. Used by the conformance test (corpus and fixtures through upsd).
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {freeTcpPort} from '../../protocols/sim/free-port.js';

export const nutDir = ['/lib/nut', '/usr/lib/nut', '/usr/libexec/nut'].find(dir => existsSync(join(dir, 'upsd')) && existsSync(join(dir, 'dummy-ups')));

export type Upsd = {readonly port: number; stop(): Promise<void>};

/** UPS name → dump file. The `.seq` timers are shortened to 1 s; files are copied, never edited in place. */
export async function startUpsd(devices: Readonly<Record<string, string>>): Promise<Upsd> {
	if (!nutDir) throw new Error('NUT (upsd and dummy-ups) is not installed');
	const dir = mkdtempSync(join(tmpdir(), 'labdeck-upsd-'));
	mkdirSync(join(dir, 'state'), {mode: 0o700});
	const port = await freeTcpPort();
	const env = {...process.env, NUT_CONFPATH: dir, NUT_STATEPATH: join(dir, 'state'), NUT_ALTPIDPATH: join(dir, 'state')};
	const asRoot = process.getuid?.() === 0 ? ['-u', 'root'] : [];
	let upsConf = 'maxretry = 3\n';
	for (const [name, file] of Object.entries(devices)) {
		const target = join(dir, `${name}${file.endsWith('.seq') ? '.seq' : '.dev'}`);
		const text = readFileSync(file, 'utf8');
		writeFileSync(target, file.endsWith('.seq') ? text.replace(/^TIMER \d+/gm, 'TIMER 1') : text);
		upsConf += `[${name}]\n  driver = dummy-ups\n  port = ${target}\n  pollinterval = 1\n  desc = "${name}"\n`;
	}
	writeFileSync(join(dir, 'ups.conf'), upsConf);
	writeFileSync(join(dir, 'upsd.conf'), `LISTEN 127.0.0.1 ${port}\nMAXAGE 5\n`, {mode: 0o600});
	writeFileSync(join(dir, 'upsd.users'), '[admin]\n  password = secret\n', {mode: 0o600});
	const children: ChildProcess[] = Object.keys(devices).map(name => spawn(join(nutDir, 'dummy-ups'), ['-a', name, '-F', ...asRoot], {env, stdio: 'ignore'}));
	children.push(spawn(join(nutDir, 'upsd'), ['-F', ...asRoot], {env, stdio: 'ignore'}));
	return {
		port,
		async stop() {
			for (const child of children) {
				if (child.exitCode !== null || child.signalCode !== null) continue;
				const exited = new Promise(resolve => child.once('exit', resolve));
				child.kill('SIGKILL');
				// eslint-disable-next-line no-await-in-loop
				await exited;
			}
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

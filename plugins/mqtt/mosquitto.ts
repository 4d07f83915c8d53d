// Test support: Eclipse Mosquitto (Debian's /usr/sbin/mosquitto) started on loopback with its own
// config file, a password file made with `mosquitto_passwd -b` and an ACL file. Mosquitto cannot
// bind port 0, so a free port is taken from the OS first and the start is retried on a collision.
// Readiness is the broker's own "running" log line, not a sleep. Loaded only by tests and benches.
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {freeTcpPort} from '../../protocols/sim/free-port.js';

const execFileAsync = promisify(execFile);

export type Mosquitto = {readonly port: number; readonly url: string; stop(): Promise<void>};

export async function startMosquitto(options: {readonly users: Readonly<Record<string, string>>; readonly acl: string; readonly port?: number; readonly tls?: {readonly certFile: string; readonly keyFile: string}}): Promise<Mosquitto> {
	const dir = await mkdtemp(join(tmpdir(), 'labdeck-mosquitto-'));
	const passwd = join(dir, 'passwd');
	await writeFile(passwd, '');
	for (const [user, password] of Object.entries(options.users)) await execFileAsync('mosquitto_passwd', ['-b', passwd, user, password], {timeout: 10_000});
	await writeFile(join(dir, 'acl'), options.acl);
	for (let attempt = 1; ; attempt++) {
		const port = options.port ?? (await freeTcpPort());
		const conf = join(dir, 'mosquitto.conf');
		await writeFile(conf, [`listener ${port} 127.0.0.1`, ...(options.tls ? [`certfile ${options.tls.certFile}`, `keyfile ${options.tls.keyFile}`] : []), 'allow_anonymous false', `password_file ${passwd}`, `acl_file ${join(dir, 'acl')}`, 'persistence false', 'user root', 'log_dest stderr', 'log_type error', 'log_type warning', 'log_type notice', 'log_type information', ''].join('\n'));
		const child = spawn('/usr/sbin/mosquitto', ['-c', conf], {stdio: ['ignore', 'ignore', 'pipe']});
		const outcome = await new Promise<'ready' | 'collision' | string>(resolve => {
			let log = '';
			const timer = setTimeout(() => resolve(`mosquitto did not start within 10 s: ${log.slice(-300)}`), 10_000);
			child.stderr!.on('data', chunk => {
				log += String(chunk);
				if (/mosquitto version \S+ running/.test(log)) {
					clearTimeout(timer);
					resolve('ready');
				}
			});
			child.once('exit', code => {
				clearTimeout(timer);
				resolve(/Address already in use/.test(log) ? 'collision' : `mosquitto exited ${String(code)}: ${log.slice(-300)}`);
			});
		});
		if (outcome === 'ready') return {port, url: `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`, stop: async () => stop(child, dir)};
		await stop(child, outcome === 'collision' ? undefined : dir);
		if (outcome !== 'collision' || attempt >= 5 || options.port !== undefined) throw new Error(outcome === 'collision' ? 'mosquitto: no free port after 5 attempts' : outcome);
	}
}

async function stop(child: ChildProcess, dir: string | undefined): Promise<void> {
	if (child.exitCode === null && child.signalCode === null) {
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
	}
	if (dir) await rm(dir, {recursive: true, force: true});
}

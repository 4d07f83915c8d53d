// `labdeck serve --listen`: TCP only with TLS and a token. Refuses to start without them; over TLS a
// client without the token is refused, one with it gets the live snapshot.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {connect} from 'node:tls';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {wireVersion} from '../src/wire.js';
import {runCli} from './support/cli.js';
import {startServeRig, type ServeRig} from './support/serve.js';

const token = 'a-token-of-more-than-16-chars';
let rig: ServeRig;
let cert = '';

beforeAll(async () => {
	const {mkdtempSync} = await import('node:fs');
	const {tmpdir} = await import('node:os');
	const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-tls-'));
	execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], {stdio: 'ignore'});
	cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
	rig = await startServeRig({
		config: {lab: 'tls', sources: []},
		env: {LABDECK_SERVE_TOKEN: token},
		serveArgs: ['--listen', '127.0.0.1:0', '--tls-cert', path.join(dir, 'cert.pem'), '--tls-key', path.join(dir, 'key.pem')],
	});
}, 60_000);

afterAll(async () => rig?.stop());

async function exchange(hello: Record<string, unknown>): Promise<Record<string, unknown>[]> {
	const [, host, port] = /TLS (\S+):(\d+)/.exec(rig.serveLog())!;
	return new Promise((resolve, reject) => {
		const socket = connect({host, port: Number(port), ca: cert, servername: 'localhost'}, () => socket.write(`${JSON.stringify(hello)}\n`));
		let text = '';
		const frames = () => text.split('\n').filter(Boolean).map(line => JSON.parse(line) as Record<string, unknown>);
		socket.on('data', chunk => {
			text += chunk;
			if (frames().some(frame => frame.type === 'snapshot')) socket.destroy();
		});
		socket.on('close', () => resolve(frames()));
		socket.on('error', reject);
	});
}

describe('labdeck serve --listen', () => {
	it('refuses to listen on TCP without TLS and a token', async () => {
		const noTls = await runCli(['serve', '--config', rig.config, '--socket', path.join(rig.home.dir, 'other.sock'), '--listen', '127.0.0.1:0'], {env: rig.env});
		expect(noTls.code).toBe(1);
		expect(noTls.stderr.trim()).toBe('labdeck: serve --listen needs TLS: pass --tls-cert FILE and --tls-key FILE');
	});

	it('over TLS: no token, refused; the token, the snapshot', async () => {
		const refused = await exchange({v: wireVersion, type: 'hello', role: 'query', configPath: rig.config});
		expect(refused).toEqual([expect.objectContaining({type: 'error', code: 'auth'})]);
		const wrong = await exchange({v: wireVersion, type: 'hello', role: 'query', configPath: rig.config, token: 'x'.repeat(token.length)});
		expect(wrong[0]).toMatchObject({type: 'error', code: 'auth'});
		const welcomed = await exchange({v: wireVersion, type: 'hello', role: 'query', configPath: rig.config, token});
		expect(welcomed.map(frame => frame.type)).toEqual(['welcome', 'snapshot']);
		expect(welcomed[0]).toMatchObject({lab: 'tls', operator: expect.stringMatching(/^remote:/)});
	});
});

// Attaching over TCP: a real `labdeck serve --listen 127.0.0.1:0` (TLS, token, port from the OS) on
// the demo lab, and real clients on another "machine" (no config file, another runtime dir, so no
// Unix socket to find): a query answered from the service, an action audited under the declared
// name, the wrong token, the wrong fingerprint, an untrusted certificate and a refused connection
// each refused with one line, and a console in tmux drawing the service's live lab.
import {existsSync, mkdirSync, readFileSync} from 'node:fs';
import {connect, createServer, type Socket} from 'node:net';
import {userInfo} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {attach} from '../app/serve/client.js';
import {challengeDirOf, preProve} from '../app/serve/peer.js';
import {remoteTarget} from '../app/serve/remote.js';
import {emptySnapshot, Store} from '../src/store.js';
import {wireVersion} from '../src/wire.js';
import {makeTestCertificate, type TestCertificate} from './support/cert.js';
import {labdeckBin, runCli} from './support/cli.js';
import {freePort, startServeRig, type ServeRig} from './support/serve.js';
import {hasTmux, tmuxRig} from './support/tmux.js';

const token = 'tcp-attach-token-0123456789';
let certificate: TestCertificate;
let rig: ServeRig;
let address = '';
/** A client machine: no config, no socket, its own state dir; the token and the pin in its environment. */
let client: NodeJS.ProcessEnv;
const tmux = tmuxRig('attach-tcp', 'remote');
const refusedTmux = tmuxRig('attach-tcp-refused', 'refused');

beforeAll(async () => {
	certificate = await makeTestCertificate();
	rig = await startServeRig({env: {LABDECK_SERVE_TOKEN: token}, serveArgs: ['--listen', '127.0.0.1:0', '--tls-cert', certificate.certFile, '--tls-key', certificate.keyFile]});
	address = /TLS (127\.0\.0\.1:\d+)/.exec(rig.serveLog())![1]!;
	const home = path.join(rig.home.dir, 'remote');
	mkdirSync(path.join(home, 'run'), {recursive: true, mode: 0o700});
	client = {...rig.env, LABDECK_CONFIG: '', XDG_CONFIG_HOME: path.join(home, 'config'), XDG_RUNTIME_DIR: path.join(home, 'run'), LABDECK_STATE_DIR: path.join(home, 'state'), LABDECK_ATTACH_TOKEN: token, LABDECK_ATTACH_FINGERPRINT: certificate.fingerprint256};
}, 60_000);

afterAll(async () => {
	tmux.cleanup();
	refusedTmux.cleanup();
	await rig?.stop();
	await certificate?.dispose();
});

const lines = (text: string) => text.trim().split('\n');

describe('attaching to labdeck serve --listen over TLS', () => {
	it('a one-shot is answered from the service (no config here: standalone it would see this machine only)', async () => {
		type Status = {lab: string; sources: {id: string}[]; summary: {entities: Record<string, number>}};
		let document: Status | undefined;
		// The service has just started: wait for its first rounds (the guests) to arrive.
		for (const deadline = Date.now() + 20_000; Date.now() < deadline && !((document?.summary.entities.guest ?? 0) > 5); await new Promise(resolve => setTimeout(resolve, 200))) {
			const result = await runCli(['status', '--json', '--attach', address], {env: client});
			expect(result.stderr).toBe('');
			document = JSON.parse(result.stdout) as Status;
		}
		if (!document) throw new Error('no answer');
		expect(document.lab).toBe('demo');
		expect(document.sources.length).toBeGreaterThan(10);
		expect(document.summary.entities.guest).toBeGreaterThan(5);
		// $LABDECK_ATTACH does the same as --attach.
		const byEnv = await runCli(['vms', '--json'], {env: {...client, LABDECK_ATTACH: address}});
		expect((JSON.parse(byEnv.stdout) as {lab: string}).lab).toBe('demo');
	});

	it('an action runs in the service: its gate, the client\'s --readonly, the audit naming the declared operator', async () => {
		// Planning needs the lab's config (racks, actions): a copy of the service's, here the file itself.
		const withConfig = {...client, LABDECK_CONFIG: rig.config};
		const refused = await runCli(['act', 'guest:pve-demo/101', 'guest.shutdown', '--yes', '--readonly', '--attach', address], {env: withConfig});
		expect(refused.code).toBe(1);
		expect(refused.stderr).toContain('read-only mode');
		const power = JSON.parse((await runCli(['power', '--json', '--attach', address], {env: withConfig})).stdout) as {items: {id: string; kind: string; name: string; state?: string}[]};
		const outlet = power.items.find(item => item.kind === 'outlet' && item.state === 'on' && item.id.startsWith('outlet:pdu-a/'))!;
		const done = await runCli(['act', outlet.id, 'outlet.off', '--confirm', outlet.name, '--attach', address], {env: withConfig});
		expect(done.code).toBe(0);
		const records = lines(readFileSync(path.join(rig.home.dir, 'state', 'audit.jsonl'), 'utf8')).map(line => JSON.parse(line) as Record<string, unknown>);
		expect(records.at(-2)).toMatchObject({result: 'refused', action: 'guest.shutdown', user: `declared:${userInfo().username}@127.0.0.1`});
		expect(records.at(-1)).toMatchObject({result: 'ok', action: 'outlet.off', targets: [outlet.id], origin: 'cli', user: `declared:${userInfo().username}@127.0.0.1`});
	});

	it('refuses, in one line each: the wrong token, the wrong fingerprint, an untrusted certificate, a refused connection', async () => {
		const wrongToken = await runCli(['status', '--json', '--attach', address], {env: {...client, LABDECK_ATTACH_TOKEN: 'x'.repeat(token.length)}});
		expect(wrongToken.code).toBe(1);
		expect(wrongToken.stdout).toBe('');
		expect(lines(wrongToken.stderr)).toEqual([`labdeck: --attach ${address}: token: the service refused the token in $LABDECK_ATTACH_TOKEN`]);
		const noToken = await runCli(['status', '--attach', address], {env: {...client, LABDECK_ATTACH_TOKEN: ''}});
		expect(lines(noToken.stderr)).toEqual([`labdeck: --attach ${address}: attach: the service's token is not set: put it in $LABDECK_ATTACH_TOKEN`]);
		const other = certificate.fingerprint256.replace(/^../, certificate.fingerprint256.startsWith('00') ? '11' : '00');
		const wrongPin = await runCli(['status', '--json', '--attach', address, '--attach-fingerprint', other], {env: client});
		expect(wrongPin.code).toBe(1);
		expect(lines(wrongPin.stderr)).toEqual([`labdeck: --attach ${address}: TLS handshake: certificate fingerprint mismatch: expected ${other}, got ${certificate.fingerprint256}`]);
		const untrusted = await runCli(['status', '--json', '--attach', address], {env: {...client, LABDECK_ATTACH_FINGERPRINT: ''}});
		expect(untrusted.code).toBe(1);
		expect(lines(untrusted.stderr)).toEqual([`labdeck: --attach ${address}: TLS handshake: certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT), nothing sent; to pin it: --attach-fingerprint ${certificate.fingerprint256}`]);
		// The system trust store: a certificate it trusts (Node's NODE_EXTRA_CA_CERTS) needs no pin.
		const trusted = await runCli(['status', '--json', '--attach', address], {env: {...client, LABDECK_ATTACH_FINGERPRINT: '', NODE_EXTRA_CA_CERTS: certificate.certFile}});
		expect((JSON.parse(trusted.stdout) as {lab: string}).lab).toBe('demo');
		const closed = `127.0.0.1:${await freePort()}`;
		const refused = await runCli(['status', '--json', '--attach', closed], {env: client});
		expect(refused.code).toBe(1);
		expect(lines(refused.stderr)).toEqual([`labdeck: --attach ${closed}: connect: connection refused (is "labdeck serve --listen" running there?)`]);
		// A port that accepts and never answers (no TLS handshake): the attach's time budget.
		const held: Socket[] = [];
		const silent = createServer(socket => held.push(socket));
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		const silentAddress = `127.0.0.1:${(silent.address() as {port: number}).port}`;
		try {
			const hung = await runCli(['status', '--json', '--attach', silentAddress], {env: client});
			expect(hung.code).toBe(1);
			expect(lines(hung.stderr)).toEqual([`labdeck: --attach ${silentAddress}: attach: no answer within 5 s`]);
			expect(hung.ms).toBeLessThan(12_000);
		} finally {
			for (const socket of held) socket.destroy();
			await new Promise(resolve => silent.close(resolve));
		}
		const malformed = await runCli(['status', '--attach', 'no-port-here'], {env: client});
		expect(lines(malformed.stderr)).toEqual(['labdeck: --attach no-port-here: attach: expected HOST:PORT of a "labdeck serve --listen" (e.g. jump.lab:7443)']);
	});

	it('a service of another wire version is refused with both versions (the caller then polls by itself)', async () => {
		const target = remoteTarget(address, undefined, client)!;
		const result = await attach({remote: target, configPath: null, role: 'console', store: new Store(emptySnapshot('x')), version: wireVersion + 1});
		expect(result).toEqual({refused: `labdeck serve refused: labdeck serve speaks wire protocol v${wireVersion}, this client v${wireVersion + 1}`, code: 'version'});
	});

	it.skipIf(!hasTmux)('a console attached over TCP draws the live lab; a refused one prints one line; the service stopping leaves it polling by itself', {timeout: 90_000}, async () => {
		const env = (extra: string) => `env -u CI -u LABDECK_SOCKET NO_COLOR=1 LABDECK_CONFIG= XDG_CONFIG_HOME=${client.XDG_CONFIG_HOME} XDG_RUNTIME_DIR=${client.XDG_RUNTIME_DIR} LABDECK_STATE_DIR=${client.LABDECK_STATE_DIR} LABDECK_ATTACH_TOKEN=${token} LABDECK_ATTACH_FINGERPRINT=${certificate.fingerprint256} ${extra}`;
		refusedTmux.tmux('new-session', '-d', '-s', 'refused', '-x', '200', '-y', '10', `${env(`LABDECK_ATTACH_TOKEN=${'y'.repeat(token.length)}`)} ${process.execPath} ${labdeckBin} --attach ${address}; echo "exit $?"; sleep 60`);
		const refusedScreen = await refusedTmux.waitFor(text => text.includes('exit 1'), 'the refused console exiting');
		expect(refusedScreen.replace(/\n/g, '')).toContain(`labdeck: --attach ${address}: token: the service refused the token in $LABDECK_ATTACH_TOKEN`);
		tmux.tmux('new-session', '-d', '-s', 'remote', '-x', '120', '-y', '30', `${env('')} ${process.execPath} ${labdeckBin} --attach ${address}`);
		// The demo lab's sources and machines, which this "machine" has no config for.
		await tmux.waitFor(text => /\d+ sources ok/.test(text) && text.includes('pve1') && text.includes('labdeck · demo'), 'the live demo lab over TCP');
		expect(rig.serveLog()).toContain(`console attached: declared:${userInfo().username}@127.0.0.1`);
		await rig.stopServe();
		await tmux.waitFor(text => text.includes('labdeck serve stopped'), 'the notice that the service stopped');
		tmux.tmux('send-keys', '-t', 'remote', 'q');
		await tmux.waitForExit(20_000, 'remote');
	});
});

/** The frames a raw socket client receives up to the first welcome or challenge. */
async function socketHello(extra: Record<string, unknown>): Promise<Record<string, unknown>[]> {
	return new Promise((resolve, reject) => {
		const socket = connect(rig.socket, () => socket.write(`${JSON.stringify({v: wireVersion, type: 'hello', role: 'query', configPath: rig.config, ...extra})}\n`));
		let text = '';
		const frames = () => text.split('\n').filter(Boolean).map(line => JSON.parse(line) as Record<string, unknown>);
		socket.on('data', chunk => {
			text += chunk;
			if (frames().some(frame => frame.type === 'welcome' || frame.type === 'challenge' || frame.type === 'error')) socket.destroy();
		});
		socket.on('close', () => resolve(frames()));
		socket.on('error', reject);
	});
}

describe('the socket hello (the first frame one round trip away)', () => {
	it('a proof made before connecting is taken at once; a missing one gets the challenge', async () => {
		if (rig.serve.exitCode !== null) await rig.startServe();
		const proof = preProve(rig.socket)!;
		expect(proof).toBeDefined();
		const welcomed = await socketHello({proof: proof.nonce});
		expect(welcomed[0]).toMatchObject({type: 'welcome', operator: userInfo().username});
		// The service removed the proof file it read.
		expect(existsSync(path.join(challengeDirOf(rig.socket), proof.nonce))).toBe(false);
		const challenged = await socketHello({proof: 'a'.repeat(36)});
		expect(challenged.map(frame => frame.type)).toEqual(['challenge']);
		const malformed = await socketHello({proof: '../../etc/passwd'});
		expect(malformed[0]).toMatchObject({type: 'error', code: 'malformed', message: 'hello: proof must be 36 lower-case hex digits'});
	});
});

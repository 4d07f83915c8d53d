// Hostile Proxmox: a guest named with OSC 52 (clipboard) and friends, through the real plugin
// against the simulator; and a server whose HTTP 500 body carries them (a raw TLS server in this
// file). No raw control reaches the CLI's text or `--json`; the JSON escapes C1 and bidi too.
import {createServer, type Server, type TLSSocket} from 'node:tls';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {makeSelfSignedCertificate} from '../../protocols/sim/self-signed.js';
import {startPveSimulator, type PveSimulator} from '../../plugins/proxmox/sim/simulator.js';
import {runCli, tempHome} from '../support/cli.js';
import {firstRawControl, poisoned} from './sequences.js';

const home = tempHome();
let sim: PveSimulator;
let hostile500: Server;
let hostilePort = 0;
let hostileFingerprint = '';
const sockets = new Set<TLSSocket>();

beforeAll(async () => {
	sim = await startPveSimulator({taskMs: 30});
	const [first] = sim.state.guests.values();
	(first as {name: string}).name = poisoned('web');
	const certificate = await makeSelfSignedCertificate('hostile.localdomain', {parentDir: home.dir});
	hostileFingerprint = certificate.fingerprint256;
	// Every request: HTTP 500 with no reason phrase and a body full of terminal sequences.
	hostile500 = createServer({key: certificate.key, cert: certificate.cert}, socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		socket.once('data', () => {
			const body = poisoned('proxy exploded');
			socket.end(`HTTP/1.1 500 \r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
		});
	});
	await new Promise<void>(resolve => hostile500.listen(0, '127.0.0.1', resolve));
	hostilePort = (hostile500.address() as {port: number}).port;
});

afterAll(async () => {
	await sim?.stop();
	for (const socket of sockets) socket.destroy();
	await new Promise(resolve => hostile500?.close(resolve));
	home.cleanup();
});

describe('hostile Proxmox text', () => {
	it('a guest named with OSC 52, OSC 0, CSI 2J, blink, BEL, C1 CSI and RLO prints escaped, text and --json', async () => {
		const config = home.writeConfig({sources: [{id: 'pve', type: 'proxmox', host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.tokenSecret, fingerprint: sim.fingerprint}]});
		const text = await runCli(['vms', '--config', config], {env: home.env});
		expect(text.code, text.stderr).toBe(0);
		expect(firstRawControl(text.stdout + text.stderr)).toBeUndefined();
		expect(text.stdout).toContain('web\\x1b]52;c;');
		const json = await runCli(['vms', '--json', '--config', config], {env: home.env});
		expect(firstRawControl(json.stdout + json.stderr)).toBeUndefined();
		const names = (JSON.parse(json.stdout) as {items: {name: string}[]}).items.map(item => item.name);
		expect(names).toContain('web\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b]0;PWNED-TITLE\\x07\\x1b[2J\\x1b[5m\\x07\\x9b2J\\u202eexe.txt');
	});

	it('an HTTP 500 body full of sequences: lastError and the alerts print escaped', async () => {
		const config = home.writeConfig({sources: [{id: 'bad', type: 'proxmox', host: '127.0.0.1', port: hostilePort, tokenId: 'a@pve!b', token: 't', fingerprint: hostileFingerprint, timeout: 3}]});
		for (const command of ['status', 'alerts', 'doctor']) {
			const text = await runCli([command, '--config', config], {env: home.env});
			expect(firstRawControl(text.stdout + text.stderr), command).toBeUndefined();
			const json = await runCli([command, '--json', '--config', config], {env: home.env});
			expect(firstRawControl(json.stdout + json.stderr), command).toBeUndefined();
		}
		const status = JSON.parse((await runCli(['status', '--json', '--config', config], {env: home.env})).stdout) as {sources: {id: string; lastError: string}[]};
		expect(status.sources[0]?.lastError).toContain('proxy exploded\\x1b]52;c;');
	});
});

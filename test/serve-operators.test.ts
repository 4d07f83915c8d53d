// Operators sharing one jump host: `labdeck serve --group` lets another user attach, the uid
// challenge proves who they are, and the audit log names them (here: `nobody`, a client process
// started with another uid, whose refused action is audited under its own name).
import {spawn} from 'node:child_process';
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {wireVersion} from '../src/wire.js';
import {startServeRig, type ServeRig} from './support/serve.js';

const canSwitchUser = process.getuid?.() === 0 && readFileSync('/etc/passwd', 'utf8').includes('\nnobody:x:65534:65534') && /(^|\n)nogroup:x:65534:/.test(readFileSync('/etc/group', 'utf8'));
if (!canSwitchUser) console.warn('serve-operators: skipped: needs root and the nobody/nogroup accounts to start a client as another user');

const shared = mkdtempSync(path.join(tmpdir(), 'labdeck-shared-'));
const socket = path.join(shared, 'labdeck.sock');
let rig: ServeRig;

// A client of its own (no repo files: `nobody` may not read them): hello, proof, one execute.
const client = `
const net = require('node:net'), fs = require('node:fs'), path = require('node:path');
const [socket, config, target] = process.argv.slice(2);
const s = net.connect(socket);
const frames = []; let pending = '';
const send = frame => s.write(JSON.stringify({v: ${wireVersion}, ...frame}) + '\\n');
s.on('connect', () => send({type: 'hello', role: 'console', configPath: config}));
s.on('error', error => { console.log(JSON.stringify([{type: 'socket-error', code: error.code}])); process.exit(0); });
s.on('data', chunk => {
	pending += chunk;
	let index;
	while ((index = pending.indexOf('\\n')) >= 0) {
		const frame = JSON.parse(pending.slice(0, index)); pending = pending.slice(index + 1);
		frames.push({type: frame.type, code: frame.code, operator: frame.operator, message: frame.message});
		if (frame.type === 'challenge') { fs.writeFileSync(path.join(frame.dir, frame.nonce), '', {flag: 'wx'}); send({type: 'proof', nonce: frame.nonce}); }
		if (frame.type === 'welcome') send({type: 'execute', id: 1, actionId: 'guest.shutdown', targetIds: [target], params: {}, confirmation: {isConfirmed: true}, origin: 'console', isReadonly: true});
		if (frame.type === 'error') { console.log(JSON.stringify(frames.filter(f => f.type !== 'snapshot'))); process.exit(0); }
	}
});
`;

beforeAll(async () => {
	if (!canSwitchUser) return;
	chmodSync(shared, 0o711);
	writeFileSync(path.join(shared, 'client.cjs'), client, {mode: 0o644});
	rig = await startServeRig({serveArgs: ['--socket', socket, '--group', 'nogroup']});
}, 60_000);

afterAll(async () => {
	await rig?.stop();
	rmSync(shared, {recursive: true, force: true});
});

async function runAs(uid: number, gid: number): Promise<Record<string, unknown>[]> {
	const child = spawn(process.execPath, [path.join(shared, 'client.cjs'), socket, rig.config, 'guest:pve-demo/101'], {uid, gid, cwd: shared, stdio: ['ignore', 'pipe', 'inherit']});
	let out = '';
	child.stdout.on('data', chunk => (out += chunk));
	await new Promise(resolve => child.once('exit', resolve));
	return JSON.parse(out) as Record<string, unknown>[];
}

describe.skipIf(!canSwitchUser)('labdeck serve --group', () => {
	it('another user of the group attaches, and the audit names that operator', async () => {
		// Until the service's first Proxmox poll, the guest is unknown there.
		let frames = await runAs(65_534, 65_534);
		for (let attempt = 0; attempt < 40 && String(frames[2]?.message).includes('unknown entity'); attempt++) {
			await new Promise(resolve => setTimeout(resolve, 250));
			frames = await runAs(65_534, 65_534);
		}
		expect(frames.map(frame => frame.type)).toEqual(['challenge', 'welcome', 'error']);
		expect(frames[1]).toMatchObject({operator: 'nobody'});
		expect(frames[2]).toMatchObject({code: 'refused', message: expect.stringContaining('read-only mode')});
		const audit = readFileSync(path.join(rig.home.dir, 'state', 'audit.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(audit.at(-1)).toMatchObject({user: 'nobody', origin: 'console', action: 'guest.shutdown', result: 'refused'});
	});

	it('a user outside the group cannot connect at all', async () => {
		expect(await runAs(65_534, 65_533)).toEqual([{type: 'socket-error', code: 'EACCES'}]);
	});
});

import {createHmac} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {fingerprint, knownHostsName, knownKeyTypes, matchesHost, parseKnownHosts, verifyHostKey} from './host-key.js';

function blob(type: string, body: string): Buffer {
	const name = Buffer.from(type);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(name.length);
	return Buffer.concat([length, name, Buffer.from(body)]);
}

const keyA = blob('ssh-ed25519', 'key-a');
const keyB = blob('ssh-ed25519', 'key-b');
const rsa = blob('ssh-rsa', 'rsa-key');
const dir = mkdtempSync(join(tmpdir(), 'labdeck-kh-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function file(text: string): string {
	const path = join(dir, `kh-${Math.random().toString(36).slice(2)}`);
	writeFileSync(path, text);
	return path;
}

describe('known_hosts', () => {
	it('names non-22 ports in brackets', () => {
		expect(knownHostsName('gpu-box-1', 22)).toBe('gpu-box-1');
		expect(knownHostsName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
	});

	it('matches plain lists, wildcards, negations and bracketed ports', () => {
		expect(matchesHost('gpu-box-1,10.0.0.5', 'gpu-box-1')).toBe(true);
		expect(matchesHost('GPU-BOX-1', 'gpu-box-1')).toBe(true);
		expect(matchesHost('gpu-box-?', 'gpu-box-2')).toBe(true);
		expect(matchesHost('*.lab,!bad.lab', 'bad.lab')).toBe(false);
		expect(matchesHost('*.lab', 'pve2.lab')).toBe(true);
		expect(matchesHost('[127.0.0.1]:2222', '[127.0.0.1]:2222')).toBe(true);
		expect(matchesHost('[127.0.0.1]:2222', '127.0.0.1')).toBe(false);
	});

	it('matches a hashed |1|salt|hmac entry (HMAC-SHA1 of the name)', () => {
		const salt = Buffer.from('0123456789abcdefghij');
		const hash = createHmac('sha1', salt).update('[pve2]:2222').digest('base64');
		const pattern = `|1|${salt.toString('base64')}|${hash}`;
		expect(matchesHost(pattern, '[pve2]:2222')).toBe(true);
		expect(matchesHost(pattern, 'pve2')).toBe(false);
	});

	it('skips comments, blank and malformed lines, keeps markers', () => {
		const entries = parseKnownHosts(`# c\n\nbroken\n@revoked host ssh-ed25519 ${keyB.toString('base64')}\nhost ssh-ed25519 ${keyA.toString('base64')}\n`);
		expect(entries.map(entry => entry.marker)).toEqual(['@revoked', null]);
	});

	it('gives ok, unknown, changed and revoked verdicts with the offered fingerprint', () => {
		const path = file(`gpu-box-1 ssh-ed25519 ${keyA.toString('base64')}\n@revoked * ssh-ed25519 ${keyB.toString('base64')}\n`);
		const policy = {knownHostsFile: path};
		expect(verifyHostKey(policy, 'gpu-box-1', 22, keyA)).toEqual({ok: true});
		expect(verifyHostKey(policy, 'gpu-box-2', 22, keyA)).toMatchObject({ok: false, reason: 'unknown', offered: fingerprint(keyA)});
		expect(verifyHostKey(policy, 'gpu-box-1', 22, keyB)).toMatchObject({ok: false, reason: 'revoked'});
		expect(verifyHostKey({knownHostsFile: file(`gpu-box-1 ssh-ed25519 ${keyB.toString('base64')}\n`)}, 'gpu-box-1', 22, keyA)).toMatchObject({reason: 'changed'});
		// Another key type for the host is not a change: the server may offer a different algorithm.
		expect(verifyHostKey(policy, 'gpu-box-1', 22, rsa)).toMatchObject({reason: 'unknown', type: 'ssh-rsa'});
		expect(verifyHostKey({knownHostsFile: join(dir, 'missing')}, 'gpu-box-1', 22, keyA)).toMatchObject({reason: 'unknown'});
		expect(knownKeyTypes(policy, 'gpu-box-1', 22)).toEqual(['ssh-ed25519']);
	});

	it('compares a pinned fingerprint with or without base64 padding', () => {
		const pin = fingerprint(keyA);
		expect(pin).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
		expect(verifyHostKey({pinned: pin}, 'h', 22, keyA)).toEqual({ok: true});
		expect(verifyHostKey({pinned: `${pin}=`}, 'h', 22, keyA)).toEqual({ok: true});
		expect(verifyHostKey({pinned: pin}, 'h', 22, keyB)).toMatchObject({ok: false, reason: 'mismatch', offered: fingerprint(keyB)});
	});
});

import {createPrivateKey, createPublicKey, sign, verify} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {generateEd25519Key} from './keygen.js';
import ssh2 from 'ssh2';

describe('generateEd25519Key', () => {
	it('makes 5,000 keys that ssh2 parses, private and public, and that sign and verify', () => {
		let rejected = 0;
		for (let index = 0; index < 5000; index++) {
			const key = generateEd25519Key({comment: `k${index}`});
			const parsed = ssh2.utils.parseKey(key.private);
			const publicKey = ssh2.utils.parseKey(key.public);
			if (parsed instanceof Error || publicKey instanceof Error) {
				rejected++;
				continue;
			}
			if (index % 500 === 0) {
				const data = Buffer.from(`data ${index}`);
				const signature = (parsed as ssh2.ParsedKey).sign(data);
				expect((publicKey as ssh2.ParsedKey).verify(data, signature)).toBe(true);
				expect((parsed as ssh2.ParsedKey).getPublicSSH().equals((publicKey as ssh2.ParsedKey).getPublicSSH())).toBe(true);
			}
		}
		expect(rejected).toBe(0);
	});

	it('writes a key OpenSSL reads too (same key pair as Node made)', () => {
		const key = generateEd25519Key();
		const parsed = ssh2.utils.parseKey(key.private) as ssh2.ParsedKey;
		const pem = parsed.getPrivatePEM();
		const signature = sign(null, Buffer.from('x'), createPrivateKey(pem));
		expect(verify(null, Buffer.from('x'), createPublicKey(parsed.getPublicPEM()), signature)).toBe(true);
		expect(key.public.startsWith('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI')).toBe(true);
	});

	it('makes passphrase-protected keys that ssh2 opens only with the passphrase', () => {
		const key = generateEd25519Key({passphrase: 'correct horse'});
		expect(ssh2.utils.parseKey(key.private, 'correct horse')).not.toBeInstanceOf(Error);
		expect(ssh2.utils.parseKey(key.private, 'wrong')).toBeInstanceOf(Error);
	});
});

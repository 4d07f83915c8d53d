// The project's one ed25519 key generator, for the demo lab and the tests. ssh2 1.17's
// `utils.generateKeyPairSync('ed25519')` strips leading zero bytes of the public key, so about
// 4 keys in 1,000 are rejected by its own parser (upstream ssh2 issues 1390 and 1513). Here the
// key comes from Node's crypto and is written in OpenSSH's formats by hand; an encrypted key
// (bcrypt KDF, which Node lacks) is asked of ssh2 and retried until its parser accepts it.
import {generateKeyPairSync, randomBytes} from 'node:crypto';
import {ssh2} from './ssh2.js';

export type SshKeyPair = {
	/** OpenSSH private key (`-----BEGIN OPENSSH PRIVATE KEY-----`). */
	readonly private: string;
	/** One authorized_keys line: `ssh-ed25519 AAAA… comment`. */
	readonly public: string;
};

export type SshKeyOptions = {readonly comment?: string; readonly passphrase?: string};

export function generateEd25519Key(options: SshKeyOptions = {}): SshKeyPair {
	const comment = options.comment ?? '';
	if (options.passphrase !== undefined) return encryptedKey(options.passphrase, comment);
	// DER straight from the generator: an ed25519 SPKI ends with the 32-byte public key and a PKCS #8
	// with the 32-byte seed. (Exporting KeyObjects as JWK can deadlock Node 20: ExportJWK allocates while
	// holding the key's mutex, and a GC that finalises a key-generation job takes the same mutex.)
	const {publicKey, privateKey} = generateKeyPairSync('ed25519', {publicKeyEncoding: {type: 'spki', format: 'der'}, privateKeyEncoding: {type: 'pkcs8', format: 'der'}});
	const pub = publicKey.subarray(publicKey.length - 32);
	const seed = privateKey.subarray(privateKey.length - 32);
	const type = Buffer.from('ssh-ed25519');
	const publicBlob = Buffer.concat([sshString(type), sshString(pub)]);
	const check = randomBytes(4);
	const secret = Buffer.concat([check, check, sshString(type), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(Buffer.from(comment))]);
	const padding = Buffer.from(Array.from({length: (8 - (secret.length % 8)) % 8}, (_, index) => index + 1));
	const body = Buffer.concat([
		Buffer.from('openssh-key-v1\0'),
		sshString(Buffer.from('none')),
		sshString(Buffer.from('none')),
		sshString(Buffer.alloc(0)),
		uint32(1),
		sshString(publicBlob),
		sshString(Buffer.concat([secret, padding])),
	]);
	const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
	return {
		private: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`,
		public: `ssh-ed25519 ${publicBlob.toString('base64')}${comment ? ` ${comment}` : ''}`,
	};
}

function encryptedKey(passphrase: string, comment: string): SshKeyPair {
	for (let attempt = 1; ; attempt++) {
		const key = ssh2().utils.generateKeyPairSync('ed25519', {passphrase, cipher: 'aes256-ctr', rounds: 4, comment});
		const isParsed = !(ssh2().utils.parseKey(key.private, passphrase) instanceof Error) && !(ssh2().utils.parseKey(key.public) instanceof Error);
		if (isParsed) return key;
		if (attempt >= 20) throw new Error('ssh2 could not produce a parsable ed25519 key in 20 attempts');
	}
}

function uint32(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32BE(value);
	return buffer;
}

function sshString(data: Buffer): Buffer {
	return Buffer.concat([uint32(data.length), data]);
}

// Host key verification the way OpenSSH does it: a pinned `SHA256:` fingerprint, or the user's
// known_hosts file (plain and hashed `|1|salt|hmac` entries, `[host]:port` for other ports,
// wildcards, `!` negation, `@revoked`). ssh2 has none of this built in.
import {createHash, createHmac} from 'node:crypto';
import {readFileSync} from 'node:fs';

/** OpenSSH's fingerprint of a public key blob: `SHA256:` + unpadded base64 of its SHA-256. */
export function fingerprint(keyBlob: Buffer): string {
	return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside the blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`…). */
export function keyType(keyBlob: Buffer): string {
	if (keyBlob.length < 4) return 'unknown';
	const length = keyBlob.readUInt32BE(0);
	return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** How the host appears in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
	return port === 22 ? host : `[${host}]:${port}`;
}

export type KnownHostEntry = {
	readonly marker: '@revoked' | '@cert-authority' | null;
	readonly patterns: string;
	readonly keyType: string;
	readonly key: Buffer;
};

export function parseKnownHosts(text: string): KnownHostEntry[] {
	const entries: KnownHostEntry[] = [];
	for (const rawLine of text.split(/\r?\n/)) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#')) continue;
		const fields = line.split(/\s+/);
		let marker: KnownHostEntry['marker'] = null;
		if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
		const [patterns, type, base64] = fields;
		if (!patterns || !type || !base64) continue;
		entries.push({marker, patterns, keyType: type, key: Buffer.from(base64, 'base64')});
	}
	return entries;
}

function globToRegExp(pattern: string): RegExp {
	const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
	return new RegExp(`^${escaped}$`, 'i');
}

function matchesHashed(pattern: string, name: string): boolean {
	const [, magic, salt, hash] = pattern.split('|');
	if (magic !== '1' || !salt || !hash) return false;
	return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** Whether an entry's host field matches the name (`host` or `[host]:port`). */
export function matchesHost(patterns: string, name: string): boolean {
	if (patterns.startsWith('|')) return matchesHashed(patterns, name);
	let isMatch = false;
	for (const pattern of patterns.split(',')) {
		const isNegated = pattern.startsWith('!');
		if (globToRegExp(isNegated ? pattern.slice(1) : pattern).test(name)) {
			if (isNegated) return false;
			isMatch = true;
		}
	}
	return isMatch;
}

export type HostKeyVerdict =
	| {readonly ok: true}
	| {readonly ok: false; readonly reason: 'unknown' | 'changed' | 'revoked' | 'mismatch'; readonly offered: string; readonly type: string};

export type HostKeyPolicy =
	| {readonly pinned: string}
	| {readonly knownHostsFile: string};

/** Normalises a pinned fingerprint: `SHA256:abc=` and `SHA256:abc` are the same key. */
function normalizePin(pin: string): string {
	const body = pin.replace(/^SHA256:/i, '').replace(/=+$/, '');
	return `SHA256:${body}`;
}

/** Key types known for this host, so the client can ask the server for one of them first. */
export function knownKeyTypes(policy: HostKeyPolicy, host: string, port: number): string[] {
	if (!('knownHostsFile' in policy)) return [];
	const name = knownHostsName(host, port);
	return readKnownHosts(policy.knownHostsFile)
		.filter(entry => entry.marker === null && matchesHost(entry.patterns, name))
		.map(entry => entry.keyType);
}

function readKnownHosts(file: string): KnownHostEntry[] {
	try {
		return parseKnownHosts(readFileSync(file, 'utf8'));
	} catch {
		return [];
	}
}

export function verifyHostKey(policy: HostKeyPolicy, host: string, port: number, keyBlob: Buffer): HostKeyVerdict {
	const offered = fingerprint(keyBlob);
	const type = keyType(keyBlob);
	if ('pinned' in policy) {
		return normalizePin(policy.pinned) === offered ? {ok: true} : {ok: false, reason: 'mismatch', offered, type};
	}
	const name = knownHostsName(host, port);
	const entries = readKnownHosts(policy.knownHostsFile).filter(entry => matchesHost(entry.patterns, name));
	if (entries.some(entry => entry.marker === '@revoked' && entry.key.equals(keyBlob))) return {ok: false, reason: 'revoked', offered, type};
	const plain = entries.filter(entry => entry.marker === null);
	if (plain.some(entry => entry.key.equals(keyBlob))) return {ok: true};
	// A known entry of the same type with another key is a changed key; other types are just unknown.
	return {ok: false, reason: plain.some(entry => entry.keyType === type) ? 'changed' : 'unknown', offered, type};
}

/** One line for the AuthError: what was offered and what to do. */
export function describeVerdict(verdict: Exclude<HostKeyVerdict, {ok: true}>, host: string, port: number, policy: HostKeyPolicy): string {
	const name = knownHostsName(host, port);
	const key = `${verdict.type} ${verdict.offered}`;
	switch (verdict.reason) {
		case 'mismatch':
			return `host key of ${name} does not match the pinned hostKey ${'pinned' in policy ? policy.pinned : ''}: offered ${key}`;
		case 'changed':
			return `HOST KEY OF ${name} HAS CHANGED (possible man-in-the-middle): offered ${key}; if the change is expected, update the entry in ${'knownHostsFile' in policy ? policy.knownHostsFile : 'known_hosts'}`;
		case 'revoked':
			return `host key of ${name} is revoked in known_hosts: offered ${key}`;
		case 'unknown':
			return `host key of ${name} is unknown: offered ${key}; check it and add it to ${'knownHostsFile' in policy ? policy.knownHostsFile : 'known_hosts'} (ssh-keyscan) or pin it as hostKey`;
	}
}

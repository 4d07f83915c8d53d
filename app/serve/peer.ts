// Who is on the other end of the Unix socket. Node has no API for SO_PEERCRED, so the service
// proves the peer's uid with a challenge: it sends a random nonce, the client creates a file
// named by the nonce in the service's challenge directory (mode 1733: anyone may create, nobody
// else may list or remove), and the service reads the file's owner, which the kernel sets to the
// creator's uid (only root could forge it). The nonce travels only on this connection, so the file
// proves the uid of this peer. The uid is named through /etc/passwd.
import {randomBytes} from 'node:crypto';
import {chmodSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/** Where the challenge directory of a socket is (nothing created). */
export function challengeDirOf(socketFile: string): string {
	return path.join(path.dirname(socketFile), `${path.basename(socketFile)}.auth`);
}

export function challengeDir(socketFile: string): string {
	const dir = challengeDirOf(socketFile);
	mkdirSync(dir, {recursive: true});
	chmodSync(dir, 0o1733);
	return dir;
}

export function newNonce(): string {
	return randomBytes(18).toString('hex');
}

/** Client side: create the proof file. */
export function writeProof(dir: string, nonce: string): void {
	if (!/^[0-9a-f]{36}$/.test(nonce)) throw new Error('bad challenge nonce');
	writeFileSync(path.join(dir, nonce), '', {flag: 'wx', mode: 0o600});
}

/**
 * Client side, before connecting: a proof under a nonce of our own, sent in the hello, which saves
 * the challenge's round trip. Undefined when there is no challenge directory (no service yet).
 * The nonce is as secret as the service's (it travels only on this connection); `remove` clears
 * a proof the service did not take.
 */
export function preProve(socketFile: string): {readonly nonce: string; remove(): void} | undefined {
	const dir = challengeDirOf(socketFile);
	const nonce = newNonce();
	try {
		writeProof(dir, nonce);
	} catch {
		return undefined;
	}
	return {nonce, remove: () => rmSync(path.join(dir, nonce), {force: true})};
}

/** Service side: the uid that created the proof file (removed afterwards), or undefined when there is none. */
export function readProof(dir: string, nonce: string): number | undefined {
	const file = path.join(dir, nonce);
	try {
		const stat = lstatSync(file);
		return stat.isFile() && stat.nlink === 1 ? stat.uid : undefined;
	} catch {
		return undefined;
	} finally {
		rmSync(file, {force: true});
	}
}

/** The login name of a uid (`uid:N` when /etc/passwd does not list it). */
export function userName(uid: number): string {
	try {
		for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
			const [name, , id] = line.split(':');
			if (name && Number(id) === uid) return name;
		}
	} catch {}
	return `uid:${uid}`;
}

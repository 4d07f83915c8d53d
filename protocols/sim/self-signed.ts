// Simulator-side TLS (never imported by production code): a self-signed certificate for a loopback
// simulator (the Proxmox API, a BMC) and for tests, made at start with the `openssl` binary (execFile,
// no shell, a timeout, the caller's AbortSignal) into a private temporary folder that is removed
// again: Node's crypto can parse X.509 but cannot issue it. Valid for the name, 127.0.0.1 and ::1;
// the SHA-256 fingerprint is what a config pins with `fingerprint`.
import {execFile} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {oneLine} from '../../src/errors.js';

const execFileAsync = promisify(execFile);

export type SelfSignedCertificate = {readonly key: string; readonly cert: string; readonly fingerprint256: string};

export type SelfSignedOptions = {
	/** Where the temporary folder is made (default: the OS's temporary folder). */
	readonly parentDir?: string;
	/** Validity in days (default 825, the longest a browser accepts). */
	readonly days?: number;
	readonly signal?: AbortSignal;
};

export async function makeSelfSignedCertificate(commonName: string, options: SelfSignedOptions = {}): Promise<SelfSignedCertificate> {
	const dir = await mkdtemp(join(options.parentDir ?? tmpdir(), 'labdeck-sim-cert-'));
	try {
		const keyFile = join(dir, 'key.pem');
		const certFile = join(dir, 'cert.pem');
		await execFileAsync('openssl', [
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
			'-keyout', keyFile, '-out', certFile, '-days', String(options.days ?? 825), '-subj', `/CN=${commonName}/O=labdeck simulator`,
			'-addext', `subjectAltName=DNS:${commonName},IP:127.0.0.1,IP:::1`,
		], {timeout: 10_000, signal: options.signal}).catch((error: unknown) => {
			throw new Error(`simulator certificate for ${commonName}: openssl failed: ${oneLine(error instanceof Error ? error.message : String(error))}`);
		});
		const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
		return {key, cert, fingerprint256: new X509Certificate(cert).fingerprint256};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

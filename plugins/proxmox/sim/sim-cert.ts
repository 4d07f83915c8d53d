// A self-signed certificate for the simulator, made at start with the `openssl` binary (execFile,
// no shell, a timeout) into a private temporary folder: Node's crypto can parse X.509 but cannot
// issue it. The SHA-256 fingerprint is what a config pins with `fingerprint`.
import {execFile} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

export type Certificate = {readonly key: string; readonly cert: string; readonly fingerprint256: string};

export async function makeCertificate(parentDir = tmpdir(), commonName = 'pve-sim.localdomain'): Promise<Certificate> {
	const dir = await mkdtemp(join(parentDir, 'pve-cert-'));
	try {
		const keyFile = join(dir, 'key.pem');
		const certFile = join(dir, 'cert.pem');
		await execFileAsync('openssl', [
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
			'-keyout', keyFile, '-out', certFile, '-days', '825', '-subj', `/CN=${commonName}/O=labdeck simulator`,
			'-addext', `subjectAltName=DNS:${commonName},IP:127.0.0.1,IP:::1`,
		], {timeout: 10_000});
		const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
		return {key, cert, fingerprint256: new X509Certificate(cert).fingerprint256};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

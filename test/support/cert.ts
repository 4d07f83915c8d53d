// A throwaway self-signed certificate for 127.0.0.1, made by `openssl` (Node cannot issue X.509),
// as PEM text and files in a private folder the caller removes with `dispose()`.
import {execFile} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

export type TestCertificate = {readonly key: string; readonly cert: string; readonly keyFile: string; readonly certFile: string; readonly fingerprint256: string; dispose(): Promise<void>};

export async function makeTestCertificate(commonName = 'labdeck-test'): Promise<TestCertificate> {
	const dir = await mkdtemp(path.join(tmpdir(), 'labdeck-cert-'));
	const keyFile = path.join(dir, 'key.pem');
	const certFile = path.join(dir, 'cert.pem');
	await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=IP:127.0.0.1'], {timeout: 10_000});
	const [key, cert] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
	return {key, cert, keyFile, certFile, fingerprint256: new X509Certificate(cert).fingerprint256, dispose: async () => rm(dir, {recursive: true, force: true})};
}

// A throwaway self-signed certificate for loopback (the simulators' own helper, protocols/sim/),
// as PEM text and as files in a private folder the caller removes with `dispose()`.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {makeSelfSignedCertificate} from '../../protocols/sim/self-signed.js';

export type TestCertificate = {readonly key: string; readonly cert: string; readonly keyFile: string; readonly certFile: string; readonly fingerprint256: string; dispose(): Promise<void>};

export async function makeTestCertificate(commonName = 'labdeck-test'): Promise<TestCertificate> {
	const {key, cert, fingerprint256} = await makeSelfSignedCertificate(commonName, {days: 30});
	const dir = await mkdtemp(path.join(tmpdir(), 'labdeck-cert-'));
	const keyFile = path.join(dir, 'key.pem');
	const certFile = path.join(dir, 'cert.pem');
	await Promise.all([writeFile(keyFile, key, {mode: 0o600}), writeFile(certFile, cert)]);
	return {key, cert, keyFile, certFile, fingerprint256, dispose: async () => rm(dir, {recursive: true, force: true})};
}

// SNMPv3 against Debian's snmpsimd with v3 users: DES privacy works on Node 20 (OpenSSL 3 without
// its legacy provider), AES too, and a wrong auth key is an AuthError without digests.
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AuthError} from '../../src/errors.js';
import {snmpOptionsFrom} from './config.js';
import {SnmpSession} from './session.js';
import {findSnmpsimd, startSnmpsim, type Snmpsim} from './sim/snmpsim.js';

const hasSnmpsim = findSnmpsimd() !== undefined;
if (!hasSnmpsim) console.warn('snmpsimd is not installed: SNMPv3 tests skipped (apt-get install snmpsim)');
const fixture = fileURLToPath(new URL('../../fixtures/apc-pdu/ap7921-rpdu.snmprec', import.meta.url));
const sysDescr = '1.3.6.1.2.1.1.1.0';

describe.skipIf(!hasSnmpsim)('SNMPv3 against snmpsimd', () => {
	let sim: Snmpsim;
	beforeAll(async () => {
		sim = await startSnmpsim([fixture], {extraArgs: [
			'--v3-user=desuser', '--v3-auth-key=authpass123', '--v3-auth-proto=SHA', '--v3-priv-key=privpass123', '--v3-priv-proto=DES',
			'--v3-user=aesuser', '--v3-auth-key=authpass123', '--v3-auth-proto=SHA', '--v3-priv-key=privpass123', '--v3-priv-proto=AES',
		]});
	});
	afterAll(async () => {
		await sim?.stop();
	});

	const get = async (extra: Record<string, unknown>) => {
		const options = snmpOptionsFrom({id: 'v3', type: 'probe', interval: 5, timeout: 3, host: '127.0.0.1', port: sim.port, version: '3', authProtocol: 'sha', auth: 'authpass123', privProtocol: 'des', priv: 'privpass123', context: 'ap7921-rpdu', retries: 0, ...extra});
		const session = SnmpSession.open(options, 'read', AbortSignal.timeout(5000));
		try {
			return await session.get([sysDescr]);
		} finally {
			session.close();
		}
	};

	it('reads with DES privacy (authPriv, SHA + DES)', async () => {
		const reply = await get({user: 'desuser'});
		expect(String(reply.get(sysDescr))).toContain('APC');
	});

	it('reads with AES privacy', async () => {
		const reply = await get({user: 'aesuser', privProtocol: 'aes'});
		expect(String(reply.get(sysDescr))).toContain('APC');
	});

	it('a wrong auth key is an AuthError that shows no digest', async () => {
		const error = await get({user: 'desuser', auth: 'wrongpass999'}).then(() => undefined, (error: unknown) => error);
		expect(error).toBeInstanceOf(AuthError);
		expect((error as Error).message).toMatch(/^v3: GET: SNMPv3 authentication failed: /);
		expect((error as Error).message).not.toMatch(/[0-9a-f]{24}/);
	});
});

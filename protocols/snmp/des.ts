// SNMPv3 privacy with DES (RFC 3414 §8) on Node 20. OpenSSL 3 keeps single DES only in its legacy
// provider, so net-snmp's `createCipheriv('des-cbc')` fails with "digital envelope
// routines::unsupported" unless Node runs with --openssl-legacy-provider. Triple DES is still in
// the default provider, and 3DES-EDE with three equal keys is single DES (E_K(D_K(E_K(x))) =
// E_K(x)): net-snmp's DES routines are replaced by the same RFC 3414 steps over `des-ede3-cbc`
// with the key repeated, through net-snmp's exported `Encryption.algorithms` table (looked up at
// every call). Nothing changes where the runtime still has `des-cbc`.
import {createCipheriv, createDecipheriv, randomBytes} from 'node:crypto';
import {snmp} from './net-snmp.js';

type Engine = {readonly engineID: Buffer};
type DesAlgorithm = {encryptPdu: unknown; decryptPdu: unknown; KEY_LENGTH: number; BLOCK_LENGTH: number};
type NetSnmpInternals = {
	Encryption: {algorithms: Record<number, DesAlgorithm>};
	Authentication: {passwordToKey(authProtocol: number, password: string, engineID: Buffer): Buffer};
	PrivProtocols: Record<string, number>;
};

const blockLength = 8;

function hasNativeDes(): boolean {
	try {
		createCipheriv('des-cbc', Buffer.alloc(8), Buffer.alloc(8));
		return true;
	} catch {
		return false;
	}
}

/** The DES key (first 8 bytes of the localized key) and the pre-IV (the next 8). */
function keys(internals: NetSnmpInternals, authProtocol: number, privPassword: string, engine: Engine) {
	const localized = internals.Authentication.passwordToKey(authProtocol, privPassword, engine.engineID);
	const key = localized.subarray(0, 8);
	return {tripled: Buffer.concat([key, key, key]), preIv: localized.subarray(8, 16)};
}

const xor = (a: Buffer, b: Buffer) => Buffer.from(a.map((byte, index) => byte ^ b[index]!));

let isInstalled = false;

/** Plugs the DES routines into net-snmp when the runtime lacks `des-cbc`; idempotent. */
export function installDes(): void {
	if (isInstalled) return;
	isInstalled = true;
	if (hasNativeDes()) return;
	const internals = snmp() as unknown as NetSnmpInternals;
	const des = internals.Encryption.algorithms[internals.PrivProtocols['des']!];
	if (!des) return;
	des.encryptPdu = (scopedPdu: Buffer, _privProtocol: number, privPassword: string, authProtocol: number, engine: Engine) => {
		const {tripled, preIv} = keys(internals, authProtocol, privPassword, engine);
		// Salt: the engine boots (1: no persistent engine state) then 4 random bytes, as net-snmp does.
		const salt = Buffer.concat([Buffer.from('00000001', 'hex'), randomBytes(4)]);
		const padded = Buffer.alloc(Math.ceil(scopedPdu.length / blockLength) * blockLength);
		scopedPdu.copy(padded);
		const cipher = createCipheriv('des-ede3-cbc', tripled, xor(preIv, salt));
		cipher.setAutoPadding(false);
		return {encryptedPdu: Buffer.concat([cipher.update(padded), cipher.final()]), msgPrivacyParameters: salt};
	};
	des.decryptPdu = (encryptedPdu: Buffer, _privProtocol: number, privParameters: Buffer, privPassword: string, authProtocol: number, engine: Engine) => {
		const {tripled, preIv} = keys(internals, authProtocol, privPassword, engine);
		const decipher = createDecipheriv('des-ede3-cbc', tripled, xor(preIv, privParameters));
		decipher.setAutoPadding(false);
		return Buffer.concat([decipher.update(encryptedPdu), decipher.final()]);
	};
}

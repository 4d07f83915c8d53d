// net-snmp, loaded with require at its first use: it is CommonJS, and Node's ESM loader scans a
// CommonJS package for its exports before importing it (≈ 25 ms of every command's start,
// measured on Node 20); and a command that loads the plugins without polling (`config check`, a
// one-shot answered by `labdeck serve`) should not compile it at all.
// Not a plugin: shared by apc-pdu and ups.
import {createRequire} from 'node:module';
import type netSnmp from 'net-snmp';

let loaded: typeof netSnmp | undefined;

export function snmp(): typeof netSnmp {
	loaded ??= createRequire(import.meta.url)('net-snmp') as typeof netSnmp;
	return loaded;
}

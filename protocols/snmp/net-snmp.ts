// net-snmp, loaded with require: it is CommonJS, and Node's ESM loader scans a CommonJS package
// for its exports before importing it (≈ 25 ms of every command's start, measured on Node 20).
// Not a plugin: shared by apc-pdu and ups.
import {createRequire} from 'node:module';
import type netSnmp from 'net-snmp';

const snmp = createRequire(import.meta.url)('net-snmp') as typeof netSnmp;
export default snmp;

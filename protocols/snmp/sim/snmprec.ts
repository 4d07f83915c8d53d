// Simulator-side SNMP code (never imported by production code). This file: the
// snmpsim `.snmprec` format (`OID|type|value` per line), used for our fixtures (served by our
// net-snmp simulators and by snmpsimd) and for running the parsers over the shared corpus.
import type {SnmpValue} from '../values.js';

/** snmprec type tags (BER tags): 2 INTEGER, 4 OCTET STRING, 5 NULL, 6 OID, 64 IpAddress, 65 Counter32, 66 Gauge32, 67 TimeTicks, 70 Counter64. */
export type SnmprecRecord = {readonly oid: string; readonly tag: number; readonly value: SnmpValue; readonly isHex: boolean};

export function parseSnmprec(text: string): SnmprecRecord[] {
	const records: SnmprecRecord[] = [];
	for (const line of text.split(/\r?\n/)) {
		if (line.trim() === '' || line.startsWith('#')) continue;
		const first = line.indexOf('|');
		const second = line.indexOf('|', first + 1);
		if (first < 0 || second < 0) continue;
		const oid = line.slice(0, first).replace(/^\./, '');
		const rawTag = line.slice(first + 1, second);
		const raw = line.slice(second + 1);
		const match = /^(\d+)(x?)/.exec(rawTag);
		if (!match || !/^[\d.]+$/.test(oid)) continue;
		const tag = Number(match[1]);
		const isHex = match[2] === 'x';
		records.push({oid, tag, value: decode(tag, raw, isHex), isHex});
	}
	return records;
}

function decode(tag: number, raw: string, isHex: boolean): SnmpValue {
	if (tag === 5) return null;
	if (isHex) {
		const bytes = Buffer.from(raw, 'hex');
		const text = bytes.toString('utf8');
		return tag === 4 && /^[\x09\x0a\x0d\x20-\x7e]*$/.test(text) ? text : bytes.toString('hex');
	}
	if ([2, 65, 66, 67, 70].includes(tag)) {
		const value = Number(raw);
		return Number.isFinite(value) ? value : raw;
	}
	return raw;
}

/** The records as the VarMap parsers read (what a full walk of the agent would return). */
export function snmprecToVarMap(records: readonly SnmprecRecord[]): Map<string, SnmpValue> {
	return new Map(records.map(record => [record.oid, record.value]));
}

export function formatSnmprec(records: readonly SnmprecRecord[]): string {
	return `${records.map(record => `${record.oid}|${record.tag}|${record.value ?? ''}`).join('\n')}\n`;
}

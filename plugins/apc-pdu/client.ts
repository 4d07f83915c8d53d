// Protocol I/O for an APC PDU: one poll is one GET of the identity/load scalars plus a GETBULK walk
// of each outlet and load table of the four generations, all in flight at once over one session;
// then the ATS tables when the agent is an ATS, or the identity groups of modular PDUs when it
// answered no PDU table (so the refusal can say what it is).
// Outlet commands are SETs with the write credentials, read back with the read credentials.
import type {SnmpOptions} from '../../protocols/snmp/config.js';
import {SnmpSession} from '../../protocols/snmp/session.js';
import type {SnmpValue, VarMap} from '../../protocols/snmp/values.js';
import {atsSubtrees, controlOid, decodeState, modularGroups, outletCommand, pollScalars, pollSubtrees, stateOid, type Generation} from './oids.js';
import {isAts} from './parse-ats.js';
import {hasPduTables} from './parse-epdu.js';

export async function fetchPdu(options: SnmpOptions, signal: AbortSignal): Promise<VarMap> {
	const session = SnmpSession.open(options, 'read', signal);
	try {
		const replies = await Promise.all([
			session.get(pollScalars, 'GET identity'),
			...pollSubtrees.map(async oid => session.subtree(oid, `walk ${oid}`)),
		]);
		const merged = new Map<string, SnmpValue>();
		for (const reply of replies) for (const [oid, value] of reply) merged.set(oid, value);
		// An ATS's tables, or, when no PDU table answered, the identity groups that say what the agent is.
		const more = isAts(merged) ? atsSubtrees : hasPduTables(merged) ? [] : modularGroups.map(group => `${group}.1`);
		const extra = await Promise.all(more.map(async oid => session.subtree(oid, `walk ${oid}`)));
		for (const reply of extra) for (const [oid, value] of reply) merged.set(oid, value);
		return merged;
	} finally {
		session.close();
	}
}

export type OutletVerb = keyof typeof outletCommand;

/** Sends one command to each outlet (by SNMP index) with the write credentials. */
export async function commandOutlets(options: SnmpOptions, generation: Generation, indexes: readonly number[], verb: OutletVerb, signal: AbortSignal): Promise<void> {
	const session = SnmpSession.open(options, 'write', signal);
	try {
		for (const index of indexes) {
			await session.set([{oid: controlOid(generation, index), type: 'integer', value: outletCommand[verb]}], `outlet.${verb} ${index}`);
		}
	} finally {
		session.close();
	}
}

/** Reads the outlets' states back. */
export async function readOutletStates(options: SnmpOptions, generation: Generation, indexes: readonly number[], signal: AbortSignal): Promise<Map<number, 'on' | 'off' | 'unknown'>> {
	const session = SnmpSession.open(options, 'read', signal);
	try {
		const reply = await session.get(indexes.map(index => stateOid(generation, index)), 'read back outlet state');
		return new Map(indexes.map(index => [index, decodeState(generation, reply.get(stateOid(generation, index)))]));
	} finally {
		session.close();
	}
}

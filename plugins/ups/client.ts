// Protocol I/O for a UPS: one GET of every APC and UPS-MIB scalar (absent ones come back null),
// plus GETBULK walks of the UPS-MIB input, output and alarm tables, over one session.
import type {SnmpOptions} from '../../protocols/snmp/config.js';
import {SnmpSession} from '../../protocols/snmp/session.js';
import type {SnmpValue, VarMap} from '../../protocols/snmp/values.js';
import {upsScalars, upsSubtrees} from './oids.js';

export async function fetchUps(options: SnmpOptions, signal: AbortSignal): Promise<VarMap> {
	const session = SnmpSession.open(options, 'read', signal);
	try {
		const replies = await Promise.all([session.get(upsScalars, 'GET ups'), ...upsSubtrees.map(async oid => session.subtree(oid))]);
		const merged = new Map<string, SnmpValue>();
		for (const reply of replies) for (const [oid, value] of reply) merged.set(oid, value);
		return merged;
	} finally {
		session.close();
	}
}

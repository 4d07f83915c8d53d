// Simulator-side SNMP code (never imported by production code). This file: an SNMP
// agent for the simulators, built on net-snmp's Agent. It serves a flat OID tree (from snmprec
// records), answers GET/GETNEXT/GETBULK with the real protocol, lets the simulator compute values
// at read time and accept or refuse SETs, and enforces read vs write communities (SimpleAccessControl:
// a SET with the read community gets noAccess). net-snmp's Agent treats port 0 as 161, so the
// socket is bound through a dgram wrapper that binds port 0 and reports the port it got.
import dgram from 'node:dgram';
import {snmp as loadSnmp} from '../net-snmp.js';
import type {SnmprecRecord} from './snmprec.js';
import type {SnmpValue} from '../values.js';

const snmp = loadSnmp();

export type AgentV3User = {
	readonly name: string;
	readonly authProtocol: 'md5' | 'sha';
	readonly auth: string;
	readonly privProtocol: 'des' | 'aes';
	readonly priv: string;
};

export type WriteCheck = 'ok' | 'notWritable' | 'wrongValue';

export type SimAgentOptions = {
	readonly records: readonly SnmprecRecord[];
	readonly community: string;
	readonly writeCommunity: string;
	readonly v3User?: AgentV3User;
	/** A value computed at read time (state, scenario); undefined keeps the stored one. */
	read?(oid: string): SnmpValue | undefined;
	/** Whether a SET of this OID to this value would be accepted (test phase). */
	checkWrite?(oid: string, value: SnmpValue): WriteCheck;
	/** Applies an accepted SET (commit phase). */
	write?(oid: string, value: SnmpValue): void;
	/** Test hook: when it returns true the agent silently drops the request (a dead or dying agent). */
	shouldDrop?(): boolean;
};

export type SimAgent = {
	readonly port: number;
	/** Replaces the stored value of an OID (it must exist). */
	setValue(oid: string, value: SnmpValue): void;
	close(): Promise<void>;
};

type MibNode = {value: unknown; valueType: number};
type MibRequest = {
	operation: number;
	oid: string;
	instanceNode?: MibNode;
	setValue?: unknown;
	testSet?: boolean;
	done(error?: {errorStatus: number; type?: number; value?: unknown}): void;
};
type Mib = {
	registerProvider(provider: unknown): void;
	addProviderToNode(provider: unknown): unknown;
	addNodesForOid(oid: string): MibNode;
	lookup(oid: string): MibNode | null;
};

const tagToType: Record<number, number> = {
	2: snmp.ObjectType.Integer,
	4: snmp.ObjectType.OctetString,
	6: snmp.ObjectType.OID,
	64: snmp.ObjectType.IpAddress,
	65: snmp.ObjectType.Counter,
	66: snmp.ObjectType.Gauge,
	67: snmp.ObjectType.TimeTicks,
};

function plain(value: unknown): SnmpValue {
	if (typeof value === 'number') return value;
	if (Buffer.isBuffer(value)) return value.toString('utf8');
	if (typeof value === 'string') return value;
	return null;
}

export async function startAgent(options: SimAgentOptions): Promise<SimAgent> {
	let socket: dgram.Socket | undefined;
	const dgramModule = {
		createSocket(type: dgram.SocketType) {
			const created = dgram.createSocket(type);
			socket = created;
			// Wrap the message listener so a test can make the agent go silent.
			const on = created.on.bind(created);
			created.on = ((event: string, listener: (...args: unknown[]) => void) => {
				if (event !== 'message') return on(event, listener);
				return on('message', (...args: unknown[]) => {
					if (options.shouldDrop?.()) return;
					listener(...args);
				});
			}) as typeof created.on;
			const bind = created.bind.bind(created) as (port: number, address: string) => dgram.Socket;
			created.bind = ((_port: number, address: string) => bind(0, address)) as typeof created.bind;
			return created;
		},
	};
	const listening = new Promise<void>((resolve, reject) => {
		queueMicrotask(() => {
			if (!socket) return reject(new Error('agent socket was not created'));
			socket.once('listening', () => resolve());
			socket.once('error', reject);
		});
	});
	const agent = snmp.createAgent({
		port: 1, // replaced by 0 in the dgram wrapper; net-snmp turns 0 into 161
		address: '127.0.0.1',
		accessControlModelType: snmp.AccessControlModelType.Simple,
		dgramModule,
	} as never, () => {
		// Authorization failures and malformed packets are the client's problem, not the simulator's.
	});
	const authorizer = agent.getAuthorizer();
	const acm = authorizer.getAccessControlModel() as unknown as {
		setCommunityAccess(community: string, level: number): void;
		setUserAccess(user: string, level: number): void;
	};
	authorizer.addCommunity(options.community);
	authorizer.addCommunity(options.writeCommunity);
	acm.setCommunityAccess(options.community, snmp.AccessLevel.ReadOnly);
	acm.setCommunityAccess(options.writeCommunity, snmp.AccessLevel.ReadWrite);
	if (options.v3User) {
		const user = options.v3User;
		authorizer.addUser({
			name: user.name,
			level: snmp.SecurityLevel.authPriv,
			authProtocol: snmp.AuthProtocols[user.authProtocol],
			authKey: user.auth,
			privProtocol: snmp.PrivProtocols[user.privProtocol],
			privKey: user.priv,
		} as never);
		acm.setUserAccess(user.name, snmp.AccessLevel.ReadWrite);
	}
	const mib = agent.getMib() as unknown as Mib;
	const provider = {
		name: 'sim-tree',
		type: snmp.MibProviderType.Scalar,
		oid: '1.3.6.1',
		scalarType: snmp.ObjectType.OctetString,
		maxAccess: snmp.MaxAccess['read-write'],
		handler(request: MibRequest) {
			const node = request.instanceNode;
			if (!node) return request.done();
			if (request.operation !== snmp.PduType.SetRequest) {
				const value = options.read?.(request.oid);
				if (value !== undefined) node.value = toNodeValue(node.valueType, value);
				return request.done();
			}
			const value = plain(request.setValue);
			if (request.testSet) {
				const check = options.checkWrite?.(request.oid, value) ?? 'notWritable';
				if (check === 'notWritable') return request.done({errorStatus: snmp.ErrorStatus.NotWritable, type: snmp.ObjectType.Null, value: null});
				if (check === 'wrongValue') return request.done({errorStatus: snmp.ErrorStatus.WrongValue, type: snmp.ObjectType.Null, value: null});
				return request.done();
			}
			options.write?.(request.oid, value);
			request.done();
			// The agent stores the written value after done(); let the simulator's own value win on read.
		},
	};
	mib.registerProvider(provider);
	mib.addProviderToNode(provider);
	// net-snmp's agent answers a GETNEXT past the last leaf with noSuchInstance at the same OID (not
	// endOfMibView), which loops walkers: end the tree with snmpEngineTime, as real agents do.
	const end = {oid: '1.3.6.1.6.3.10.2.1.3.0', tag: 2, value: 1, isHex: false};
	for (const record of [...options.records, ...(options.records.some(entry => entry.oid === end.oid) ? [] : [end])]) {
		const type = tagToType[record.tag] ?? snmp.ObjectType.OctetString;
		const node = mib.addNodesForOid(record.oid);
		node.valueType = type;
		node.value = toNodeValue(type, record.value);
	}
	await listening;
	const address = socket!.address();
	return {
		port: address.port,
		setValue(oid, value) {
			const node = mib.lookup(oid);
			if (node) node.value = toNodeValue(node.valueType, value);
		},
		close: () => new Promise<void>(resolve => {
			try {
				agent.close(() => resolve());
			} catch {
				resolve();
			}
		}),
	};
}

function toNodeValue(type: number, value: SnmpValue): unknown {
	if (type === snmp.ObjectType.OctetString) return value === null ? '' : String(value);
	if (type === snmp.ObjectType.OID || type === snmp.ObjectType.IpAddress) return String(value ?? '0.0');
	if (typeof value === 'number') return Math.trunc(value);
	const parsed = Number(value);
	return Number.isFinite(parsed) ? Math.trunc(parsed) : 0;
}

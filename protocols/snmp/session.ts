// Shared SNMP code (protocols/, not a plugin), used by `apc-pdu` and `ups`. This file: a thin,
// promise-based wrapper over net-snmp 3.29's Session. One session per poll or action (a UDP socket),
// closed at the end or when the AbortSignal fires. GETBULK walks go through `subtree()`, never
// `walk()` (which runs past the end of the requested subtree). net-snmp reports a dead agent and a
// wrong community the same way (RequestTimedOutError); both become a TimeoutError that says so.
import type NetSnmp from 'net-snmp';
import {snmp} from './net-snmp.js';
import {installDes} from './des.js';
import {AuthError, DeviceReplyError, TimeoutError, UnreachableError, formatMs, oneLine, type ErrorContext} from '../../src/errors.js';
import type {SnmpOptions} from './config.js';
import type {SnmpValue, VarMap} from './values.js';

/** A value to SET: INTEGER or OCTET STRING, the two kinds the power MIBs write. */
export type SetVarbind = {readonly oid: string; readonly type: 'integer' | 'string'; readonly value: number | string};

type RawVarbind = {oid: string; type: number; value: unknown};

const objectType = () => snmp().ObjectType as unknown as Record<string, number>;
const errorStatusNames = () => snmp().ErrorStatus as unknown as Record<number, string>;

/** Error statuses that mean "these credentials may not do that". */
const refusedStatuses = new Set(['NoAccess', 'AuthorizationError', 'ReadOnly', 'NotWritable']);

export function snmpTimeout(context: ErrorContext, timeoutMs: number, cause?: unknown): TimeoutError {
	const error = new TimeoutError(context, timeoutMs, {cause});
	error.message = oneLine(`${context.source}: ${context.operation}: no answer (agent down or wrong community) within ${formatMs(timeoutMs)}`);
	return error;
}

/** Turns what a varbind carries into the plain value parsers read. */
export function toValue(varbind: RawVarbind): SnmpValue {
	if (snmp().isVarbindError(varbind as never)) return null;
	const {value} = varbind;
	if (typeof value === 'number') return value;
	if (typeof value === 'bigint') return Number(value);
	if (Buffer.isBuffer(value)) {
		if (varbind.type === objectType()['Counter64']) return Number(value.readBigUInt64BE(value.length - 8 >= 0 ? value.length - 8 : 0));
		const text = value.toString('utf8');
		// Binary octets (MAC addresses, hex-typed snmprec values) read as hex.
		return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(text) && !text.includes('\ufffd') ? text : value.toString('hex');
	}
	if (typeof value === 'string') return value;
	return null;
}

export class SnmpSession {
	readonly #options: SnmpOptions;
	readonly #session: NetSnmp.Session;
	readonly #signal: AbortSignal;
	readonly #onAbort: () => void;
	#isClosed = false;

	private constructor(options: SnmpOptions, session: NetSnmp.Session, signal: AbortSignal) {
		this.#options = options;
		this.#session = session;
		this.#signal = signal;
		this.#onAbort = () => this.close();
		signal.addEventListener('abort', this.#onAbort, {once: true});
		// A socket error must not become an unhandled 'error' event.
		session.on('error', () => {});
	}

	/** Opens a session with the read or the write credentials. */
	static open(options: SnmpOptions, mode: 'read' | 'write', signal: AbortSignal): SnmpSession {
		const context = {source: options.source, operation: mode === 'write' ? 'SNMP SET' : 'SNMP'};
		if (signal.aborted) throw abortError(signal, context, options.timeoutMs);
		const common = {port: options.port, retries: options.retries, timeout: options.timeoutMs, backoff: 1, transport: options.host.includes(':') ? 'udp6' : 'udp4'};
		let session: NetSnmp.Session;
		if (options.version === '3') {
			installDes(); // DES privacy without OpenSSL's legacy provider
			const user = options.user!;
			const level = user.priv ? snmp().SecurityLevel.authPriv : user.auth ? snmp().SecurityLevel.authNoPriv : snmp().SecurityLevel.noAuthNoPriv;
			const auth = snmp().AuthProtocols as unknown as Record<string, number>;
			const priv = snmp().PrivProtocols as unknown as Record<string, number>;
			session = snmp().createV3Session(options.host, {
				name: user.name,
				level,
				authProtocol: user.authProtocol ? auth[user.authProtocol] : undefined,
				authKey: user.auth,
				privProtocol: user.privProtocol ? priv[user.privProtocol] : undefined,
				privKey: user.priv,
			} as never, {...common, version: snmp().Version3, context: user.context ?? ''} as never);
		} else {
			let community = options.community;
			if (mode === 'write') {
				if (!options.writeCommunity) throw new AuthError(context, 'no writeCommunity configured: actions need the write community');
				community = options.writeCommunity;
			}
			session = snmp().createSession(options.host, community, {...common, version: options.version === '1' ? snmp().Version1 : snmp().Version2c} as never);
		}
		return new SnmpSession(options, session, signal);
	}

	get version(): SnmpOptions['version'] {
		return this.#options.version;
	}

	/** GET; OIDs the agent lacks come back as null. v1 agents that fail the whole PDU are asked one OID at a time. */
	async get(oids: readonly string[], operation = 'GET'): Promise<VarMap> {
		const result = new Map<string, SnmpValue>();
		for (let start = 0; start < oids.length; start += 40) {
			const chunk = oids.slice(start, start + 40);
			try {
				const varbinds = await this.#call<RawVarbind[]>(operation, done => this.#session.get([...chunk], done as never));
				varbinds.forEach((varbind, index) => result.set(chunk[index]!, toValue(varbind)));
			} catch (error) {
				if (!(error instanceof DeviceReplyError && /NoSuchName/.test(error.message)) || chunk.length === 1) {
					if (chunk.length === 1 && error instanceof DeviceReplyError && /NoSuchName/.test(error.message)) {
						result.set(chunk[0]!, null);
						continue;
					}
					throw error;
				}
				const singles = await Promise.all(chunk.map(async oid => this.get([oid], operation)));
				for (const single of singles) for (const [oid, value] of single) result.set(oid, value);
			}
		}
		return result;
	}

	/** Every varbind under `oid` (GETBULK on v2c/v3, GETNEXT on v1); stops at the end of the subtree. */
	async subtree(oid: string, operation = `walk ${oid}`): Promise<VarMap> {
		const result = new Map<string, SnmpValue>();
		let last = '';
		await this.#call<void>(operation, done => {
			this.#session.subtree(oid, this.#options.maxRepetitions, ((varbinds: RawVarbind[]) => {
				for (const varbind of varbinds) {
					// An agent that answers noSuch* or repeats an OID during a walk would loop forever: stop there.
					if (snmp().isVarbindError(varbind as never) || varbind.oid === last || result.has(varbind.oid)) return true;
					last = varbind.oid;
					result.set(varbind.oid, toValue(varbind));
				}
				return false;
			}) as never, done as never);
		});
		return result;
	}

	/** SET with this session's credentials; returns what the agent echoed. */
	async set(varbinds: readonly SetVarbind[], operation = 'SET'): Promise<VarMap> {
		const raw = varbinds.map(varbind => ({
			oid: varbind.oid,
			type: varbind.type === 'integer' ? snmp().ObjectType.Integer : snmp().ObjectType.OctetString,
			value: varbind.value,
		}));
		const reply = await this.#call<RawVarbind[]>(operation, done => this.#session.set(raw as never, done as never));
		const result = new Map<string, SnmpValue>();
		for (const varbind of reply) result.set(varbind.oid, toValue(varbind));
		return result;
	}

	close(): void {
		if (this.#isClosed) return;
		this.#isClosed = true;
		this.#signal.removeEventListener('abort', this.#onAbort);
		try {
			this.#session.close();
		} catch {
			// Already closed.
		}
	}

	#call<T>(operation: string, start: (done: (error: Error | null, result?: T) => void) => void): Promise<T> {
		const context = {source: this.#options.source, operation};
		const budget = this.#options.timeoutMs * (this.#options.retries + 1);
		return new Promise<T>((resolve, reject) => {
			if (this.#signal.aborted || this.#isClosed) {
				reject(abortError(this.#signal, context, budget));
				return;
			}
			// No listener per call: an abort closes the session (one listener), which cancels every
			// request in flight with "Socket forcibly closed", and `done` maps that to the abort reason.
			const done = (error: Error | null, result?: T) => {
				if (error) reject(this.#signal.aborted ? abortError(this.#signal, context, budget) : mapError(error, context, budget));
				else resolve(result as T);
			};
			try {
				start(done);
			} catch (error) {
				done(error instanceof Error ? error : new Error(String(error)));
			}
		});
	}
}

function abortError(signal: AbortSignal, context: ErrorContext, budget: number): Error {
	const reason: unknown = signal.reason;
	if (reason instanceof Error && reason.name !== 'AbortError') return reason;
	return snmpTimeout(context, budget, reason);
}

/** net-snmp's error classes → labdeck's. */
export function mapError(error: Error, context: ErrorContext, budget: number): Error {
	const name = error.name || error.constructor?.name;
	if (name === 'RequestTimedOutError') return snmpTimeout(context, budget, error);
	if (name === 'RequestFailedError') {
		const status = errorStatusNames()[(error as Error & {status: number}).status] ?? String((error as Error & {status?: number}).status);
		if (refusedStatuses.has(status)) return new AuthError(context, `refused by the agent (${status}): these credentials may not do this`, {cause: error});
		return new DeviceReplyError(context, `agent answered ${status}`, {cause: error});
	}
	if (name === 'ResponseInvalidError' && (error as Error & {code?: number}).code === (snmp().ResponseInvalidCode as unknown as Record<string, number>)['EAuthFailure']) {
		// A wrong key: net-snmp's text carries both digests, which say nothing to a person.
		const detail = /digest .* does not match/i.test(error.message) ? 'the reply failed authentication (wrong auth key or authProtocol)' : error.message;
		return new AuthError(context, `SNMPv3 authentication failed: ${detail}`, {cause: error});
	}
	const code = (error as NodeJS.ErrnoException).code;
	if (code && ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return new UnreachableError(context, error.message, {cause: error});
	if (/Socket forcibly closed/.test(error.message)) return snmpTimeout(context, budget, error);
	return new DeviceReplyError(context, error.message, {cause: error});
}

// The HTTP engine under proxmox-api's typed API: undici requests over our own Agent, one AbortSignal
// and one timeout per request, no automatic retry (a timed-out POST is never sent twice), TLS
// verified by default or pinned by SHA-256 fingerprint, errors mapped to the labdeck classes, and
// not one byte written to the console.
import {mapHttpError} from '../../protocols/http-errors.js';
import {httpRequest} from '../../protocols/http-request.js';
import {PinnedAgent} from '../../protocols/pinned-tls.js';
import {AuthError, DeviceReplyError, isLabdeckError, TimeoutError, type ErrorContext} from '../../src/errors.js';
import {parseJsonInSlices} from '../../src/slices.js';

export type EngineOptions = {
	/** Source id, for error messages. */
	readonly source: string;
	readonly host: string;
	readonly port: number;
	/** `user@realm!name` with `token`, or `user` with `password`. */
	readonly tokenId?: string;
	readonly token?: string;
	readonly user?: string;
	readonly password?: string;
	/** SHA-256 of the peer certificate, hex with or without colons. */
	readonly fingerprint?: string;
	readonly isInsecure?: boolean;
	/** Per-request budget, ms. */
	readonly timeoutMs: number;
	/** Renew a ticket this long after it was issued (PVE tickets live 2 h). */
	readonly ticketRenewMs?: number;
	/** The source's `replyBytes` cap: a longer body fails the request (default 64 MiB). */
	readonly maxBodyBytes?: number;
};

export type RequestOptions = {readonly signal: AbortSignal; readonly timeoutMs?: number};
export type Params = Readonly<Record<string, unknown>>;

/** A reply with an HTTP error status; still a DeviceReplyError for everyone else. */
export class HttpStatusError extends DeviceReplyError {
	readonly status: number;
	readonly reason: string;
	constructor(context: ErrorContext, status: number, reason: string) {
		super(context, `HTTP ${status} ${reason}`.trim());
		this.status = status;
		this.reason = reason;
	}
}


type Ticket = {readonly ticket: string; readonly csrf: string; readonly issuedAt: number};

export class PveEngine {
	readonly #options: EngineOptions;
	readonly #agent: PinnedAgent;
	readonly #base: string;
	#ticket: Ticket | undefined;
	#login: Promise<Ticket> | undefined;

	constructor(options: EngineOptions) {
		this.#options = options;
		const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
		this.#base = `https://${host}:${options.port}`;
		this.#agent = new PinnedAgent({source: options.source, fingerprint: options.fingerprint, isInsecure: options.isInsecure, keepAliveTimeout: 10_000, connections: 8});
	}


	get isTicketAuth(): boolean {
		return !this.#options.tokenId;
	}

	/** One API call: `path` starts with `/api2/json`. Returns the reply's `data`. */
	async request(method: string, path: string, params: Params | undefined, options: RequestOptions): Promise<unknown> {
		method = method.toUpperCase();
		const operation = `${method} ${path.replace(/^\/api2\/json/, '')}`;
		const context = {source: this.#options.source, operation};
		const headers: Record<string, string> = {accept: 'application/json'};
		if (this.#options.tokenId) {
			headers.authorization = `PVEAPIToken=${this.#options.tokenId}=${this.#options.token ?? ''}`;
		} else {
			const ticket = await this.#currentTicket(options);
			headers.cookie = `PVEAuthCookie=${ticket.ticket}`;
			if (method !== 'GET') headers.csrfpreventiontoken = ticket.csrf;
		}
		const query = encodeParams(params);
		let target = path;
		let body: string | undefined;
		if (method === 'GET' || method === 'DELETE') {
			if (query) target += `?${query}`;
		} else {
			body = query;
			headers['content-type'] = 'application/x-www-form-urlencoded';
		}
		try {
			return await this.#send(method, target, headers, body, context, options);
		} catch (error) {
			if (error instanceof AuthError && this.isTicketAuth) this.#ticket = undefined;
			throw error;
		}
	}

	async #currentTicket(options: RequestOptions): Promise<Ticket> {
		const renewMs = this.#options.ticketRenewMs ?? 90 * 60_000;
		if (this.#ticket && Date.now() - this.#ticket.issuedAt < renewMs) return this.#ticket;
		this.#login ??= this.#doLogin(options).finally(() => {
			this.#login = undefined;
		});
		return this.#login;
	}

	async #doLogin(options: RequestOptions): Promise<Ticket> {
		const context = {source: this.#options.source, operation: 'POST /access/ticket'};
		const body = encodeParams({username: this.#options.user ?? 'root@pam', password: this.#options.password ?? ''});
		const headers = {'content-type': 'application/x-www-form-urlencoded', accept: 'application/json'};
		const data = await this.#send('POST', '/api2/json/access/ticket', headers, body, context, options);
		const record = (data ?? {}) as Record<string, unknown>;
		if (typeof record.ticket !== 'string' || typeof record.CSRFPreventionToken !== 'string') {
			throw new DeviceReplyError(context, 'login reply has no ticket');
		}
		this.#ticket = {ticket: record.ticket, csrf: record.CSRFPreventionToken, issuedAt: Date.now()};
		return this.#ticket;
	}

	async #send(method: string, path: string, headers: Record<string, string>, body: string | undefined, context: ErrorContext, options: RequestOptions): Promise<unknown> {
		const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
		const startedAt = performance.now();
		const timer = AbortSignal.timeout(timeoutMs);
		const signal = AbortSignal.any([options.signal, timer]);
		const aborted = (cause: unknown): Error => {
			if (options.signal.aborted && !timer.aborted) {
				const reason: unknown = options.signal.reason;
				if (reason instanceof Error && reason.name !== 'AbortError' && reason.name !== 'TimeoutError') return reason;
				// The caller's budget (the poll's or the action's) ran out first.
				return new TimeoutError(context, performance.now() - startedAt, {cause});
			}
			return new TimeoutError(context, timeoutMs, {cause});
		};
		let text: string;
		let status: number;
		let reason: string;
		try {
			// Redirects are not followed (a 3xx fails below), nothing is retried, the body is capped.
			const response = await httpRequest(await this.#agent.get(), {origin: this.#base, path, method, headers, body, signal, maxBodyBytes: this.#options.maxBodyBytes, context});
			status = response.status;
			reason = response.reason;
			text = response.text;
		} catch (error) {
			if (signal.aborted) throw aborted(error);
			if (isLabdeckError(error)) throw error;
			throw mapHttpError(error, context, '8006 for Proxmox');
		}
		if (status === 401 || status === 403) {
			const what = this.#options.tokenId ? `API token ${this.#options.tokenId}` : `user ${this.#options.user ?? 'root@pam'}`;
			throw new AuthError(context, `${what} rejected (HTTP ${status} ${reason})`.trim());
		}
		if (status < 200 || status >= 300) throw new HttpStatusError(context, status, reason || errorDetail(text));
		let parsed: unknown;
		try {
			// A large reply (100,000 guests) is parsed in slices that yield to the event loop.
			parsed = await parseJsonInSlices(text, signal);
		} catch (error) {
			if (signal.aborted) throw aborted(error);
			throw new DeviceReplyError(context, `invalid JSON in reply (${text.length} bytes: ${JSON.stringify(text.slice(0, 40))})`);
		}
		if (typeof parsed !== 'object' || parsed === null || !('data' in parsed)) {
			throw new DeviceReplyError(context, 'reply has no "data" member');
		}
		return (parsed as {data: unknown}).data;
	}

	async close(): Promise<void> {
		await this.#agent.destroy();
	}
}

function errorDetail(text: string): string {
	try {
		const parsed = JSON.parse(text) as {errors?: unknown; message?: unknown};
		if (parsed.errors) return JSON.stringify(parsed.errors);
		if (typeof parsed.message === 'string') return parsed.message;
	} catch {
		// Not JSON: fall through.
	}
	return text.slice(0, 120);
}

function encodeParams(params: Params | undefined): string {
	const search = new URLSearchParams();
	for (const [key, value] of Object.entries(params ?? {})) {
		if (value === undefined || value === null) continue;
		if (value === true) search.set(key, '1');
		else if (value === false) search.set(key, '0');
		else if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
		else search.set(key, String(value));
	}
	return search.toString();
}

// Redfish over HTTPS with undici: one AbortSignal and one timeout per request, TLS verified by
// default or pinned by SHA-256 fingerprint, a Redfish session (`X-Auth-Token`, deleted on close,
// one re-login on 401) with HTTP basic auth as the fallback when the service has no session
// service, at most a few requests in flight per BMC, and GETs retried with backoff on 503 (iLO
// answers 503 while busy). POSTs (resets) are never retried. Errors are the labdeck classes.
import {httpRequest} from '../../protocols/http-request.js';
import {delay} from '../../src/abort.js';
import {AuthError, DeviceReplyError, TimeoutError, type ErrorContext} from '../../src/errors.js';
import {bmcAgent, mapHttpError} from './tls.js';
import type {PinnedAgent} from '../../protocols/pinned-tls.js';

export type ClientOptions = {
	readonly source: string;
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
	readonly fingerprint?: string;
	readonly isInsecure?: boolean;
	/** Per-request budget, ms. */
	readonly timeoutMs: number;
	/** Requests in flight at once (BMCs are slow and rate-limited). */
	readonly maxInFlight?: number;
	/** Retries of a GET answered 503, with exponential backoff from `retryBaseMs`. */
	readonly retries?: number;
	readonly retryBaseMs?: number;
};

export type Json = Record<string, unknown>;
export type RequestOptions = {
	readonly signal: AbortSignal;
	/** Sent without credentials (the service root, read before logging in). */
	readonly isPublic?: boolean;
};

/** A reply with an HTTP error status. */
export class RedfishStatusError extends DeviceReplyError {
	readonly status: number;
	constructor(context: ErrorContext, status: number, detail: string) {
		super(context, `HTTP ${status}${detail ? ` ${detail}` : ''}`);
		this.status = status;
	}
}

type Reply = {readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly text: string};

export class RedfishClient {
	readonly #options: ClientOptions;
	readonly #agent: PinnedAgent;
	readonly #base: string;
	#token: string | undefined;
	#sessionUri: string | undefined;
	#isBasic = false;
	#login: Promise<void> | undefined;
	#inFlight = 0;
	readonly #waiting: (() => void)[] = [];
	/** Requests sent (including retries and logins), for the bench and tests. */
	requestCount = 0;
	sessionsPath = '/redfish/v1/SessionService/Sessions';

	constructor(options: ClientOptions) {
		this.#options = options;
		const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
		this.#base = `https://${host}:${options.port}`;
		const connections = options.maxInFlight ?? 3;
		this.#agent = bmcAgent({source: options.source, fingerprint: options.fingerprint, isInsecure: options.isInsecure, keepAliveTimeout: 30_000, connections});
	}

	get authMode(): 'session' | 'basic' | 'none' {
		return this.#token ? 'session' : this.#isBasic ? 'basic' : 'none';
	}

	/** GET a resource (path with an optional query); logs in first when needed. */
	async get(path: string, options: RequestOptions): Promise<Json> {
		const reply = await this.#authorized('GET', path, undefined, options);
		return parseJson(reply.text, this.#context('GET', path));
	}

	/** POST an action; never retried. Returns the reply's JSON, or {} for an empty body. */
	async post(path: string, body: Json, options: RequestOptions): Promise<Json> {
		const reply = await this.#authorized('POST', path, body, options);
		return reply.text ? parseJson(reply.text, this.#context('POST', path)) : {};
	}

	async patch(path: string, body: Json, options: RequestOptions): Promise<void> {
		await this.#authorized('PATCH', path, body, options);
	}

	async #authorized(method: string, path: string, body: Json | undefined, options: RequestOptions): Promise<Reply> {
		if (options.isPublic) {
			const reply = await this.#withRetry(method, path, body, options, true);
			if (reply.status < 200 || reply.status >= 300) throw new RedfishStatusError(this.#context(method, path), reply.status, errorDetail(reply.text));
			return reply;
		}
		await this.#ensureLogin(options);
		const usedToken = this.#token;
		let reply = await this.#withRetry(method, path, body, options);
		if (reply.status === 401 && usedToken) {
			// The session expired (or the BMC restarted): log in again, once. Requests in flight
			// side by side share one new session.
			if (this.#token === usedToken) {
				this.#token = undefined;
				this.#sessionUri = undefined;
			}
			await this.#ensureLogin(options);
			reply = await this.#withRetry(method, path, body, options);
		}
		const context = this.#context(method, path);
		if (reply.status === 401 || reply.status === 403) throw new AuthError(context, `user ${this.#options.user} rejected (HTTP ${reply.status}${this.#isBasic ? ', basic auth' : ''})`);
		if (reply.status < 200 || reply.status >= 300) throw new RedfishStatusError(context, reply.status, errorDetail(reply.text));
		return reply;
	}

	async #withRetry(method: string, path: string, body: Json | undefined, options: RequestOptions, isPublic = false): Promise<Reply> {
		const retries = method === 'GET' ? (this.#options.retries ?? 2) : 0;
		for (let attempt = 0; ; attempt++) {
			const reply = await this.#send(method, path, body, isPublic ? {} : this.#authHeaders(), options);
			if (reply.status !== 503 || attempt >= retries) return reply;
			const retryAfter = Number(reply.headers['retry-after']);
			const waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 5000) : (this.#options.retryBaseMs ?? 250) * 2 ** attempt;
			await delay(waitMs, options.signal);
		}
	}

	#authHeaders(): Record<string, string> {
		if (this.#token) return {'x-auth-token': this.#token};
		if (this.#isBasic) return {authorization: `Basic ${Buffer.from(`${this.#options.user}:${this.#options.password}`).toString('base64')}`};
		return {};
	}

	async #ensureLogin(options: RequestOptions): Promise<void> {
		if (this.#token || this.#isBasic) return;
		this.#login ??= this.#doLogin(options).finally(() => {
			this.#login = undefined;
		});
		return this.#login;
	}

	async #doLogin(options: RequestOptions): Promise<void> {
		const path = this.sessionsPath;
		const context = this.#context('POST', path);
		const reply = await this.#send('POST', path, {UserName: this.#options.user, Password: this.#options.password}, {}, options);
		if (reply.status === 401 || reply.status === 403) throw new AuthError(context, `user ${this.#options.user} rejected (HTTP ${reply.status})`);
		if ([404, 405, 501].includes(reply.status)) {
			// No session service: fall back to basic auth on every request.
			this.#isBasic = true;
			return;
		}
		if (reply.status < 200 || reply.status >= 300) throw new RedfishStatusError(context, reply.status, errorDetail(reply.text));
		const token = reply.headers['x-auth-token'];
		if (!token) throw new DeviceReplyError(context, 'session created without an X-Auth-Token header');
		this.#token = token;
		const location = reply.headers.location;
		this.#sessionUri = location ? new URL(location, this.#base).pathname : undefined;
	}

	/** Deletes the session (best effort, bounded) and closes the connections. */
	async close(): Promise<void> {
		const uri = this.#sessionUri;
		if (uri && this.#token) {
			try {
				await this.#send('DELETE', uri, undefined, this.#authHeaders(), {signal: AbortSignal.timeout(Math.min(this.#options.timeoutMs, 1000))});
			} catch {
				// The BMC is gone or slow: its session expires by itself.
			}
		}
		this.#token = undefined;
		this.#sessionUri = undefined;
		// Closing waits for requests in flight; a BMC that never answers must not hold the exit.
		const closed = this.#agent.close().then(() => true, () => false);
		const isClosed = await Promise.race([closed, new Promise<false>(resolve => setTimeout(resolve, 1000, false).unref())]);
		if (!isClosed) await this.#agent.destroy();
	}

	async #send(method: string, path: string, body: Json | undefined, auth: Record<string, string>, options: RequestOptions): Promise<Reply> {
		await this.#acquire(options.signal);
		try {
			return await this.#sendNow(method, path, body, auth, options);
		} finally {
			this.#release();
		}
	}

	async #sendNow(method: string, path: string, body: Json | undefined, auth: Record<string, string>, options: RequestOptions): Promise<Reply> {
		const context = this.#context(method, path);
		const {timeoutMs} = this.#options;
		const startedAt = performance.now();
		const timer = AbortSignal.timeout(timeoutMs);
		const signal = AbortSignal.any([options.signal, timer]);
		const headers: Record<string, string> = {accept: 'application/json', 'odata-version': '4.0', ...auth};
		if (body) headers['content-type'] = 'application/json';
		this.requestCount++;
		try {
			// Redirects are not followed (a 3xx is an error status to the caller); nothing is retried here.
			const {status, headers: replyHeaders, text} = await httpRequest(await this.#agent.get(), {origin: this.#base, path, method, headers, body: body ? JSON.stringify(body) : undefined, signal, context});
			return {status, headers: replyHeaders, text};
		} catch (error) {
			if (signal.aborted) {
				if (options.signal.aborted && !timer.aborted) throw new TimeoutError(context, performance.now() - startedAt, {cause: error});
				throw new TimeoutError(context, timeoutMs, {cause: error});
			}
			throw mapHttpError(error, context);
		}
	}

	async #acquire(signal: AbortSignal): Promise<void> {
		if (this.#inFlight < (this.#options.maxInFlight ?? 3)) {
			this.#inFlight++;
			return;
		}
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => {
				const index = this.#waiting.indexOf(go);
				if (index >= 0) this.#waiting.splice(index, 1);
				reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
			};
			const go = () => {
				signal.removeEventListener('abort', onAbort);
				this.#inFlight++;
				resolve();
			};
			signal.addEventListener('abort', onAbort, {once: true});
			this.#waiting.push(go);
		});
	}

	#release(): void {
		this.#inFlight--;
		this.#waiting.shift()?.();
	}

	#context(method: string, path: string): ErrorContext {
		return {source: this.#options.source, operation: `${method} ${path.split('?')[0]}`};
	}
}

function parseJson(text: string, context: ErrorContext): Json {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new DeviceReplyError(context, `invalid JSON in reply (${text.length} bytes: ${JSON.stringify(text.slice(0, 40))})`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new DeviceReplyError(context, 'reply is not a JSON object');
	return parsed as Json;
}

function errorDetail(text: string): string {
	try {
		const parsed = JSON.parse(text) as {error?: {message?: unknown; '@Message.ExtendedInfo'?: {Message?: unknown}[]}};
		const info = parsed.error?.['@Message.ExtendedInfo']?.[0]?.Message;
		if (typeof info === 'string') return info;
		if (typeof parsed.error?.message === 'string') return parsed.error.message;
	} catch {
		// Not JSON.
	}
	return text.slice(0, 120);
}

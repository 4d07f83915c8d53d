// JSON over HTTP(S) for hub plugins (Home Assistant, HomeSeer): undici requests over an Agent of our
// own, one AbortSignal and one timeout per request, no retry, TLS verified by default or pinned by
// SHA-256 fingerprint (`insecure` turns verification off), errors mapped to the labdeck classes.
// The caller's operation text must not hold secrets: it is what error messages show.
import {mapHttpError} from './http-errors.js';
import {httpRequest} from './http-request.js';
import {PinnedAgent} from './pinned-tls.js';
import {AuthError, DeviceReplyError, TimeoutError, type ErrorContext} from '../src/errors.js';
import {withTimeout} from '../src/abort.js';

export type HttpJsonOptions = {
	readonly source: string;
	/** `http://host:port` or `https://host:port`, no trailing slash (an origin: no path). */
	readonly base: string;
	readonly fingerprint?: string;
	readonly isInsecure?: boolean;
	readonly timeoutMs: number;
};

export type HttpReply = {readonly status: number; readonly body: unknown; readonly text: string};

export class HttpJson {
	readonly #options: HttpJsonOptions;
	readonly #agent: PinnedAgent;

	constructor(options: HttpJsonOptions) {
		this.#options = options;
		this.#agent = new PinnedAgent({...options, keepAliveTimeout: 10_000, connections: 4});
	}

	/** One request; any status comes back (the caller maps 4xx), network trouble throws. */
	async request(method: 'GET' | 'POST', path: string, init: {readonly signal: AbortSignal; readonly operation: string; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown}): Promise<HttpReply> {
		const context: ErrorContext = {source: this.#options.source, operation: init.operation};
		const {signal, clear} = withTimeout(init.signal, this.#options.timeoutMs);
		const headers: Record<string, string> = {accept: 'application/json', ...init.headers};
		if (init.body !== undefined) headers['content-type'] = 'application/json';
		let status: number;
		let text: string;
		try {
			// A 3xx comes back as it is (not followed); nothing is retried.
			const response = await httpRequest(await this.#agent.get(), {origin: this.#options.base, path, method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), signal, context});
			status = response.status;
			text = response.text;
		} catch (error) {
			if (signal.aborted) throw new TimeoutError(context, this.#options.timeoutMs, {cause: error});
			throw mapHttpError(error, context);
		} finally {
			clear();
		}
		let body: unknown;
		try {
			body = text === '' ? null : JSON.parse(text);
		} catch {
			body = undefined;
		}
		return {status, body, text};
	}

	async close(): Promise<void> {
		await this.#agent.close();
	}
}

/** A 2xx reply's JSON body, or the matching error. */
export function expectJson(reply: HttpReply, context: ErrorContext): unknown {
	if (reply.status === 401 || reply.status === 403) throw new AuthError(context, `credentials rejected (HTTP ${reply.status})`);
	if (reply.status < 200 || reply.status >= 300) throw new DeviceReplyError(context, `HTTP ${reply.status}${reply.text ? `: ${reply.text.slice(0, 120)}` : ''}`);
	if (reply.body === undefined) throw new DeviceReplyError(context, `invalid JSON in reply (${reply.text.length} bytes: ${JSON.stringify(reply.text.slice(0, 40))})`);
	return reply.body;
}

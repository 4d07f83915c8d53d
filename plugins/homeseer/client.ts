// The HS4 JSON API over HTTP or HTTPS: `GET /JSON?request=…` with the user and password as query
// parameters (as HS4 expects them). Operations in errors name the request, never the password.
import {AuthError, DeviceReplyError} from '../../src/errors.js';
import {HttpJson} from '../../protocols/http-json.js';

export type HsConnection = {
	readonly source: string;
	readonly host: string;
	readonly port: number;
	readonly isTls: boolean;
	readonly user?: string;
	readonly password?: string;
	readonly fingerprint?: string;
	readonly isInsecure?: boolean;
	readonly timeoutMs: number;
};

export class HsClient {
	readonly #connection: HsConnection;
	readonly #http: HttpJson;

	constructor(connection: HsConnection) {
		this.#connection = connection;
		const host = connection.host.includes(':') && !connection.host.startsWith('[') ? `[${connection.host}]` : connection.host;
		this.#http = new HttpJson({source: connection.source, base: `http${connection.isTls ? 's' : ''}://${host}:${connection.port}`, fingerprint: connection.fingerprint, isInsecure: connection.isInsecure, timeoutMs: connection.timeoutMs});
	}

	/** One JSON request; `params` are the request's own (`ref`, `value`, `group`, `name`). */
	async request(request: string, params: Readonly<Record<string, string>>, signal: AbortSignal): Promise<unknown> {
		const operation = `request=${request}`;
		const query = new URLSearchParams({request, ...params});
		if (this.#connection.user) query.set('user', this.#connection.user);
		if (this.#connection.password) query.set('pass', this.#connection.password);
		const reply = await this.#http.request('GET', `/JSON?${query.toString()}`, {signal, operation});
		const context = {source: this.#connection.source, operation};
		const response = typeof reply.body === 'object' && reply.body !== null ? (reply.body as {Response?: unknown}).Response : undefined;
		if (reply.status === 401 || reply.status === 403 || (typeof response === 'string' && /not authorized|invalid user|login/i.test(response))) {
			throw new AuthError(context, `HS4 refused user ${this.#connection.user ?? '(none)'} (${reply.status === 200 ? String(response) : `HTTP ${reply.status}`})`);
		}
		if (reply.status < 200 || reply.status >= 300) throw new DeviceReplyError(context, `HTTP ${reply.status}`);
		if (reply.body === undefined) throw new DeviceReplyError(context, `invalid JSON in reply (${reply.text.length} bytes: ${JSON.stringify(reply.text.slice(0, 40))})`);
		return reply.body;
	}

	async close(): Promise<void> {
		await this.#http.close();
	}
}

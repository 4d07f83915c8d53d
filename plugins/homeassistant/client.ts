// Home Assistant's REST API with a long-lived access token: `/api/` (alive), `/api/config`,
// `/api/states`, and `POST /api/services/<domain>/<service>`. HA's 400/401/404 answers become
// one-line errors naming the entity.
import {ActionRefusedError, AuthError, DeviceReplyError} from '../../src/errors.js';
import {expectJson, HttpJson} from '../../protocols/http-json.js';
import {cleanText, parseConfig, parseStates, type HaState} from './parse.js';

export type HaConnection = {
	readonly source: string;
	readonly host: string;
	readonly port: number;
	readonly isTls: boolean;
	readonly token: string;
	readonly fingerprint?: string;
	readonly isInsecure?: boolean;
	readonly timeoutMs: number;
};

export function baseUrl(connection: Pick<HaConnection, 'host' | 'port' | 'isTls'>, scheme: 'http' | 'ws' = 'http'): string {
	const host = connection.host.includes(':') && !connection.host.startsWith('[') ? `[${connection.host}]` : connection.host;
	return `${scheme}${connection.isTls ? 's' : ''}://${host}:${connection.port}`;
}

export class HaClient {
	readonly #connection: HaConnection;
	readonly #http: HttpJson;

	constructor(connection: HaConnection) {
		this.#connection = connection;
		this.#http = new HttpJson({source: connection.source, base: baseUrl(connection), fingerprint: connection.fingerprint, isInsecure: connection.isInsecure, timeoutMs: connection.timeoutMs});
	}

	async #get(path: string, signal: AbortSignal): Promise<unknown> {
		const operation = `GET ${path}`;
		const reply = await this.#http.request('GET', path, {signal, operation, headers: {authorization: `Bearer ${this.#connection.token}`}});
		if (reply.status === 401 || reply.status === 403) throw new AuthError({source: this.#connection.source, operation}, `access token rejected (HTTP ${reply.status})`);
		return expectJson(reply, {source: this.#connection.source, operation});
	}

	async config(signal: AbortSignal): Promise<{locationName: string | null; version: string | null}> {
		const alive = await this.#get('/api/', signal);
		if (typeof alive !== 'object' || alive === null || !('message' in alive)) throw new DeviceReplyError({source: this.#connection.source, operation: 'GET /api/'}, 'not a Home Assistant API (no "message")');
		return parseConfig(await this.#get('/api/config', signal));
	}

	async states(signal: AbortSignal): Promise<HaState[]> {
		return parseStates(await this.#get('/api/states', signal), {source: this.#connection.source, operation: 'GET /api/states'});
	}

	/** Calls a service on one entity; returns the states HA reports changed. */
	async callService(domain: string, service: string, entity: string, signal: AbortSignal): Promise<number> {
		const operation = `${domain}.${service} ${entity}`;
		const context = {source: this.#connection.source, operation};
		const reply = await this.#http.request('POST', `/api/services/${encodeURIComponent(domain)}/${encodeURIComponent(service)}`, {signal, operation, headers: {authorization: `Bearer ${this.#connection.token}`}, body: {entity_id: entity}});
		const detail = (): string => {
			const message = typeof reply.body === 'object' && reply.body !== null && 'message' in reply.body ? (reply.body as {message: unknown}).message : reply.text;
			return cleanText(message, 120) || 'no detail';
		};
		if (reply.status === 401 || reply.status === 403) throw new AuthError(context, `Home Assistant refused the access token for ${entity} (HTTP ${reply.status})`);
		if (reply.status === 404) throw new ActionRefusedError(context, 'device', `Home Assistant does not know ${entity} or ${domain}.${service} (HTTP 404: ${detail()})`);
		if (reply.status === 400) throw new ActionRefusedError(context, 'device', `Home Assistant rejected ${domain}.${service} for ${entity} (HTTP 400: ${detail()})`);
		if (reply.status < 200 || reply.status >= 300) throw new DeviceReplyError(context, `HTTP ${reply.status} for ${entity}: ${detail()}`);
		return Array.isArray(reply.body) ? reply.body.length : 0;
	}

	async close(): Promise<void> {
		await this.#http.close();
	}
}

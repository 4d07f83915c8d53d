// Live updates through Home Assistant's WebSocket API (`/api/websocket`): auth with the access
// token, `subscribe_events` for `state_changed`, each new state handed to `onState`. A dropped or
// refused socket is retried with exponential backoff (1 s doubling to 60 s); while it is down the
// source falls back to polling `/api/states`. TLS is checked like the REST client (pin or trust).
import type {TLSSocket} from 'node:tls';
import type WebSocket from 'ws';
import {checkPeer} from '../../protocols/pinned-tls.js';
import {baseUrl, type HaConnection} from './client.js';
import {cleanText, parseState, type HaState} from './parse.js';

export type LiveStatus = {
	/** Subscribed and receiving events. */
	readonly isLive: boolean;
	/** Epoch ms the socket last went down (null: never up yet, or up now). */
	readonly downSince: number | null;
	readonly lastError: string | null;
};

export type LiveOptions = {
	readonly connection: HaConnection;
	onState(state: HaState): void;
	/** Called when the socket comes up (after subscribing) or goes down. */
	onStatus(status: LiveStatus): void;
	readonly minBackoffMs?: number;
	readonly maxBackoffMs?: number;
};

let webSocketModule: Promise<typeof WebSocket> | undefined;

export class HaLive {
	readonly #options: LiveOptions;
	#socket: WebSocket | undefined;
	#timer: NodeJS.Timeout | undefined;
	#backoffMs: number;
	#isClosed = false;
	#status: LiveStatus = {isLive: false, downSince: null, lastError: null};

	constructor(options: LiveOptions) {
		this.#options = options;
		this.#backoffMs = options.minBackoffMs ?? 1000;
		this.#connect();
	}

	get status(): LiveStatus {
		return this.#status;
	}

	#setStatus(status: LiveStatus): void {
		this.#status = status;
		this.#options.onStatus(status);
	}

	#connect(): void {
		if (this.#isClosed) return;
		// ws is loaded at the first connection: a command that loads the plugin without polling does not compile it.
		webSocketModule ??= import('ws').then(module => module.default);
		void webSocketModule.then(
			Socket => this.#open(Socket),
			(error: unknown) => {
				// Not loaded: tried again at the next connection, with the same backoff as a refused socket.
				webSocketModule = undefined;
				this.#setStatus({isLive: false, downSince: this.#status.downSince ?? Date.now(), lastError: `${this.#options.connection.source}: WebSocket: ${cleanText(error instanceof Error ? error.message : String(error), 200)}`});
				this.#schedule();
			},
		);
	}

	#open(Socket: typeof WebSocket): void {
		if (this.#isClosed) return;
		const {connection} = this.#options;
		const context = `${connection.source}: WebSocket`;
		const socket = new Socket(`${baseUrl(connection, 'ws')}/api/websocket`, {rejectUnauthorized: false, handshakeTimeout: connection.timeoutMs, maxPayload: 64 * 1024 * 1024});
		this.#socket = socket;
		let nextId = 1;
		let subscriptionId = 0;
		const fail = (message: string): void => {
			this.#setStatus({isLive: false, downSince: this.#status.downSince ?? Date.now(), lastError: `${context}: ${cleanText(message, 200)}`});
			socket.terminate();
		};
		socket.on('upgrade', response => {
			if (!connection.isTls) return;
			const failure = checkPeer(response.socket as TLSSocket, connection);
			if (failure) fail(failure.message);
		});
		socket.on('message', data => {
			let message: Record<string, unknown>;
			try {
				message = JSON.parse(String(data)) as Record<string, unknown>;
			} catch {
				fail('invalid JSON message');
				return;
			}
			switch (message.type) {
				case 'auth_required':
					socket.send(JSON.stringify({type: 'auth', access_token: connection.token}));
					break;
				case 'auth_invalid':
					fail(`access token rejected (${cleanText(message.message, 80)})`);
					break;
				case 'auth_ok':
					subscriptionId = nextId++;
					socket.send(JSON.stringify({id: subscriptionId, type: 'subscribe_events', event_type: 'state_changed'}));
					break;
				case 'result':
					if (message.id !== subscriptionId) break;
					if (message.success === true) {
						this.#backoffMs = this.#options.minBackoffMs ?? 1000;
						this.#setStatus({isLive: true, downSince: null, lastError: null});
					} else fail(`subscribe_events refused (${cleanText(JSON.stringify(message.error), 80)})`);
					break;
				case 'event':
					this.#onEvent(message.event);
					break;
				default:
					break;
			}
		});
		socket.on('error', error => {
			this.#setStatus({...this.#status, isLive: false, lastError: `${context}: ${cleanText(error.message, 200)}`});
		});
		socket.on('close', () => {
			if (this.#socket !== socket) return;
			this.#socket = undefined;
			this.#setStatus({isLive: false, downSince: this.#status.downSince ?? Date.now(), lastError: this.#status.lastError ?? `${context}: connection closed`});
			this.#schedule();
		});
	}

	#onEvent(event: unknown): void {
		if (typeof event !== 'object' || event === null) return;
		const data = (event as {data?: {new_state?: unknown}}).data;
		if (!data?.new_state) return;
		try {
			this.#options.onState(parseState(data.new_state, {source: this.#options.connection.source, operation: 'state_changed'}));
		} catch {
			// A malformed event is skipped; the next REST refresh corrects the picture.
		}
	}

	#schedule(): void {
		if (this.#isClosed) return;
		const delay = this.#backoffMs;
		this.#backoffMs = Math.min(this.#backoffMs * 2, this.#options.maxBackoffMs ?? 60_000);
		this.#timer = setTimeout(() => this.#connect(), delay);
		this.#timer.unref();
	}

	close(): void {
		this.#isClosed = true;
		clearTimeout(this.#timer);
		this.#socket?.terminate();
		this.#socket = undefined;
	}
}

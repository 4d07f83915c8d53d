// A Home Assistant simulator on loopback for tests and the demo lab: the REST API (`/api/`,
// `/api/config`, `/api/states`, `POST /api/services/<domain>/<service>`) and the WebSocket API
// (auth, `subscribe_events` for `state_changed`) from fixture states, with a bearer token, stateful
// services (trigger stamps `last_triggered`, turn_off disables, a script runs for `scriptRunMs`),
// and scenario hooks: entities that become unavailable, sockets dropped, the whole hub stopped.
import {createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import {WebSocketServer, type WebSocket} from 'ws';

export type SimState = {entity_id: string; state: string; attributes: Record<string, unknown>; last_changed: string; last_updated: string};

export type HaSimOptions = {
	readonly states: readonly SimState[];
	readonly config: Record<string, unknown>;
	readonly token: string;
	/** How long a script stays `on` after script.turn_on, ms. */
	readonly scriptRunMs?: number;
	/** Serve HTTPS and WSS with this key and certificate (PEM). */
	readonly tls?: {readonly key: string; readonly cert: string};
};

export type HaSimulator = {
	readonly port: number;
	readonly url: string;
	/** Service calls received, `domain.service entity`. */
	readonly calls: readonly string[];
	state(entityId: string): SimState | undefined;
	/** Sets a state and broadcasts `state_changed` to subscribers. */
	setState(entityId: string, state: string, attributes?: Record<string, unknown>): void;
	/** Marks every automation and script unavailable (Home Assistant lost its integrations). */
	makeUnavailable(entityIds?: readonly string[]): void;
	/** Closes every WebSocket; new ones are refused while `isRefusingSockets`. */
	dropSockets(options?: {refuseNew?: boolean}): void;
	acceptSockets(): void;
	/** The hub's machine is off: every connection is reset, sockets closed, until set back. */
	setDown(isDown: boolean): void;
	readonly subscriberCount: number;
	stop(): Promise<void>;
};

const json = (response: ServerResponse, status: number, body: unknown): void => {
	response.writeHead(status, {'content-type': 'application/json'});
	response.end(JSON.stringify(body));
};

async function readBody(request: IncomingMessage): Promise<string> {
	let text = '';
	for await (const chunk of request) text += String(chunk);
	return text;
}

export async function startHaSimulator(options: HaSimOptions): Promise<HaSimulator> {
	const states = new Map(options.states.map(state => [state.entity_id, structuredClone(state)]));
	const calls: string[] = [];
	const subscribers = new Map<WebSocket, number>();
	let isRefusingSockets = false;
	let isDown = false;
	const timers = new Set<NodeJS.Timeout>();

	const setState = (entityId: string, value: string, attributes: Record<string, unknown> = {}): void => {
		const old = states.get(entityId);
		const now = new Date().toISOString();
		const next: SimState = {entity_id: entityId, state: value, attributes: {...old?.attributes, ...attributes}, last_changed: old?.state === value ? (old.last_changed ?? now) : now, last_updated: now};
		states.set(entityId, next);
		for (const [socket, id] of subscribers) {
			socket.send(JSON.stringify({id, type: 'event', event: {event_type: 'state_changed', data: {entity_id: entityId, old_state: old ?? null, new_state: next}, origin: 'LOCAL', time_fired: now}}));
		}
	};

	const service = (domain: string, name: string, entityId: string): {status: number; body: unknown} => {
		const known = ['automation.trigger', 'automation.turn_on', 'automation.turn_off', 'script.turn_on', 'script.turn_off', 'scene.turn_on'];
		if (!known.includes(`${domain}.${name}`)) return {status: 400, body: {message: `Service ${domain}.${name} not found.`}};
		const current = states.get(entityId);
		if (!current || !entityId.startsWith(`${domain}.`)) return {status: 400, body: {message: `Referenced entities ${entityId} are missing or not currently available`}};
		if (current.state === 'unavailable') return {status: 400, body: {message: `Entity ${entityId} is unavailable`}};
		const now = new Date().toISOString();
		if (domain === 'automation' && name === 'trigger') setState(entityId, current.state, {last_triggered: now});
		else if (domain === 'automation') setState(entityId, name === 'turn_on' ? 'on' : 'off');
		else if (domain === 'scene') setState(entityId, now);
		else if (name === 'turn_off') setState(entityId, 'off', {current: 0});
		else {
			setState(entityId, 'on', {last_triggered: now, current: 1});
			const timer = setTimeout(() => {
				timers.delete(timer);
				if (states.get(entityId)?.state === 'on') setState(entityId, 'off', {current: 0});
			}, options.scriptRunMs ?? 2000);
			timers.add(timer);
		}
		return {status: 200, body: [states.get(entityId)]};
	};

	const handler: RequestListener = (request, response) => {
		void (async () => {
			if (isDown) {
				request.socket.destroy();
				return;
			}
			if (request.headers.authorization !== `Bearer ${options.token}`) {
				json(response, 401, {message: 'Invalid authentication'});
				return;
			}
			const url = new URL(request.url ?? '/', 'http://sim');
			const body = await readBody(request);
			if (request.method === 'GET' && url.pathname === '/api/') json(response, 200, {message: 'API running.'});
			else if (request.method === 'GET' && url.pathname === '/api/config') json(response, 200, options.config);
			else if (request.method === 'GET' && url.pathname === '/api/states') json(response, 200, [...states.values()]);
			else if (request.method === 'POST' && url.pathname.startsWith('/api/services/')) {
				const [domain = '', name = ''] = url.pathname.slice('/api/services/'.length).split('/');
				let entityId = '';
				try {
					entityId = String((JSON.parse(body || '{}') as {entity_id?: unknown}).entity_id ?? '');
				} catch {
					json(response, 400, {message: 'Data should be valid JSON.'});
					return;
				}
				calls.push(`${domain}.${name} ${entityId}`);
				const result = service(domain, name, entityId);
				json(response, result.status, result.body);
			} else json(response, 404, {message: 'Not Found'});
		})();
	};
	const server: Server = options.tls ? createHttpsServer({key: options.tls.key, cert: options.tls.cert}, handler) : createServer(handler);
	const wss = new WebSocketServer({noServer: true});
	server.on('upgrade', (request, socket, head) => {
		if (isDown || isRefusingSockets || request.url !== '/api/websocket') {
			socket.destroy();
			return;
		}
		wss.handleUpgrade(request, socket, head, ws => {
			let isAuthed = false;
			ws.send(JSON.stringify({type: 'auth_required', ha_version: String(options.config['version'] ?? '2026.11.0')}));
			ws.on('message', data => {
				const message = JSON.parse(String(data)) as {type?: string; id?: number; access_token?: string; event_type?: string};
				if (message.type === 'auth') {
					isAuthed = message.access_token === options.token;
					ws.send(JSON.stringify(isAuthed ? {type: 'auth_ok', ha_version: '2026.11.0'} : {type: 'auth_invalid', message: 'Invalid access token or password'}));
					if (!isAuthed) ws.close();
				} else if (isAuthed && message.type === 'subscribe_events' && message.event_type === 'state_changed' && typeof message.id === 'number') {
					subscribers.set(ws, message.id);
					ws.send(JSON.stringify({id: message.id, type: 'result', success: true, result: null}));
				}
			});
			ws.on('close', () => subscribers.delete(ws));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		// Idle connections are kept past any poll interval, as devices' web servers do; Node's 5 s
		// default made each 5-second poll a new TLS handshake.
		server.keepAliveTimeout = 65_000;
		server.listen(0, '127.0.0.1', resolve);
	});
	const port = (server.address() as AddressInfo).port;
	return {
		port,
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		calls,
		state: entityId => states.get(entityId),
		setState,
		makeUnavailable(entityIds) {
			const ids = entityIds ?? [...states.keys()].filter(id => id.startsWith('automation.') || id.startsWith('script.'));
			for (const id of ids) setState(id, 'unavailable');
		},
		dropSockets(dropOptions) {
			isRefusingSockets = dropOptions?.refuseNew === true;
			for (const socket of wss.clients) socket.terminate();
			subscribers.clear();
		},
		acceptSockets() {
			isRefusingSockets = false;
		},
		setDown(down) {
			isDown = down;
			if (down) {
				for (const socket of wss.clients) socket.terminate();
				subscribers.clear();
				server.closeAllConnections();
			}
		},
		get subscriberCount() {
			return subscribers.size;
		},
		async stop() {
			for (const timer of timers) clearTimeout(timer);
			for (const socket of wss.clients) socket.terminate();
			wss.close();
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

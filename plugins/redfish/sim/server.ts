// One simulated BMC: HTTPS on loopback (self-signed certificate made at start, port 0) serving a
// Redfish tree with sessions (`X-Auth-Token`), basic auth, `$select`/`$expand` where the service
// root declares them in `ProtocolFeaturesSupported`, reset actions with state, LED PATCH, and
// faults for tests: expired sessions (401), 503 while busy, slow replies, a truncated body.
import {EventEmitter} from 'node:events';
import {randomBytes} from 'node:crypto';
import {createServer, type Server} from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {makeSelfSignedCertificate} from '../../../protocols/sim/self-signed.js';
import {SimModel} from './model.js';
import {normalizePath, rootPath, type Resource, type Tree} from './tree.js';
import {applyExpand, applySelect, parseExpand} from './query.js';

export type BmcSimOptions = {
	readonly name: string;
	readonly tree: Tree;
	readonly user?: string;
	readonly password?: string;
	/** Accept HTTP basic auth besides sessions (default true). */
	readonly allowBasic?: boolean;
	/** Offer the session service (default true); without it only basic auth works. */
	readonly hasSessions?: boolean;
	/** Latency added to every reply, ms. */
	readonly latencyMs?: number;
	readonly events?: EventEmitter;
	readonly host?: string;
};

export type BmcSimulator = {
	readonly name: string;
	readonly port: number;
	readonly host: string;
	readonly fingerprint: string;
	readonly user: string;
	readonly password: string;
	readonly model: SimModel;
	readonly events: EventEmitter;
	/** Requests served, by `METHOD path` (query left out). */
	readonly requests: Map<string, number>;
	totalRequests(): number;
	/** Live session tokens. */
	sessionCount(): number;
	/** Forgets every session: the next request with a token gets 401. */
	expireSessions(): void;
	/** The next `count` requests get 503 (iLO while busy). */
	busy(count: number): void;
	/** Answers GETs of this path with this status (undefined: normally again). */
	failPath(path: string, status: number | undefined): void;
	/** The next `count` replies are cut off mid-body. */
	truncate(count: number): void;
	setLatency(ms: number): void;
	/** The `psu-failure` scenario's steps: a supply fails (redundancy lost); a fan stops. */
	failPsu(index?: number): void;
	failFan(index?: number): void;
	/** Powers the machine on or off as its outlet would (emits `power`). */
	setPower(isOn: boolean): void;
	/** Stops answering at all (connections accepted, nothing sent) until called with false. */
	hang(isHanging: boolean): void;
	stop(): Promise<void>;
};

const publicPaths = new Set([rootPath, '/redfish', `${rootPath}/odata`, `${rootPath}/$metadata`]);

export async function startBmcSimulator(options: BmcSimOptions): Promise<BmcSimulator> {
	// Every real BMC ships a self-signed certificate of its own.
	const certificate = await makeSelfSignedCertificate(`${options.name.replace(/[^a-z0-9-]/gi, '-').toLowerCase()}.bmc-sim.localdomain`);
	const user = options.user ?? 'admin';
	const password = options.password ?? randomBytes(9).toString('base64url');
	const events = options.events ?? new EventEmitter();
	const model = new SimModel(options.tree, options.name, events);
	const sessions = new Map<string, string>();
	const requests = new Map<string, number>();
	let latencyMs = options.latencyMs ?? 0;
	let busyCount = 0;
	let truncateCount = 0;
	let isHanging = false;
	const failing = new Map<string, number>();
	let sessionSeq = 0;
	const root = options.tree.get(rootPath) ?? {};
	const features = (root.ProtocolFeaturesSupported ?? {}) as {SelectQuery?: boolean; ExpandQuery?: {MaxLevels?: number}};
	const timers = new Set<NodeJS.Timeout>();

	const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
		const text = body === undefined ? '' : JSON.stringify(body);
		if (truncateCount > 0 && text.length > 20) {
			truncateCount--;
			response.writeHead(status, {'content-type': 'application/json', 'content-length': String(text.length), ...headers});
			response.write(text.slice(0, Math.floor(text.length / 2)));
			response.socket?.destroy();
			return;
		}
		response.writeHead(status, {'content-type': 'application/json; charset=utf-8', 'odata-version': '4.0', ...(text ? {'content-length': String(Buffer.byteLength(text))} : {}), ...headers});
		response.end(text);
	};
	const error = (response: ServerResponse, status: number, message: string): void => {
		send(response, status, {error: {code: 'Base.1.8.GeneralError', message, '@Message.ExtendedInfo': [{MessageId: 'Base.1.8.GeneralError', Message: message}]}});
	};

	const isAuthorized = (request: IncomingMessage): boolean => {
		const token = request.headers['x-auth-token'];
		if (typeof token === 'string') return sessions.has(token);
		const basic = request.headers.authorization;
		if (options.allowBasic !== false && basic?.startsWith('Basic ')) return Buffer.from(basic.slice(6), 'base64').toString() === `${user}:${password}`;
		return false;
	};

	const handle = (request: IncomingMessage, response: ServerResponse, body: string): void => {
		const url = new URL(request.url ?? '/', 'https://sim');
		const path = normalizePath(decodeURIComponent(url.pathname));
		const method = request.method ?? 'GET';
		requests.set(`${method} ${path}`, (requests.get(`${method} ${path}`) ?? 0) + 1);
		if (busyCount > 0) {
			busyCount--;
			error(response, 503, 'The service is busy; try again later');
			return;
		}
		const sessionsPath = normalizePath(String((root.Links as {Sessions?: {'@odata.id'?: string}} | undefined)?.Sessions?.['@odata.id'] ?? `${rootPath}/SessionService/Sessions`));
		const isSessionsPath = path === sessionsPath || path === `${rootPath}/SessionService/Sessions`;
		if (isSessionsPath && options.hasSessions === false) {
			error(response, 404, 'no session service');
			return;
		}
		if (method === 'POST' && isSessionsPath) {
			let credentials: {UserName?: unknown; Password?: unknown} = {};
			try {
				credentials = JSON.parse(body) as typeof credentials;
			} catch {
				error(response, 400, 'malformed JSON');
				return;
			}
			if (credentials.UserName !== user || credentials.Password !== password) {
				error(response, 401, 'invalid credentials');
				return;
			}
			const token = randomBytes(16).toString('hex');
			const id = String(++sessionSeq);
			sessions.set(token, id);
			const location = `${sessionsPath}/${id}`;
			const session = {'@odata.id': location, '@odata.type': '#Session.v1_3_0.Session', Id: id, Name: 'User Session', UserName: user};
			options.tree.set(location, session);
			send(response, 201, session, {'x-auth-token': token, location});
			return;
		}
		if (!publicPaths.has(path) && !isAuthorized(request)) {
			error(response, 401, 'authentication required');
			return;
		}
		if (method === 'DELETE' && path.startsWith(`${sessionsPath}/`)) {
			const id = path.split('/').at(-1);
			for (const [token, sessionId] of sessions) if (sessionId === id) sessions.delete(token);
			options.tree.delete(path);
			send(response, 204, undefined);
			return;
		}
		if (method === 'POST' && /\.Reset$/.test(path)) {
			let resetType = '';
			try {
				resetType = String((JSON.parse(body || '{}') as {ResetType?: unknown}).ResetType ?? '');
			} catch {
				error(response, 400, 'malformed JSON');
				return;
			}
			const refused = model.reset(path, resetType || 'On');
			if (refused === 'no such action') error(response, 404, refused);
			else if (refused) error(response, 400, refused);
			else send(response, 204, undefined);
			return;
		}
		if (method === 'PATCH') {
			let patch: Resource;
			try {
				patch = JSON.parse(body) as Resource;
			} catch {
				error(response, 400, 'malformed JSON');
				return;
			}
			if (model.setLed(path, patch)) send(response, 204, undefined);
			else error(response, 404, `no resource at ${path}`);
			return;
		}
		if (method !== 'GET' && method !== 'HEAD') {
			error(response, 405, `${method} not allowed on ${path}`);
			return;
		}
		if (path === sessionsPath) {
			const members = [...sessions.values()].map(id => ({'@odata.id': `${sessionsPath}/${id}`}));
			send(response, 200, {'@odata.id': sessionsPath, '@odata.type': '#SessionCollection.SessionCollection', Name: 'Session Collection', Members: members, 'Members@odata.count': members.length});
			return;
		}
		const failure = failing.get(path);
		if (failure) {
			error(response, failure, `simulated failure of ${path}`);
			return;
		}
		const resource = options.tree.get(path);
		if (!resource) {
			error(response, 404, `no resource at ${path}`);
			return;
		}
		let reply: Resource = resource;
		const expand = url.searchParams.get('$expand');
		if (expand !== null) {
			const levels = parseExpand(expand);
			if (!features.ExpandQuery || levels === undefined) {
				error(response, 400, `$expand is not supported here`);
				return;
			}
			reply = applyExpand(reply, options.tree, Math.min(levels, features.ExpandQuery.MaxLevels ?? 1));
		}
		const select = url.searchParams.get('$select');
		if (select !== null) {
			if (!features.SelectQuery) {
				error(response, 400, `$select is not supported here`);
				return;
			}
			reply = applySelect(reply, select.split(',').map(field => field.trim()).filter(Boolean));
		}
		send(response, 200, reply);
	};

	const server: Server = createServer({key: certificate.key, cert: certificate.cert}, (request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			if (isHanging) return;
			const body = Buffer.concat(chunks).toString('utf8');
			const run = () => {
				try {
					handle(request, response, body);
				} catch (cause) {
					error(response, 500, cause instanceof Error ? cause.message : String(cause));
				}
			};
			if (latencyMs <= 0) {
				run();
				return;
			}
			const timer = setTimeout(() => {
				timers.delete(timer);
				run();
			}, latencyMs);
			timers.add(timer);
		});
	});
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		// Idle connections are kept past any poll interval, as devices' web servers do; Node's 5 s
		// default made each 5-second poll a new TLS handshake.
		server.keepAliveTimeout = 65_000;
		server.listen(0, host, () => resolve());
	});
	const {port} = server.address() as AddressInfo;
	return {
		name: options.name, port, host, fingerprint: certificate.fingerprint256, user, password, model, events, requests,
		totalRequests: () => [...requests.values()].reduce((sum, count) => sum + count, 0),
		sessionCount: () => sessions.size,
		failPsu: index => model.failPsu(index),
		failFan: index => model.failFan(index),
		setPower: isOn => model.setPower(isOn),
		expireSessions: () => sessions.clear(),
		busy: count => {
			busyCount = count;
		},
		failPath: (path, status) => {
			if (status === undefined) failing.delete(normalizePath(path));
			else failing.set(normalizePath(path), status);
		},
		truncate: count => {
			truncateCount = count;
		},
		setLatency: ms => {
			latencyMs = ms;
		},
		hang: value => {
			isHanging = value;
		},
		stop: async () => {
			model.stop();
			for (const timer of timers) clearTimeout(timer);
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

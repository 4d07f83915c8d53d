// A loopback Proxmox VE API: HTTPS with a self-signed certificate made at start (protocols/sim),
// `/api2/json` paths (sim-api.ts) over a stateful cluster (sim-state.ts), API-token and ticket
// auth, and scenario hooks (node offline, quorum lost, slow/hanging API, 500, garbage, truncated).
import {randomBytes, randomUUID} from 'node:crypto';
import type {EventEmitter} from 'node:events';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {createServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import {handleApi} from './sim-api.js';
import {makeSelfSignedCertificate} from '../../../protocols/sim/self-signed.js';
import {loadSeed, standaloneSeed, withExtraGuests, type ClusterSeed} from './sim-seed.js';
import {SimApiError, SimState} from './sim-state.js';

export type SimFault = {
	/** `hang`: accept and never answer; `slow`: answer after `delayMs`; `error`: HTTP `status`. */
	readonly mode: 'hang' | 'slow' | 'error' | 'garbage' | 'truncated';
	/** Only API paths starting with this (`/nodes/pve2`); every path when absent. */
	readonly path?: string;
	readonly delayMs?: number;
	readonly status?: number;
};

export type SimulatorOptions = {
	readonly seed?: ClusterSeed;
	readonly fixturesDir?: string;
	/** One node, no cluster. */
	readonly isStandalone?: boolean;
	/** Synthetic guests added to the seed (benchmarks). */
	readonly extraGuests?: number;
	/** Task duration, ms. Default 3 s. */
	readonly taskMs?: number;
	readonly haRecoveryMs?: number;
	readonly ticketLifetimeMs?: number;
	/** Where the certificate is made (world.tmpDir). */
	readonly tmpDir?: string;
	/** `power` events `{device, isOn}` take the node named `device` off and on (tests; the demo lab maps devices to nodes itself). */
	readonly events?: EventEmitter;
	readonly now?: () => number;
};

type Ticket = {readonly user: string; readonly csrf: string; readonly issuedAt: number};

export class PveSimulator {
	readonly state: SimState;
	readonly tokenId = 'labdeck@pve!monitor';
	readonly tokenSecret = randomUUID();
	readonly user = 'root@pam';
	readonly password = 'sim-password';
	port = 0;
	fingerprint = '';
	/** Every request seen: method and API path (tests count POSTs). */
	readonly requests: {method: string; path: string}[] = [];
	fault: SimFault | undefined;
	readonly #options: SimulatorOptions;
	readonly #tickets = new Map<string, Ticket>();
	readonly #timers = new Set<NodeJS.Timeout>();
	#server: Server | undefined;
	readonly #onPower = (event: {device?: string; isOn?: boolean}) => {
		if (typeof event.device === 'string' && typeof event.isOn === 'boolean') this.state.setNodeOnline(event.device, event.isOn);
	};

	constructor(options: SimulatorOptions = {}) {
		this.#options = options;
		let seed = options.seed ?? loadSeed(options.fixturesDir);
		if (options.isStandalone) seed = standaloneSeed(seed);
		if (options.extraGuests) seed = withExtraGuests(seed, options.extraGuests);
		this.state = new SimState(seed, {taskMs: options.taskMs ?? 3000, haRecoveryMs: options.haRecoveryMs ?? 120_000, now: options.now ?? Date.now});
	}

	async start(): Promise<this> {
		const certificate = await makeSelfSignedCertificate('pve-sim.localdomain', {parentDir: this.#options.tmpDir});
		this.fingerprint = certificate.fingerprint256;
		const server = createServer({key: certificate.key, cert: certificate.cert}, (request, response) => {
			this.#handle(request, response);
		});
		this.#server = server;
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			// Idle connections are kept past any poll interval, as devices' web servers do; Node's 5 s
			// default made each 5-second poll a new TLS handshake.
			server.keepAliveTimeout = 65_000;
			server.listen(0, '127.0.0.1', () => resolve());
		});
		this.port = (server.address() as AddressInfo).port;
		this.#options.events?.on('power', this.#onPower);
		return this;
	}

	async stop(): Promise<void> {
		this.#options.events?.off('power', this.#onPower);
		for (const timer of this.#timers) clearTimeout(timer);
		this.#timers.clear();
		const server = this.#server;
		this.#server = undefined;
		if (!server) return;
		const closed = new Promise<void>(resolve => server.close(() => resolve()));
		server.closeAllConnections();
		await closed;
	}

	/** A timer that stop() clears and that never keeps the process alive. */
	later(ms: number, run: () => void): void {
		const timer = setTimeout(() => {
			this.#timers.delete(timer);
			run();
		}, ms);
		timer.unref();
		this.#timers.add(timer);
	}

	// Scenario hooks.
	setNodeOnline(node: string, isOnline: boolean): void {
		this.state.setNodeOnline(node, isOnline);
	}

	setQuorumLost(isLost: boolean): void {
		this.state.isQuorumForcedLost = isLost;
	}

	failNextTasks(count = 1): void {
		this.state.failingTasks = count;
	}

	setFault(fault: SimFault | undefined): void {
		this.fault = fault;
	}

	#handle(request: IncomingMessage, response: ServerResponse): void {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const url = new URL(request.url ?? '/', 'https://localhost');
			const method = request.method ?? 'GET';
			const path = url.pathname.replace(/^\/api2\/json/, '') || '/';
			this.requests.push({method, path});
			const params: Record<string, string> = Object.fromEntries(url.searchParams);
			if (method !== 'GET') Object.assign(params, Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
			const fault = this.fault && (!this.fault.path || path.startsWith(this.fault.path)) ? this.fault : undefined;
			if (fault?.mode === 'hang') return;
			if (fault?.mode === 'slow') this.later(fault.delayMs ?? 2000, () => this.#answer(request, response, method, path, params, undefined));
			else this.#answer(request, response, method, path, params, fault);
		});
	}

	#answer(request: IncomingMessage, response: ServerResponse, method: string, path: string, params: Record<string, string>, fault: SimFault | undefined): void {
		if (response.destroyed) return;
		if (fault?.mode === 'error') return this.#send(response, fault.status ?? 500, 'Internal Server Error', {data: null});
		if (fault?.mode === 'garbage') {
			response.writeHead(200, {'content-type': 'application/json;charset=UTF-8'});
			response.end('<html><body>502 Bad Gateway</body></html>\n');
			return;
		}
		try {
			if (method === 'POST' && path === '/access/ticket') return this.#send(response, 200, 'OK', {data: this.#login(params)});
			const user = this.#authenticate(request, method);
			const data = handleApi(this.state, method, path, params, user);
			if (fault?.mode === 'truncated') {
				const body = JSON.stringify({data});
				response.writeHead(200, {'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(body)});
				response.write(body.slice(0, Math.floor(body.length / 2)));
				response.destroy();
				return;
			}
			this.#send(response, 200, 'OK', {data});
		} catch (error) {
			if (error instanceof SimApiError) return this.#send(response, error.status, error.reason, {data: null});
			this.#send(response, 500, error instanceof Error ? error.message : 'internal error', {data: null});
		}
	}

	#send(response: ServerResponse, status: number, reason: string, body: unknown): void {
		const text = JSON.stringify(body);
		response.writeHead(status, reason.replace(/[^\x20-\x7e]/g, ' '), {'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text)});
		response.end(text);
	}

	#login(params: Record<string, string>): unknown {
		if (params.username !== this.user || params.password !== this.password) throw new SimApiError(401, 'authentication failure');
		const ticket = `PVE:${this.user}:${Math.floor(Date.now() / 1000).toString(16).toUpperCase()}::${randomBytes(24).toString('base64')}`;
		const csrf = `${Math.floor(Date.now() / 1000).toString(16).toUpperCase()}:${randomBytes(16).toString('base64')}`;
		this.#tickets.set(ticket, {user: this.user, csrf, issuedAt: this.state.now()});
		return {username: this.user, ticket, CSRFPreventionToken: csrf, cap: {vms: {'VM.PowerMgmt': 1}}};
	}

	/** Returns the user; throws 401 for a missing or bad token, ticket or CSRF token. */
	#authenticate(request: IncomingMessage, method: string): string {
		const authorization = request.headers.authorization ?? '';
		const token = /^PVEAPIToken[= ]([^=\s]+)=(\S+)$/.exec(authorization);
		if (token) {
			if (token[1] === this.tokenId && token[2] === this.tokenSecret) return this.tokenId;
			throw new SimApiError(401, 'authentication failure');
		}
		const cookie = /(?:^|;\s*)PVEAuthCookie=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
		const ticket = cookie ? this.#tickets.get(decodeURIComponent(cookie)) : undefined;
		if (!ticket || this.state.now() - ticket.issuedAt > (this.#options.ticketLifetimeMs ?? 7_200_000)) throw new SimApiError(401, 'invalid PVE ticket');
		if (method !== 'GET' && request.headers.csrfpreventiontoken !== ticket.csrf) throw new SimApiError(401, 'Permission denied - invalid csrf token');
		return ticket.user;
	}
}

export async function startPveSimulator(options: SimulatorOptions = {}): Promise<PveSimulator> {
	return new PveSimulator(options).start();
}

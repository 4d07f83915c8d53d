// The service's listener: consoles and one-shots connect (Unix socket, or TLS with a token), say
// hello, prove their uid (Unix socket), and then receive the snapshot and its changes, and send
// actions, which run here through the one action layer (confirm gate, --readonly, audit log naming
// the operator). A malformed frame gets an error frame and the connection is closed; a client
// that does not read is dropped once its unsent output passes a bound; the service runs on.
import {timingSafeEqual} from 'node:crypto';
import type {Socket} from 'node:net';
import {userInfo} from 'node:os';
import type {ActionLayer} from '../../src/actions.js';
import {ActionRefusedError, describeError} from '../../src/errors.js';
import type {Snapshot, Store} from '../../src/store.js';
import {decodeClientFrame, diffSnapshot, encodeFrame, WireError, wireVersion, type ClientFrame, type ServerFrame} from '../../src/wire.js';
import {readLines} from './line-reader.js';
import {newNonce, readProof, userName} from './peer.js';

export type ServeHub = {
	readonly store: Store;
	readonly actions: ActionLayer;
	readonly configPath: string | null;
	readonly isReadonly: boolean;
	/** Unsent bytes a client may have queued before it is dropped. */
	readonly maxBufferBytes: number;
	/** Where Unix-socket clients write their uid proof. */
	readonly challengeDir: string | undefined;
	readonly log: (line: string) => void;
};

type Client = {readonly socket: Socket; isReady: boolean};

/** Coalesces store changes into one delta frame per interval, shared by every client. */
export class Hub {
	readonly #options: ServeHub;
	readonly #clients = new Set<Client>();
	#lastSent: Snapshot;
	#timer: NodeJS.Timeout | undefined;
	readonly #unsubscribe: () => void;

	constructor(options: ServeHub, intervalMs = 100) {
		this.#options = options;
		this.#lastSent = options.store.getSnapshot();
		this.#unsubscribe = options.store.subscribe(() => {
			this.#timer ??= setTimeout(() => {
				this.#timer = undefined;
				this.#broadcast();
			}, intervalMs);
		});
	}

	get clientCount(): number {
		return this.#clients.size;
	}

	/** Serves one connection: a Unix-socket peer proves its uid; a TCP (TLS) peer must send `token`. */
	accept(socket: Socket, token?: string): void {
		const isTcp = token !== undefined;
		const client: Client = {socket, isReady: false};
		this.#clients.add(client);
		socket.on('close', () => this.#clients.delete(client));
		socket.on('error', () => {});
		let nonce: string | undefined;
		let role = 'console';
		const fail = (code: 'version' | 'malformed' | 'config' | 'auth', message: string) => {
			this.#send(client, {v: wireVersion, type: 'error', code, message});
			this.#options.log(`client refused (${code}): ${message}`);
			socket.end();
			setTimeout(() => socket.destroy(), 1000).unref();
		};
		readLines(socket, line => {
			let frame: ClientFrame;
			try {
				frame = decodeClientFrame(line);
			} catch (error) {
				fail('malformed', error instanceof WireError ? error.message : String(error));
				return;
			}
			if (frame.v !== wireVersion) return fail('version', `labdeck serve speaks wire protocol v${wireVersion}, this client v${frame.v}`);
			if (frame.type === 'hello') {
				if (nonce !== undefined || client.isReady) return fail('malformed', 'hello sent twice');
				// A TCP client's paths are another machine's: only a local client's config must match.
				if (!isTcp && frame.configPath !== this.#options.configPath) return fail('config', `the service runs ${this.#options.configPath ?? '(no config file)'}, not ${frame.configPath ?? '(no config file)'}`);
				role = frame.role;
				if (isTcp || this.#options.challengeDir === undefined) {
					if (!isTcp || frame.token === undefined || !sameSecret(frame.token, token)) return fail('auth', 'a valid token is required');
					// The token proves the client may attach, not who it is: a declared name is marked so.
					const address = socket.remoteAddress ?? '?';
					return this.#welcome(client, frame.operator === undefined ? `remote:${address}` : `declared:${frame.operator}@${address}`, role);
				}
				// A proof made before connecting; without one (or an unreadable one), the challenge.
				const uid = frame.proof === undefined ? undefined : readProof(this.#options.challengeDir, frame.proof);
				if (uid !== undefined) return this.#welcome(client, userName(uid), role);
				nonce = newNonce();
				return this.#send(client, {v: wireVersion, type: 'challenge', nonce, dir: this.#options.challengeDir});
			}
			if (frame.type === 'proof') {
				if (isTcp || nonce === undefined || frame.nonce !== nonce || client.isReady) return fail('malformed', 'proof without a challenge');
				const uid = readProof(this.#options.challengeDir!, nonce);
				if (uid === undefined) return fail('auth', 'no proof file for the challenge');
				return this.#welcome(client, userName(uid), role);
			}
			if (!client.isReady) return fail('malformed', `${frame.type} before hello`);
			void this.#execute(client, frame);
		}, () => fail('malformed', 'frame too long'));
	}

	close(): void {
		this.#unsubscribe();
		clearTimeout(this.#timer);
		for (const client of this.#clients) client.socket.destroy();
	}

	#operators = new WeakMap<Client, string>();

	#welcome(client: Client, operator: string, role: string): void {
		this.#operators.set(client, operator);
		client.isReady = true;
		this.#send(client, {v: wireVersion, type: 'welcome', lab: this.#options.store.getSnapshot().lab, configPath: this.#options.configPath, isReadonly: this.#options.isReadonly, operator, pid: process.pid});
		this.#write(client, this.#fullFrame());
		if (role === 'console') this.#options.log(`console attached: ${operator}`);
	}

	async #execute(client: Client, frame: Extract<ClientFrame, {type: 'execute'}>): Promise<void> {
		const {actions} = this.#options;
		const operator = this.#operators.get(client) ?? 'unknown';
		try {
			const plan = actions.plan(frame.actionId, frame.targetIds, frame.params);
			const outcome = await actions.execute(plan, frame.confirmation, {
				origin: frame.origin,
				user: operator,
				isReadonly: frame.isReadonly === true,
				noWait: frame.noWait === true,
				onProgress: line => this.#send(client, {v: wireVersion, type: 'progress', id: frame.id, line}),
			});
			this.#send(client, {v: wireVersion, type: 'outcome', id: frame.id, outcome});
		} catch (error) {
			const isRefused = error instanceof ActionRefusedError;
			this.#send(client, {
				v: wireVersion,
				type: 'error',
				id: frame.id,
				code: isRefused ? 'refused' : 'failed',
				message: error instanceof Error ? error.message : describeError(error, {source: 'labdeck serve', operation: frame.actionId}),
				...(error instanceof Error ? {errorName: error.name} : {}),
				...(isRefused ? {reason: error.reason} : {}),
			});
		}
	}

	#full: {readonly snapshot: Snapshot; readonly line: string} | undefined;

	/** The whole snapshot as one frame, encoded once per snapshot (consoles attaching together share it). */
	#fullFrame(): string {
		const snapshot = this.#options.store.getSnapshot();
		if (this.#full?.snapshot !== snapshot) this.#full = {snapshot, line: encodeFrame({v: wireVersion, type: 'snapshot', delta: diffSnapshot(null, snapshot)})};
		return this.#full.line;
	}

	#broadcast(): void {
		const next = this.#options.store.getSnapshot();
		if (next === this.#lastSent) return;
		const line = encodeFrame({v: wireVersion, type: 'snapshot', delta: diffSnapshot(this.#lastSent, next)});
		this.#lastSent = next;
		for (const client of this.#clients) if (client.isReady) this.#write(client, line);
	}

	#send(client: Client, frame: ServerFrame): void {
		this.#write(client, encodeFrame(frame));
	}

	#write(client: Client, line: string): void {
		const {socket} = client;
		if (socket.destroyed) return;
		socket.write(line);
		if (socket.writableLength > this.#options.maxBufferBytes) {
			this.#options.log(`client dropped: ${socket.writableLength} bytes unread (bound ${this.#options.maxBufferBytes})`);
			this.#clients.delete(client);
			socket.destroy();
		}
	}
}

function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

export function serviceUser(): string {
	try {
		return userInfo().username;
	} catch {
		return 'unknown';
	}
}

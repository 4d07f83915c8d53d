// Attaching to a running `labdeck serve`: connect to its socket, say hello with our protocol
// version and config file, prove our uid, then mirror its snapshot into a local store and send
// actions there. No service (no socket, nobody listening): undefined, and the caller polls by
// itself. A service of another protocol version or another config: a one-line refusal.
// The uid proof is made before connecting (a file named by our own nonce, sent in the hello), so
// the live snapshot is one round trip away; a service that does not take it sends a challenge.
// Over TCP (`remote`): TLS, the peer checked before anything is sent, then the token.
import {connect, type Socket} from 'node:net';
import type {Confirmation, ExecuteOptions, ActionPlan, RemoteExecute} from '../../src/actions.js';
import {ActionRefusedError, TimeoutError} from '../../src/errors.js';
import type {ActionOutcome} from '../../src/plugin-api.js';
import type {Store} from '../../src/store.js';
import {applyDelta, decodeServerFrame, encodeFrame, wireVersion, type ClientFrame, type ClientRole, type ServerFrame} from '../../src/wire.js';
import {readLines} from './line-reader.js';
import {preProve, writeProof} from './peer.js';
import type {RemoteTarget} from './remote.js';

export type AttachOptions = {
	/** The Unix socket (when `remote` is absent). */
	readonly socketPath?: string;
	/** A `labdeck serve --listen` over TLS. */
	readonly remote?: RemoteTarget;
	readonly configPath: string | null;
	readonly role: ClientRole;
	/** The store to fill: its first full snapshot arrives before attach() resolves. */
	readonly store: Store;
	readonly timeoutMs?: number;
	readonly signal?: AbortSignal;
	/** Test hook: speak another protocol version. */
	readonly version?: number;
};

export type Attached = {
	readonly operator: string;
	readonly pid: number;
	readonly isReadonly: boolean;
	readonly execute: RemoteExecute;
	/** Called once when the service goes away (not after close()). */
	onLost(listener: (reason: string) => void): void;
	close(): void;
};

/** `code`: the service's error code, or `connect`/`trust` (TCP: unreachable, certificate refused); `error`: the one-line error to report (TCP). */
export type AttachResult = {readonly attached: Attached} | {readonly refused: string; readonly code?: string; readonly error?: Error} | {readonly absent: string};

export async function attach(options: AttachOptions): Promise<AttachResult> {
	const remote = options.remote ? await import('./remote.js') : undefined;
	const where = options.remote?.address ?? options.socketPath ?? '?';
	const timeoutMs = options.timeoutMs ?? 2000;
	let onRemoteReady: (failure: Error | undefined) => void = () => {};
	const socket: Socket = remote && options.remote ? remote.openRemote(options.remote, failure => onRemoteReady(failure)) : connect(options.socketPath ?? '');
	const proof = remote ? undefined : preProve(options.socketPath ?? '');
	const send = (frame: ClientFrame) => socket.write(encodeFrame(frame));
	const pending = new Map<number, {resolve: (outcome: ActionOutcome) => void; reject: (error: Error) => void; onProgress?: (line: string) => void}>();
	let nextId = 1;
	let isClosing = false;
	const lostListeners: ((reason: string) => void)[] = [];
	let lostReason: string | undefined;
	return new Promise<AttachResult>(resolve => {
		let welcome: Extract<ServerFrame, {type: 'welcome'}> | undefined;
		/** The notices the service sent last (the rest of the store's notices are this process's own). */
		let serverNotices: readonly string[] = [];
		let isSettled = false;
		const settle = (result: AttachResult) => {
			if (isSettled) return;
			isSettled = true;
			clearTimeout(timer);
			proof?.remove();
			options.signal?.removeEventListener('abort', onAbort);
			if (!('attached' in result)) socket.destroy();
			resolve(result);
		};
		const timer = setTimeout(() => {
			const refused = `labdeck serve at ${where} did not answer within ${timeoutMs} ms`;
			settle(options.remote ? {refused, code: 'connect', error: new TimeoutError({source: `--attach ${where}`, operation: 'attach'}, timeoutMs)} : {refused, code: 'connect'});
		}, timeoutMs);
		const onAbort = () => settle({absent: 'aborted'});
		options.signal?.addEventListener('abort', onAbort, {once: true});
		const hello = {v: options.version ?? wireVersion, type: 'hello', role: options.role, configPath: options.configPath} as const;
		if (remote && options.remote) {
			const target = options.remote;
			onRemoteReady = failure => (failure ? settle({refused: failure.message, code: 'trust', error: failure}) : send({...hello, configPath: null, token: target.token, ...(target.operator ? {operator: target.operator} : {})}));
		} else send({...hello, ...(proof ? {proof: proof.nonce} : {})}); // queued until connected
		socket.on('error', (error: NodeJS.ErrnoException) => {
			if (remote && options.remote) {
				const failure = remote.remoteFailure(options.remote, error);
				return settle({refused: failure.message, code: 'connect', error: failure});
			}
			const isAbsent = error.code === 'ENOENT' || error.code === 'ECONNREFUSED';
			settle(isAbsent ? {absent: `no service at ${where}`} : {refused: `labdeck serve at ${where}: ${error.message}`});
		});
		socket.on('close', () => {
			settle({refused: `labdeck serve at ${where} closed the connection`, code: 'connect'});
			for (const request of pending.values()) request.reject(new Error('labdeck serve: the service went away while the action ran; check the audit log'));
			pending.clear();
			if (isClosing) return;
			lostReason = 'labdeck serve stopped';
			for (const listener of lostListeners.splice(0)) listener(lostReason);
		});
		const attached: Attached = {
			get operator() {
				return welcome?.operator ?? '?';
			},
			get pid() {
				return welcome?.pid ?? 0;
			},
			get isReadonly() {
				return welcome?.isReadonly ?? false;
			},
			execute: async (plan: ActionPlan, confirmation: Confirmation, executeOptions: ExecuteOptions) => new Promise<ActionOutcome>((resolveOutcome, reject) => {
				if (socket.destroyed) return reject(new Error('labdeck serve: not connected'));
				const id = nextId++;
				pending.set(id, {resolve: resolveOutcome, reject, ...(executeOptions.onProgress ? {onProgress: executeOptions.onProgress} : {})});
				send({
					v: wireVersion,
					type: 'execute',
					id,
					actionId: plan.actionId,
					targetIds: plan.targets.map(target => target.id),
					params: plan.params,
					confirmation: {isConfirmed: confirmation.isConfirmed, ...(confirmation.typed === undefined ? {} : {typed: confirmation.typed})},
					origin: executeOptions.origin,
					...(executeOptions.noWait ? {noWait: true} : {}),
					...(executeOptions.isReadonly ? {isReadonly: true} : {}),
				});
			}),
			// A listener added after the loss (the console was still booting) hears of it at once.
			onLost: listener => (lostReason === undefined ? lostListeners.push(listener) : queueMicrotask(() => listener(lostReason!))),
			close() {
				isClosing = true;
				socket.destroy();
			},
		};
		readLines(socket, line => {
			let frame: ServerFrame;
			try {
				frame = decodeServerFrame(line);
			} catch (error) {
				socket.destroy();
				return settle({refused: `labdeck serve sent a bad frame: ${error instanceof Error ? error.message : String(error)}`});
			}
			if (frame.type === 'error' && frame.id === undefined) return settle({refused: `labdeck serve refused: ${frame.message}`, code: frame.code});
			if (frame.v !== wireVersion) return settle({refused: `labdeck serve speaks wire protocol v${frame.v}, this labdeck v${wireVersion}`});
			handle(frame);
		}, () => settle({refused: 'labdeck serve sent an over-long frame'}));

		function handle(frame: ServerFrame): void {
			switch (frame.type) {
				case 'challenge': {
					try {
						writeProof(frame.dir, frame.nonce);
						send({v: wireVersion, type: 'proof', nonce: frame.nonce});
					} catch (error) {
						settle({refused: `labdeck serve: cannot answer its challenge: ${error instanceof Error ? error.message : String(error)}`});
					}
					return;
				}
				case 'welcome': {
					welcome = frame;
					return;
				}
				case 'snapshot': {
					// The service's notices replace its last ones; this process's own (config warnings) stay.
					options.store.apply(current => {
						const own = current.notices.filter(notice => !serverNotices.includes(notice));
						serverNotices = frame.delta.notices;
						return applyDelta(current, {...frame.delta, notices: [...frame.delta.notices, ...own.filter(notice => !frame.delta.notices.includes(notice))]});
					});
					if (welcome) settle({attached});
					return;
				}
				case 'progress': {
					pending.get(frame.id)?.onProgress?.(frame.line);
					return;
				}
				case 'outcome': {
					pending.get(frame.id)?.resolve(frame.outcome);
					pending.delete(frame.id);
					return;
				}
				case 'error': {
					const request = frame.id === undefined ? undefined : pending.get(frame.id);
					if (!request) return;
					pending.delete(frame.id!);
					const reason = frame.reason as ActionRefusedError['reason'] | undefined;
					request.reject(frame.code === 'refused' && reason ? refusedError(frame.message, reason) : new Error(frame.message));
				}
			}
		}
	});
}

/** The service's refusal, re-thrown here as the same error class (the CLI maps it to exit 5). */
function refusedError(message: string, reason: ActionRefusedError['reason']): ActionRefusedError {
	const error = new ActionRefusedError({source: 'labdeck', operation: 'serve'}, reason, message);
	error.message = message;
	return error;
}

export type {Socket};

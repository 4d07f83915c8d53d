// `labdeck serve`: the poller, store, alert engine, state file and notifications as one
// long-running service, behind a Unix socket (mode 0600) that consoles and one-shots attach to;
// optionally a TLS listener with a token (`--listen`) and an OpenMetrics endpoint (`--metrics`).
// A second service on the same socket refuses to start with a one-line reason.
import {chmodSync, chownSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import {createServer as createHttpServer, type Server as HttpServer} from 'node:http';
import {connect, createServer, type Server} from 'node:net';
import path from 'node:path';
import {createServer as createTlsServer} from 'node:tls';
import type {Lab} from '../../src/lab.js';
import {openLab} from '../../src/lab.js';
import {stateDir} from '../../src/paths.js';
import {providersOf} from '../../src/store.js';
import {exitCodes, loadFor, type Composition, type ExitCode, type GlobalOptions, type Io} from '../cli/context.js';
import {keepHeapSmall} from '../cli/heap.js';
import {renderMetrics, openMetricsContentType} from './metrics.js';
import {Notifier, type NotifyRecord} from './notify/notifier.js';
import {challengeDir} from './peer.js';
import {Hub} from './server.js';
import {socketPath} from './socket-path.js';

export type ServeOptions = {
	/** `HOST:PORT` for /metrics; loopback unless a non-loopback host is given. */
	readonly metrics?: string | undefined;
	/** `HOST:PORT` for a TLS listener (needs tlsCert, tlsKey and a token). */
	readonly listen?: string | undefined;
	readonly tlsCert?: string | undefined;
	readonly tlsKey?: string | undefined;
	/** Name of the environment variable holding the TCP token. */
	readonly tokenEnv?: string | undefined;
	readonly socket?: string | undefined;
	/** A group whose members may attach too (socket mode 0660): operators sharing one jump host. */
	readonly group?: string | undefined;
	/** Resolves when the service should stop (the CLI: SIGTERM/SIGINT). */
	readonly until: Promise<void>;
	/** Called once everything listens (tests, `--print-ready`). */
	readonly onReady?: (info: {socket: string; metrics: string | null; listen: string | null}) => void;
};

export function parseHostPort(value: string, flag: string): {host: string; port: number} {
	const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(value);
	const port = Number(match?.[3]);
	if (!match || port > 65_535) throw new Error(`labdeck: serve ${flag} ${JSON.stringify(value)}: expected HOST:PORT (e.g. 127.0.0.1:9877)`);
	return {host: match[1] ?? match[2]!, port};
}

export async function runServe(options: GlobalOptions, composition: Composition, io: Io, serve: ServeOptions): Promise<ExitCode> {
	// Long-running like the console: its heap is kept the same way.
	keepHeapSmall();
	const log = (line: string) => io.err(`labdeck serve: ${line}\n`);
	const file = serve.socket ? path.resolve(serve.socket) : socketPath(io.env);
	const tcp = serve.listen === undefined ? undefined : tlsSettings(serve, io.env);
	const metricsAt = serve.metrics === undefined ? undefined : parseHostPort(serve.metrics, '--metrics');
	if (await isListening(file)) {
		io.err(`labdeck serve: another labdeck serve already listens on ${file}: stop it first (or pass --socket PATH)\n`);
		return exitCodes.error;
	}
	const config = await loadFor(options, composition, io);
	for (const warning of config.warnings) log(`warning: ${warning}`);
	const lab: Lab = openLab({
		config,
		providers: providersOf(composition.plugins.kinds),
		globalActions: composition.globalActions,
		isReadonly: options.readonly ?? false,
		stateDir: stateDir(io.env),
		shouldRestore: true,
		shouldPersist: true,
		onWarning: message => log(`warning: ${message}`),
	});
	const closers: (() => Promise<void> | void)[] = [async () => lab.close()];
	try {
		mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		rmSync(file, {force: true});
		const hub = new Hub({store: lab.store, actions: lab.actions, configPath: config.path, isReadonly: options.readonly ?? false, maxBufferBytes: maxClientBuffer(io.env), challengeDir: challengeDir(file), log});
		const unix = createServer(socket => hub.accept(socket));
		const oldMask = process.umask(0o177);
		try {
			await listen(unix, file);
		} finally {
			process.umask(oldMask);
		}
		if (serve.group === undefined) chmodSync(file, 0o600);
		else {
			chownSync(file, -1, groupId(serve.group));
			chmodSync(file, 0o660);
		}
		// Clients first: a server's close() waits for its connections to end.
		closers.push(async () => {
			hub.close();
			await close(unix);
		}, () => rmSync(file, {force: true}), () => rmSync(`${file}.auth`, {recursive: true, force: true}));
		let listenAt: string | null = null;
		if (tcp) {
			const server = createTlsServer({cert: tcp.cert, key: tcp.key, minVersion: 'TLSv1.2'}, socket => hub.accept(socket, tcp.token));
			await listen(server, tcp.port, tcp.host);
			listenAt = address(server);
			// Its clients first (closers run in reverse): close() waits for every connection to end.
			closers.push(async () => {
				hub.close();
				await close(server);
			});
		}
		let metrics: string | null = null;
		if (metricsAt) {
			const server = metricsServer(lab);
			await listen(server, metricsAt.port, metricsAt.host);
			metrics = address(server);
			closers.push(async () => close(server));
		}
		if (config.notify) {
			const notifier = new Notifier({config: config.notify, store: lab.store, record: record => recordNotify(lab, record, log)});
			closers.push(async () => notifier.close());
		}
		const alertTimer = setInterval(() => lab.evaluateAlerts(), 5000);
		closers.push(() => clearInterval(alertTimer));
		lab.poller.start();
		log(`listening on ${file}${listenAt ? `, TLS ${listenAt}` : ''}${metrics ? `, metrics http://${metrics}/metrics` : ''} (lab "${config.lab}", ${config.sources.length} sources)`);
		serve.onReady?.({socket: file, metrics, listen: listenAt});
		await serve.until;
		return exitCodes.ok;
	} finally {
		for (const closer of closers.reverse()) await Promise.resolve(closer()).catch(() => {});
	}
}

/** A notification sent, failed or held back: in the service's log and the timeline. */
function recordNotify(lab: Lab, record: NotifyRecord, log: (line: string) => void): void {
	log(record.message);
	try {
		lab.timeline.append({at: Date.now(), type: 'notify', message: record.message, details: {receiver: record.receiver, event: record.event, group: record.group, isOk: record.isOk}});
	} catch (error) {
		log(`warning: cannot write the timeline ${lab.timeline.path}: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/** A group's id, by name or number, from /etc/group. */
function groupId(group: string): number {
	if (/^\d+$/.test(group)) return Number(group);
	for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
		const [name, , id] = line.split(':');
		if (name === group) return Number(id);
	}
	throw new Error(`labdeck: serve --group ${JSON.stringify(group)}: no such group in /etc/group`);
}

/** Unsent bytes per client before it is dropped: $LABDECK_SERVE_MAX_BUFFER, default 8 MiB. */
function maxClientBuffer(env: NodeJS.ProcessEnv): number {
	const value = Number(env.LABDECK_SERVE_MAX_BUFFER);
	return Number.isInteger(value) && value > 0 ? value : 8 * 1024 * 1024;
}

function tlsSettings(serve: ServeOptions, env: NodeJS.ProcessEnv): {host: string; port: number; cert: Buffer; key: Buffer; token: string} {
	const {host, port} = parseHostPort(serve.listen!, '--listen');
	if (!serve.tlsCert || !serve.tlsKey) throw new Error('labdeck: serve --listen needs TLS: pass --tls-cert FILE and --tls-key FILE');
	const token = serve.tokenEnv ? env[serve.tokenEnv] : env.LABDECK_SERVE_TOKEN;
	if (!token || token.length < 16) throw new Error(`labdeck: serve --listen needs a token of at least 16 characters in $${serve.tokenEnv ?? 'LABDECK_SERVE_TOKEN'}`);
	return {host, port, cert: readFileSync(serve.tlsCert), key: readFileSync(serve.tlsKey), token};
}

function metricsServer(lab: Lab): HttpServer {
	return createHttpServer((request, response) => {
		if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== '/metrics') {
			response.writeHead(404, {'content-type': 'text/plain'}).end('labdeck serve: only GET /metrics here\n');
			return;
		}
		response.writeHead(200, {'content-type': openMetricsContentType}).end(renderMetrics(lab.store.getSnapshot()));
	});
}

/** Whether a service answers on the socket (a stale socket file from a crash does not count). */
async function isListening(file: string): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connect(file);
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function listen(server: Server, portOrPath: number | string, host?: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		if (typeof portOrPath === 'string') server.listen(portOrPath, resolve);
		else server.listen(portOrPath, host, resolve);
	});
}

async function close(server: Server): Promise<void> {
	(server as {closeAllConnections?: () => void}).closeAllConnections?.();
	await new Promise<void>(resolve => server.close(() => resolve()));
}

function address(server: Server): string {
	const info = server.address();
	if (info === null || typeof info === 'string') return String(info);
	return info.family === 'IPv6' ? `[${info.address}]:${info.port}` : `${info.address}:${info.port}`;
}

export function systemdUnit(binary: string): string {
	return [
		'# labdeck serve as a systemd user service:',
		'#   labdeck serve --print-systemd-unit > ~/.config/systemd/user/labdeck.service',
		'#   systemctl --user daemon-reload && systemctl --user enable --now labdeck',
		'#   loginctl enable-linger "$USER"   # keep it running after logout',
		'[Unit]',
		'Description=labdeck serve: one shared poller for the lab consoles',
		'After=network-online.target',
		'',
		'[Service]',
		`ExecStart=${binary} serve`,
		'Restart=on-failure',
		'RestartSec=5',
		'# Add --metrics 127.0.0.1:9877 to ExecStart for Prometheus.',
		'NoNewPrivileges=yes',
		'PrivateTmp=yes',
		'',
		'[Install]',
		'WantedBy=default.target',
		'',
	].join('\n');
}

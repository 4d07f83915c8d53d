// httpRequest and mapHttpError against raw servers on 127.0.0.1 (port 0): what the move from fetch
// to the dispatcher could break. A body over the cap is cut off and its connection never reused; a
// reply reset mid-body; a 3xx not followed; the reason phrase; garbage on a plain http:// port; a
// refused connection. The https:// cases through the Proxmox engine: plugins/proxmox/engine.test.ts.
import {createServer, type Server, type Socket} from 'node:net';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {Agent} from 'undici';
import {DeviceReplyError, UnreachableError} from '../src/errors.js';
import {HttpJson} from './http-json.js';
import {mapHttpError} from './http-errors.js';
import {httpRequest} from './http-request.js';

type Reply = (request: string, socket: Socket) => void;

/** A raw HTTP/1.1 server: `reply` answers each request head; counts connections and requests. */
class RawServer {
	readonly server: Server;
	readonly sockets = new Set<Socket>();
	connections = 0;
	requests: string[] = [];
	reply: Reply = (_request, socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');

	constructor() {
		this.server = createServer(socket => {
			this.connections++;
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
			socket.on('error', () => {});
			let pending = '';
			socket.on('data', chunk => {
				pending += chunk.toString('latin1');
				let end: number;
				while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
					const head = pending.slice(0, end);
					pending = pending.slice(end + 4);
					this.requests.push(head);
					this.reply(head, socket);
				}
			});
		});
	}

	get port(): number {
		return (this.server.address() as {port: number}).port;
	}

	async start(): Promise<void> {
		await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise(resolve => this.server.close(resolve));
	}
}

const context = {source: 'raw', operation: 'GET /x'};
let raw: RawServer;
let agent: Agent;

beforeAll(async () => {
	raw = new RawServer();
	await raw.start();
});
afterAll(async () => raw.stop());
afterEach(async () => {
	await agent?.destroy();
	raw.connections = 0;
	raw.requests = [];
	raw.reply = (_request, socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
});

function request(path = '/x', maxBodyBytes?: number) {
	agent ??= new Agent({keepAliveTimeout: 10_000, connections: 1});
	return httpRequest(agent, {origin: `http://127.0.0.1:${raw.port}`, path, method: 'GET', headers: {}, signal: AbortSignal.timeout(5000), maxBodyBytes, context});
}

const newAgent = () => {
	agent = new Agent({keepAliveTimeout: 10_000, connections: 1});
};

describe('httpRequest', () => {
	it('reuses the connection when the body is read, and keeps the reason phrase and headers', async () => {
		newAgent();
		raw.reply = (_request, socket) => socket.write('HTTP/1.1 500 unable to parse worker upid\r\nX-Auth-Token: abc\r\ncontent-length: 2\r\n\r\n{}');
		const first = await request();
		expect(first).toEqual({status: 500, reason: 'unable to parse worker upid', headers: {'x-auth-token': 'abc', 'content-length': '2'}, text: '{}'});
		await request();
		expect(raw.connections).toBe(1);
		expect(raw.requests[0]).toMatch(/^GET \/x HTTP\/1.1\r\n/);
	});

	it('cuts off a streamed body over the cap with the replyBytes line, and never reuses that connection', async () => {
		newAgent();
		raw.reply = (request, socket) => {
			if (request.startsWith('GET /big')) {
				socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
				for (let index = 0; index < 20; index++) socket.write(`400\r\n${'x'.repeat(1024)}\r\n`);
				return;
			}
			socket.write('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
		};
		const error = await request('/big', 4096).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DeviceReplyError);
		expect((error as Error).message).toBe('raw: GET /x: reply exceeds the replyBytes cap of 4096 bytes (got over 4096 bytes): raise caps.replyBytes in the source block if this is expected');
		// The next request gets a clean reply on a new connection, not the rest of the big body.
		expect((await request('/small')).text).toBe('ok');
		expect(raw.connections).toBe(2);
	});

	it('refuses an announced length over the cap before reading, on a connection it then drops', async () => {
		newAgent();
		raw.reply = (request, socket) => socket.write(request.startsWith('GET /big') ? 'HTTP/1.1 200 OK\r\ncontent-length: 999999\r\n\r\nxx' : 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok');
		await expect(request('/big', 1000)).rejects.toThrow('reply exceeds the replyBytes cap of 1000 bytes (got 999999 bytes)');
		expect((await request('/small')).text).toBe('ok');
		expect(raw.connections).toBe(2);
	});

	it('reports a reply reset mid-body as truncated', async () => {
		newAgent();
		raw.reply = (_request, socket) => {
			socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{"data":[', () => socket.resetAndDestroy());
		};
		const error = await request().catch((caught: unknown) => mapHttpError(caught, context));
		expect(error).toBeInstanceOf(DeviceReplyError);
		expect((error as Error).message).toBe('raw: GET /x: reply truncated (connection closed mid-body)');
	});

	it('returns a 3xx as it is, without following it', async () => {
		newAgent();
		raw.reply = (_request, socket) => socket.write('HTTP/1.1 302 Found\r\nlocation: /elsewhere\r\ncontent-length: 0\r\n\r\n');
		const reply = await request();
		expect(reply).toMatchObject({status: 302, reason: 'Found', headers: {location: '/elsewhere'}, text: ''});
		expect(raw.requests).toHaveLength(1);
	});

	it('encodes a space or a non-ASCII character in a path as fetch did', async () => {
		newAgent();
		await request('/nodes/pve 1/é?x=1');
		expect(raw.requests[0]).toMatch(/^GET \/nodes\/pve%201\/%C3%A9\?x=1 HTTP/);
	});
});

describe('HttpJson over the dispatcher', () => {
	it('names garbage on a plain http:// port', async () => {
		raw.reply = (_request, socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n');
		const http = new HttpJson({source: 'hub', base: `http://127.0.0.1:${raw.port}`, timeoutMs: 2000});
		try {
			await expect(http.request('GET', '/api/states', {signal: AbortSignal.timeout(5000), operation: 'GET /api/states'})).rejects.toThrow(/^hub: GET \/api\/states: not an HTTP reply \(.+\): check host and port$/);
		} finally {
			await http.close();
		}
	});

	it('maps a refused connection to UnreachableError', async () => {
		const closed = createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as {port: number}).port;
		await new Promise(resolve => closed.close(resolve));
		const http = new HttpJson({source: 'hub', base: `http://127.0.0.1:${port}`, timeoutMs: 2000});
		try {
			await expect(http.request('GET', '/', {signal: AbortSignal.timeout(5000), operation: 'GET /'})).rejects.toBeInstanceOf(UnreachableError);
		} finally {
			await http.close();
		}
	});
});

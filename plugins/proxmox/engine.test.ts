// The Proxmox engine over undici's dispatcher against raw peers on 127.0.0.1 (port 0): garbage on
// the HTTPS port is named as such, and a peer that accepts TCP but never speaks TLS fails the
// request with a TimeoutError within its budget (nothing waits for undici's connect timeout).
import {createServer, type Socket} from 'node:net';
import {describe, expect, it} from 'vitest';
import {TimeoutError} from '../../src/errors.js';
import {PveEngine} from './engine.js';

describe('proxmox engine: peers that are not PVE', () => {
	it('names garbage on an https:// port (plain HTTP answering a ClientHello)', async () => {
		const plain = createServer(socket => {
			socket.on('error', () => {});
			socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n'));
		});
		await new Promise<void>(resolve => plain.listen(0, '127.0.0.1', resolve));
		const engine = new PveEngine({source: 'pve', host: '127.0.0.1', port: (plain.address() as {port: number}).port, tokenId: 'a@pve!b', token: 't', isInsecure: true, timeoutMs: 2000});
		try {
			await expect(engine.request('GET', '/api2/json/version', undefined, {signal: AbortSignal.timeout(5000)})).rejects.toThrow(/^pve: GET \/version: no TLS handshake: the peer on this port does not speak HTTPS \(check host and port, 8006 for Proxmox\)$/);
		} finally {
			await engine.close();
			await new Promise(resolve => plain.close(resolve));
		}
	});

	it('times out within budget when the peer accepts TCP and never speaks TLS', async () => {
		const silent = createServer(socket => socket.on('error', () => {}));
		const open = new Set<Socket>();
		silent.on('connection', socket => open.add(socket));
		await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
		const engine = new PveEngine({source: 'pve', host: '127.0.0.1', port: (silent.address() as {port: number}).port, tokenId: 'a@pve!b', token: 't', isInsecure: true, timeoutMs: 300});
		try {
			const startedAt = performance.now();
			const error = await engine.request('POST', '/api2/json/nodes/a/qemu/100/status/stop', undefined, {signal: AbortSignal.timeout(10_000)}).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(TimeoutError);
			expect((error as Error).message).toBe('pve: POST /nodes/a/qemu/100/status/stop: no answer within 300 ms');
			expect(performance.now() - startedAt).toBeLessThan(2000);
		} finally {
			await engine.close();
			for (const socket of open) socket.destroy();
			await new Promise(resolve => silent.close(resolve));
		}
	});

});

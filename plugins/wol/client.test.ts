// The real sender against a plain loopback UDP listener (not the simulator): the bytes on the
// wire are compared with the packet written out by hand in fixtures/wol/. Only 127.0.0.1 is used.
import {createSocket, type Socket} from 'node:dgram';
import {readFileSync} from 'node:fs';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {sendMagicPacket} from './client.js';

const expected = Buffer.from(readFileSync(new URL('../../fixtures/wol/magic-packet-dev-ws.hex', import.meta.url), 'utf8').replace(/\s+/g, ''), 'hex');
const context = {source: 'wol-test', operation: 'host.wake dev-ws'};

let listener: Socket;
let port: number;
let datagrams: Buffer[];
let waiters: (() => void)[];

beforeEach(async () => {
	datagrams = [];
	waiters = [];
	listener = createSocket('udp4');
	listener.on('message', bytes => {
		datagrams.push(bytes);
		for (const wake of waiters.splice(0)) wake();
	});
	await new Promise<void>(resolve => listener.bind(0, '127.0.0.1', resolve));
	port = listener.address().port;
});

afterEach(async () => {
	await new Promise<void>(resolve => listener.close(() => resolve()));
});

async function nextDatagram(count: number): Promise<Buffer> {
	while (datagrams.length < count) await new Promise<void>(resolve => waiters.push(resolve));
	return datagrams[count - 1]!;
}

const options = (signal = new AbortController().signal) => ({signal, timeoutMs: 2000, context});

describe('sendMagicPacket', () => {
	it('sends the magic packet byte for byte, whatever the MAC spelling', async () => {
		for (const [index, mac] of ['3c:7c:3f:1e:a2:09', '3C-7C-3F-1E-A2-09', '3c7c.3f1e.a209'].entries()) {
			await sendMagicPacket({mac, address: '127.0.0.1', port}, options());
			const received = await nextDatagram(index + 1);
			expect(received).toHaveLength(102);
			expect([...received]).toEqual([...expected]);
		}
	});

	it('sends nothing and rejects with the reason when already aborted', async () => {
		const controller = new AbortController();
		const reason = new Error('action timed out');
		controller.abort(reason);
		await expect(sendMagicPacket({mac: '3c:7c:3f:1e:a2:09', address: '127.0.0.1', port}, options(controller.signal))).rejects.toBe(reason);
		// The next packet sent is the first one the listener sees.
		await sendMagicPacket({mac: '00:11:22:33:44:55', address: '127.0.0.1', port}, options());
		expect((await nextDatagram(1)).subarray(6, 12).toString('hex')).toBe('001122334455');
		expect(datagrams).toHaveLength(1);
	});

	it('rejects with the reason when aborted while the socket opens', async () => {
		const controller = new AbortController();
		const sending = sendMagicPacket({mac: '3c:7c:3f:1e:a2:09', address: '127.0.0.1', port}, options(controller.signal));
		const reason = new Error('stopped');
		controller.abort(reason);
		await expect(sending).rejects.toBe(reason);
	});

	it('turns a socket error into a labdeck error naming the source', async () => {
		// Port 0 cannot be sent to: dgram refuses before anything leaves the machine.
		await expect(sendMagicPacket({mac: '3c:7c:3f:1e:a2:09', address: '127.0.0.1', port: 0}, options())).rejects.toThrow(/^wol-test: host\.wake dev-ws: /);
		expect(datagrams).toHaveLength(0);
	});

	it('refuses an invalid MAC before opening a socket', async () => {
		await expect(sendMagicPacket({mac: 'dev-ws', address: '127.0.0.1', port}, options())).rejects.toThrow('wol-test: host.wake dev-ws: invalid MAC "dev-ws"');
	});
});

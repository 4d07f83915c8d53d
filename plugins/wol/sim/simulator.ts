// A Wake-on-LAN listener on loopback: receives UDP datagrams, recognises magic packets and
// reports the MAC each one wakes. Used by the tests and, through app/demo/sims/wol.ts, by the demo lab
// (a packet for a known machine powers it on in the demo world).
import {createSocket, type Socket} from 'node:dgram';
import {magicPacketTarget} from '../parse.js';

export type WolListener = {
	readonly address: string;
	readonly port: number;
	/** Every datagram received, in order, with the MAC it wakes (undefined: not a magic packet). */
	readonly received: readonly {readonly bytes: Buffer; readonly mac: string | undefined}[];
	stop(): Promise<void>;
};

export type WolListenerOptions = {
	/** Called for each valid magic packet with the MAC (`aa:bb:cc:dd:ee:ff`). */
	readonly onWake?: (mac: string) => void;
	/** Called for every datagram. */
	readonly onDatagram?: (bytes: Buffer) => void;
};

export async function startWolListener(options: WolListenerOptions = {}): Promise<WolListener> {
	const socket: Socket = createSocket('udp4');
	const received: {bytes: Buffer; mac: string | undefined}[] = [];
	socket.on('message', bytes => {
		const mac = magicPacketTarget(bytes);
		received.push({bytes, mac});
		options.onDatagram?.(bytes);
		if (mac) options.onWake?.(mac);
	});
	await new Promise<void>((resolve, reject) => {
		socket.once('error', reject);
		socket.bind(0, '127.0.0.1', () => {
			socket.off('error', reject);
			resolve();
		});
	});
	const {address, port} = socket.address();
	let isStopped = false;
	return {
		address,
		port,
		received,
		async stop() {
			if (isStopped) return;
			isStopped = true;
			await new Promise<void>(resolve => socket.close(() => resolve()));
		},
	};
}

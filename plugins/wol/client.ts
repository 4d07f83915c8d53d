// Sends a Wake-on-LAN magic packet: one UDP datagram from an ephemeral port, SO_BROADCAST set (a
// subnet or limited broadcast needs it), closed when sent, on error, on timeout or on abort.
// UDP has no answer: "sent" is all that can be known.
import {createSocket} from 'node:dgram';
import {isIPv6} from 'node:net';
import {fromSocketError, TimeoutError, type ErrorContext} from '../../src/errors.js';
import {magicPacket, parseMac} from './parse.js';

export type WakeTarget = {
	/** `aa:bb:cc:dd:ee:ff` (or another accepted spelling). */
	readonly mac: string;
	readonly address: string;
	readonly port: number;
};

export type SendOptions = {
	readonly signal: AbortSignal;
	readonly timeoutMs: number;
	readonly context: ErrorContext;
};

export async function sendMagicPacket(target: WakeTarget, {signal, timeoutMs, context}: SendOptions): Promise<void> {
	signal.throwIfAborted();
	const mac = parseMac(target.mac);
	if (!mac) throw new RangeError(`${context.source}: ${context.operation}: invalid MAC ${JSON.stringify(target.mac)}`);
	const packet = magicPacket(mac);
	const socket = createSocket({type: isIPv6(target.address) ? 'udp6' : 'udp4'});
	return new Promise<void>((resolve, reject) => {
		let isDone = false;
		const finish = (error?: unknown): void => {
			if (isDone) return;
			isDone = true;
			clearTimeout(timer);
			signal.removeEventListener('abort', onAbort);
			try {
				socket.close();
			} catch {
				// Already closed.
			}
			if (error === undefined) resolve();
			else reject(error);
		};
		const onAbort = (): void => finish(signal.reason);
		const timer = setTimeout(() => finish(new TimeoutError(context, timeoutMs)), timeoutMs);
		signal.addEventListener('abort', onAbort, {once: true});
		socket.once('error', error => finish(fromSocketError(error, context)));
		socket.bind(0, () => {
			if (isDone) return;
			try {
				socket.setBroadcast(true);
			} catch (error) {
				finish(fromSocketError(error, context));
				return;
			}
			try {
				socket.send(packet, target.port, target.address, error => finish(error ? fromSocketError(error, context) : undefined));
			} catch (error) {
				// Bad port or address: thrown synchronously by dgram.
				finish(fromSocketError(error, context));
			}
		});
	});
}

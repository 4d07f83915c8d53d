// Splits a socket's bytes into newline-delimited frames; a line longer than the bound is an error
// (a peer that never sends a newline cannot grow our memory without limit).
import {StringDecoder} from 'node:string_decoder';
import type {Duplex} from 'node:stream';
import {maxFrameBytes} from '../../src/wire.js';

export function readLines(socket: Duplex, onLine: (line: string) => void, onOverflow: () => void): void {
	const decoder = new StringDecoder('utf8');
	let pending = '';
	socket.on('data', (chunk: Buffer) => {
		pending += decoder.write(chunk);
		let index: number;
		while ((index = pending.indexOf('\n')) >= 0) {
			const line = pending.slice(0, index);
			pending = pending.slice(index + 1);
			if (line.trim() !== '') onLine(line);
			if (socket.destroyed) return;
		}
		if (pending.length > maxFrameBytes) {
			pending = '';
			onOverflow();
		}
	});
}

// Simulator- and test-side (never imported by production code): a free loopback port from the OS,
// for daemons that cannot bind port 0 themselves (mosquitto, upsd, sshd, snmpsimd, `labdeck serve
// --metrics`). Another process may take it before the daemon binds it: callers retry on a collision.
import dgram from 'node:dgram';
import {createServer, type AddressInfo} from 'node:net';

/** A TCP port free on `host` (127.0.0.1 unless said) a moment ago. */
export async function freeTcpPort(host = '127.0.0.1'): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const {port} = server.address() as AddressInfo;
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

/** A UDP port free on `host` (127.0.0.1 unless said) a moment ago. */
export async function freeUdpPort(host = '127.0.0.1'): Promise<number> {
	const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
	await new Promise<void>((resolve, reject) => {
		socket.once('error', reject);
		socket.bind(0, host, () => resolve());
	});
	const {port} = socket.address();
	await new Promise<void>(resolve => socket.close(() => resolve()));
	return port;
}

// An HS4 JSON API simulator on loopback for tests and the demo lab: `getstatus`, `getevents`,
// `runevent` and `controldevicebyvalue` from fixture replies, with user/password checking and
// stateful devices (a set value changes the device's status and last change).
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

type Device = {ref: number; name: string; value: number; status: string; last_change: string; [key: string]: unknown};
type Event = {Group: string; Name: string; id: number; [key: string]: unknown};

export type HsSimOptions = {
	readonly status: {readonly Devices: readonly Device[]};
	readonly events: {readonly Events: readonly Event[]};
	readonly user: string;
	readonly password: string;
};

export type HsSimulator = {
	readonly port: number;
	/** Requests that changed something: `runevent Group/Name`, `controldevicebyvalue ref=value`. */
	readonly calls: readonly string[];
	device(ref: number): Device | undefined;
	stop(): Promise<void>;
};

const statusText = (value: number): string => (value === 0 ? 'Off' : value === 255 || value === 99 ? 'On' : `Dim ${value}%`);

export async function startHsSimulator(options: HsSimOptions): Promise<HsSimulator> {
	const devices = new Map(options.status.Devices.map(device => [device.ref, structuredClone(device)]));
	const calls: string[] = [];
	const server: Server = createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://sim');
		const send = (body: unknown) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify(body));
		};
		if (url.pathname.toLowerCase() !== '/json') {
			response.writeHead(404).end('not found');
			return;
		}
		if (url.searchParams.get('user') !== options.user || url.searchParams.get('pass') !== options.password) {
			response.writeHead(401, {'content-type': 'text/plain'}).end('Unauthorized');
			return;
		}
		const params = url.searchParams;
		switch (params.get('request')) {
			case 'getstatus':
				send({Name: 'HomeSeer Devices', Version: '1.0', Devices: [...devices.values()]});
				break;
			case 'getevents':
				send({Name: 'HomeSeer Events', Version: '1.0', Events: options.events.Events});
				break;
			case 'runevent': {
				const event = options.events.Events.find(item => item.Group === params.get('group') && item.Name === params.get('name'));
				if (!event) {
					send({Response: 'Error, event not found'});
					break;
				}
				calls.push(`runevent ${event.Group}/${event.Name}`);
				send({Response: 'ok'});
				break;
			}
			case 'controldevicebyvalue': {
				const device = devices.get(Number(params.get('ref')));
				const value = Number(params.get('value'));
				if (!device || !Number.isFinite(value)) {
					send({Response: 'Error, bad request'});
					break;
				}
				device.value = value;
				device.status = statusText(value);
				device.last_change = `/Date(${Date.now()})/`;
				calls.push(`controldevicebyvalue ${device.ref}=${value}`);
				send({Name: 'HomeSeer Devices', Version: '1.0', Devices: [device]});
				break;
			}
			default:
				send({Response: 'Error, bad request'});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		// Idle connections are kept past any poll interval, as devices' web servers do; Node's 5 s
		// default made each 5-second poll a new TLS handshake.
		server.keepAliveTimeout = 65_000;
		server.listen(0, '127.0.0.1', resolve);
	});
	return {
		port: (server.address() as AddressInfo).port,
		calls,
		device: ref => devices.get(ref),
		async stop() {
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

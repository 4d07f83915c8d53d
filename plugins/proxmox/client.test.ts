// The real engine and client against the simulator on 127.0.0.1: TLS verification and pinning,
// token and ticket auth, and every way a reply can go wrong.
import {createServer, type Server} from 'node:net';
import type {AddressInfo} from 'node:net';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {AuthError, DeviceReplyError, TimeoutError, UnreachableError} from '../../src/errors.js';
import {PveClient} from './client.js';
import type {EngineOptions} from './engine.js';
import {PveSimulator, startPveSimulator} from './sim/simulator.js';

let sim: PveSimulator;
const clients: PveClient[] = [];

beforeAll(async () => {
	sim = await startPveSimulator({taskMs: 30});
});
afterAll(async () => sim.stop());
afterEach(async () => {
	sim.setFault(undefined);
	await Promise.all(clients.splice(0).map(async client => client.close()));
});

function client(options: Partial<EngineOptions> = {}): PveClient {
	const made = new PveClient({
		source: 'pve-test', host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.tokenSecret, fingerprint: sim.fingerprint, timeoutMs: 2000,
		...options,
	});
	clients.push(made);
	return made;
}

const signal = () => AbortSignal.timeout(10_000);

describe('proxmox client: TLS', () => {
	it('reads with a pinned fingerprint, with or without colons, any case', async () => {
		expect(await client().clusterStatus(signal())).toBeInstanceOf(Array);
		const bare = sim.fingerprint.replaceAll(':', '').toLowerCase();
		expect(await client({fingerprint: bare}).clusterStatus(signal())).toBeInstanceOf(Array);
	});

	it('refuses a wrong fingerprint, naming both', async () => {
		const wrong = 'AB:'.repeat(31) + 'AB';
		const error = await client({fingerprint: wrong}).clusterStatus(signal()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(AuthError);
		expect((error as Error).message).toContain(`expected ${wrong}, got ${sim.fingerprint}`);
		expect((error as Error).message).toMatch(/^pve-test: TLS handshake: certificate fingerprint mismatch/);
	});

	it('refuses an untrusted self-signed certificate by default and says how to pin it', async () => {
		const error = await client({fingerprint: undefined}).clusterStatus(signal()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(AuthError);
		expect((error as Error).message).toContain(`its SHA-256 fingerprint is ${sim.fingerprint}`);
	});

	it('accepts any certificate with insecure', async () => {
		expect(await client({fingerprint: undefined, isInsecure: true}).clusterStatus(signal())).toBeInstanceOf(Array);
	});
});

describe('proxmox client: auth', () => {
	it('sends the API token', async () => {
		const resources = await client().clusterResources(signal()) as {type: string}[];
		expect(resources.filter(row => row.type === 'node')).toHaveLength(3);
	});

	it('maps 401 on a bad token to AuthError without sending the secret in the message', async () => {
		const error = await client({token: 'not-the-secret'}).clusterStatus(signal()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(AuthError);
		expect((error as Error).message).toBe(`pve-test: GET /cluster/status: API token ${sim.tokenId} rejected (HTTP 401 authentication failure)`);
	});

	it('logs in with user and password, sends the CSRF token on writes, and renews the ticket', async () => {
		const ticketClient = client({tokenId: undefined, token: undefined, user: sim.user, password: sim.password, ticketRenewMs: 0});
		expect(await ticketClient.clusterStatus(signal())).toBeInstanceOf(Array);
		const upid = await ticketClient.guestCommand('pve1', 'qemu', 100, 'reboot', signal());
		expect(upid).toMatch(/^UPID:pve1:.*:qmreboot:100:root@pam:$/);
		const logins = sim.requests.filter(request => request.path === '/access/ticket').length;
		expect(logins).toBe(2);
	});

	it('maps a wrong password to AuthError', async () => {
		const error = await client({tokenId: undefined, user: sim.user, password: 'wrong'}).clusterStatus(signal()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(AuthError);
		expect((error as Error).message).toContain('POST /access/ticket: user root@pam rejected (HTTP 401');
	});
});

describe('proxmox client: failures', () => {
	it('times out on a hanging API within the budget', async () => {
		sim.setFault({mode: 'hang'});
		const started = performance.now();
		const error = await client({timeoutMs: 300}).clusterResources(signal()).catch((caught: unknown) => caught);
		const elapsed = performance.now() - started;
		expect(error).toBeInstanceOf(TimeoutError);
		expect((error as Error).message).toBe('pve-test: GET /cluster/resources: no answer within 300 ms');
		expect(elapsed).toBeLessThan(1500);
	});

	it('honours the caller signal as well as its own timeout', async () => {
		sim.setFault({mode: 'hang'});
		const started = performance.now();
		const error = await client({timeoutMs: 60_000}).clusterResources(AbortSignal.timeout(200)).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(TimeoutError);
		expect(performance.now() - started).toBeLessThan(1500);
	});

	it('never resends a POST that timed out', async () => {
		sim.setFault({mode: 'hang', path: '/nodes/pve1/qemu/100/status'});
		const before = sim.requests.filter(request => request.method === 'POST').length;
		const error = await client({timeoutMs: 200}).guestCommand('pve1', 'qemu', 100, 'stop', signal()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(TimeoutError);
		expect(sim.requests.filter(request => request.method === 'POST').length - before).toBe(1);
	});

	it('maps 500 to DeviceReplyError with the reason', async () => {
		sim.setFault({mode: 'error', status: 500});
		const error = await client().clusterResources(signal()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DeviceReplyError);
		expect((error as Error).message).toBe('pve-test: GET /cluster/resources: HTTP 500 Internal Server Error');
	});

	it('maps invalid JSON to DeviceReplyError', async () => {
		sim.setFault({mode: 'garbage'});
		const error = await client().clusterResources(signal()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DeviceReplyError);
		expect((error as Error).message).toMatch(/invalid JSON in reply/);
	});

	it('maps a truncated body to DeviceReplyError', async () => {
		sim.setFault({mode: 'truncated'});
		const error = await client().clusterResources(signal()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DeviceReplyError);
		expect((error as Error).message).toMatch(/truncated/);
	});

	it('maps a refused connection to UnreachableError', async () => {
		const server: Server = createServer();
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as AddressInfo;
		await new Promise<void>(resolve => server.close(() => resolve()));
		const error = await client({port}).clusterStatus(signal()).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(UnreachableError);
		expect((error as Error).message).toMatch(/ECONNREFUSED/);
	});
});

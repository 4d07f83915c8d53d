// The real plugin against simulated BMCs on loopback: sessions, basic auth, 401 re-login, 503
// backoff, timeouts, TLS pinning, truncated replies, and the request budget per interval.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BmcLab} from './sim/index.js';
import {createInstance, pollOne, startLab} from './test-helpers.js';

let lab: BmcLab;

beforeAll(async () => {
	lab = await startLab([
		{name: 'ilo4', shape: 'ilo4'},
		{name: 'idrac9', shape: 'idrac9'},
		{name: 'x11-basic', shape: 'supermicro-x11', hasSessions: false},
		{name: 'faulty', shape: 'ilo5'},
	]);
});

afterAll(async () => {
	await lab.stop();
});

describe('redfish plugin against the simulator', () => {
	it('logs in with a session, polls, and deletes the session on close', async () => {
		const bmc = lab.bmc('idrac9');
		const instance = createInstance(bmc);
		const {bmc: entity, result} = await pollOne(instance);
		expect(result.partial).toBeUndefined();
		expect(bmc.sessionCount()).toBe(1);
		expect(entity).toMatchObject({id: 'bmc:bmc-idrac9/System.Embedded.1', powerState: 'on', model: 'PowerEdge R640', serial: 'CN7016389Q0456', hostname: 'r640-a', bmcFirmware: '7.00.00.172', biosVersion: '2.19.1', powerWatts: 290});
		expect(bmc.requests.get('POST /redfish/v1/SessionService/Sessions')).toBe(1);
		await instance.close?.();
		expect(bmc.sessionCount()).toBe(0);
		expect([...bmc.requests.keys()].some(key => key.startsWith('DELETE /redfish/v1/SessionService/Sessions/'))).toBe(true);
	});

	it('logs in again once when the session expires (401)', async () => {
		const bmc = lab.bmc('idrac9');
		const instance = createInstance(bmc);
		try {
			await pollOne(instance);
			const logins = bmc.requests.get('POST /redfish/v1/SessionService/Sessions') ?? 0;
			bmc.expireSessions();
			const {result} = await pollOne(instance);
			expect(result.partial).toBeUndefined();
			expect(bmc.requests.get('POST /redfish/v1/SessionService/Sessions')).toBe(logins + 1);
		} finally {
			await instance.close?.();
		}
	});

	it('falls back to basic auth when the service has no session service', async () => {
		const bmc = lab.bmc('x11-basic');
		const instance = createInstance(bmc);
		try {
			const {bmc: entity} = await pollOne(instance);
			expect(entity).toMatchObject({model: 'SYS-6029P-TRT', hostname: null});
			expect(bmc.sessionCount()).toBe(0);
		} finally {
			await instance.close?.();
		}
	});

	it('refuses wrong credentials with a clear error', async () => {
		const instance = createInstance(lab.bmc('ilo4'), {password: 'wrong'});
		try {
			await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toThrow(/bmc-ilo4: POST \/redfish\/v1\/SessionService\/Sessions: user admin rejected \(HTTP 401\)/);
		} finally {
			await instance.close?.();
		}
	});

	it('retries a GET answered 503 with backoff, and names the status when the BMC stays busy', async () => {
		const bmc = lab.bmc('faulty');
		const instance = createInstance(bmc);
		try {
			await pollOne(instance);
			bmc.busy(2);
			const {result} = await pollOne(instance);
			expect(result.partial).toBeUndefined();
			bmc.busy(50);
			await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toThrow(/bmc-faulty: GET \/redfish\/v1\/Systems\/1: HTTP 503 The service is busy/);
		} finally {
			bmc.busy(0);
			await instance.close?.();
		}
	});

	it('times out within the budget when the BMC stops answering', async () => {
		const bmc = lab.bmc('faulty');
		const instance = createInstance(bmc, {timeout: 0.5});
		try {
			await pollOne(instance);
			bmc.hang(true);
			const started = performance.now();
			await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toMatchObject({name: 'TimeoutError'});
			expect(performance.now() - started).toBeLessThan(1500);
		} finally {
			bmc.hang(false);
			await instance.close?.();
		}
	});

	it('closes promptly while a request to a hung BMC is in flight', async () => {
		const bmc = lab.bmc('faulty');
		const instance = createInstance(bmc, {timeout: 30});
		try {
			await pollOne(instance);
			bmc.hang(true);
			const controller = new AbortController();
			const poll = instance.poll(controller.signal).catch((error: unknown) => error);
			await new Promise(resolve => setImmediate(resolve));
			const started = performance.now();
			await instance.close?.();
			expect(performance.now() - started).toBeLessThan(3000);
			controller.abort();
			expect(await poll).toBeInstanceOf(Error);
		} finally {
			bmc.hang(false);
		}
	});

	it('reports a truncated reply as such', async () => {
		const bmc = lab.bmc('faulty');
		const instance = createInstance(bmc);
		try {
			await pollOne(instance);
			bmc.truncate(1);
			await expect(instance.poll(AbortSignal.timeout(5000))).rejects.toThrow(/bmc-faulty: GET \/redfish\/v1\/Systems\/1: (reply truncated|invalid JSON)/);
		} finally {
			bmc.truncate(0);
			await instance.close?.();
		}
	});

	it('refuses a certificate that does not match the pinned fingerprint, and an unpinned self-signed one', async () => {
		const bmc = lab.bmc('ilo4');
		const pinned = createInstance(bmc, {fingerprint: 'AA'.repeat(32)});
		const unpinned = createInstance(bmc, {fingerprint: undefined});
		const warnings: string[] = [];
		const insecure = createInstance(bmc, {fingerprint: undefined, insecure: true}, warnings);
		try {
			await expect(pinned.poll(AbortSignal.timeout(5000))).rejects.toThrow(/bmc-ilo4: TLS handshake: BMC certificate fingerprint mismatch: expected AA:AA.*, got [0-9A-F:]+$/);
			await expect(unpinned.poll(AbortSignal.timeout(5000))).rejects.toThrow(/certificate not trusted .* set "fingerprint" to pin it/);
			expect((await pollOne(insecure)).bmc.kind).toBe('bmc');
			expect(warnings).toEqual(['bmc-ilo4: TLS verification is disabled (insecure: true)']);
		} finally {
			await Promise.all([pinned.close?.(), unpinned.close?.(), insecure.close?.()]);
		}
	});

	it('polls at most 4 requests per interval once the inventory is cached', async () => {
		for (const name of ['ilo4', 'idrac9']) {
			const bmc = lab.bmc(name);
			const instance = createInstance(bmc);
			try {
				await pollOne(instance);
				const before = bmc.totalRequests();
				await pollOne(instance);
				expect(bmc.totalRequests() - before, name).toBeLessThanOrEqual(name === 'idrac9' ? 3 : 4);
			} finally {
				await instance.close?.();
			}
		}
	});

	it('uses $expand only where ProtocolFeaturesSupported offers it', async () => {
		const instance = createInstance(lab.bmc('ilo4'));
		try {
			await pollOne(instance);
			await pollOne(instance);
			// iLO 4's tree declares no query support: the chassis' Thermal and Power are read one by one.
			expect(lab.bmc('ilo4').requests.get('GET /redfish/v1/Chassis/1/Thermal')).toBeGreaterThanOrEqual(2);
		} finally {
			await instance.close?.();
		}
	});

	it('reads a log listed as links only by fetching its newest entries, and only when it changed', async () => {
		const bmc = lab.bmc('ilo4');
		const entriesPath = '/redfish/v1/Systems/1/LogServices/IML/Entries';
		const collection = bmc.model.get(entriesPath)!;
		const inline = collection.Members as {'@odata.id': string}[];
		collection.Members = inline.map(entry => ({'@odata.id': entry['@odata.id']}));
		const instance = createInstance(bmc);
		try {
			const first = (await pollOne(instance)).bmc;
			expect(first.kind === 'bmc' && first.events.map(event => event.message)).toEqual(['POST Error: 1785-Drive Array not Configured', 'Server Power Restored']);
			const entryReads = () => [...bmc.requests.entries()].filter(([key]) => key.startsWith(`GET ${entriesPath}/`)).reduce((sum, [, count]) => sum + count, 0);
			const reads = entryReads();
			await pollOne(instance);
			expect(entryReads()).toBe(reads);
			bmc.model.addEvent('Critical', 'Uncorrectable memory error');
			const third = (await pollOne(instance)).bmc;
			expect(third.kind === 'bmc' && third.events[0]).toMatchObject({severity: 'critical', message: 'Uncorrectable memory error'});
		} finally {
			collection.Members = inline;
			await instance.close?.();
		}
	});

	it('a reading that fails makes the poll partial and keeps its last values', async () => {
		const bmc = lab.bmc('ilo4');
		const instance = createInstance(bmc);
		try {
			const first = (await pollOne(instance)).bmc;
			bmc.failPath('/redfish/v1/Chassis/1/Thermal', 500);
			const {result, bmc: second} = await pollOne(instance);
			expect(result.partial).toMatch(/^bmc-ilo4: GET \/redfish\/v1\/Chassis\/1\/Thermal: HTTP 500 /);
			expect(second.kind === 'bmc' && first.kind === 'bmc' && second.temperatures).toEqual(first.kind === 'bmc' ? first.temperatures : []);
			expect(second.kind === 'bmc' && second.temperatures.length).toBe(3);
		} finally {
			bmc.failPath('/redfish/v1/Chassis/1/Thermal', undefined);
			await instance.close?.();
		}
	});
});

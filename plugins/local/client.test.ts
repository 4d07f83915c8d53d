import {hostname, platform} from 'node:os';
import {describe, expect, it, vi} from 'vitest';
import type {HostEntity} from '../../src/entities.js';
import {localTransport} from '../../src/local-transport.js';
import type {PluginDeps} from '../../src/plugin-api.js';
import {LocalClient} from './client.js';
import {plugin} from './index.js';
import type {LocalReader} from './reader.js';
import {createSiReader} from './si-reader.js';

const deps: PluginDeps = {transport: () => undefined, localTransport, warn() {}, requestPoll() {}};
const config = {id: 'local', type: 'local', interval: 2, timeout: 3};

function expectSaneHost(host: HostEntity): void {
	const inRange = (value: number | null, max = Number.POSITIVE_INFINITY): void => {
		if (value !== null) {
			expect(value).toBeGreaterThanOrEqual(0);
			expect(value).toBeLessThanOrEqual(max);
		}
	};
	expect(host).toMatchObject({id: `host:local/${hostname()}`, kind: 'host', role: 'local', localId: hostname(), isOnline: true});
	inRange(host.cpu.usage, 100);
	for (const core of host.cpu.perCore) inRange(core, 100);
	if (host.cpu.cores !== null) {
		expect(host.cpu.cores).toBeGreaterThan(0);
		if (host.cpu.perCore.length > 0) expect(host.cpu.perCore).toHaveLength(host.cpu.cores);
	}
	expect(host.memory.totalBytes).toBeGreaterThan(0);
	inRange(host.memory.usedBytes, host.memory.totalBytes!);
	inRange(host.swap.usedBytes, host.swap.totalBytes ?? Number.POSITIVE_INFINITY);
	expect(host.uptimeSec).toBeGreaterThan(0);
	if (platform() !== 'win32') expect(host.load?.every(value => value >= 0)).toBe(true);
	for (const fs of host.filesystems) {
		expect(['tmpfs', 'devtmpfs', 'overlay', 'squashfs', 'proc', 'sysfs']).not.toContain(fs.fsType);
		expect(fs.sizeBytes).toBeGreaterThan(0);
		inRange(fs.usedBytes, fs.sizeBytes!);
	}
	inRange(host.network.rxBytesPerSec);
	inRange(host.network.txBytesPerSec);
	for (const sensor of host.temperatures) {
		expect(sensor.celsius).toBeGreaterThan(-60);
		expect(sensor.celsius).toBeLessThan(200);
	}
}

describe('local plugin on this machine', () => {
	it('declares its defaults and an empty config', () => {
		expect(plugin.type).toBe('local');
		expect(plugin.defaults).toEqual({interval: 2, timeout: 3});
		expect(plugin.schema.properties).toEqual({});
	});

	it('returns one sane host entity, twice', async () => {
		const instance = plugin.create(config, deps);
		try {
			for (let poll = 0; poll < 2; poll++) {
				const result = await instance.poll(new AbortController().signal);
				expect(result.partial).toBeUndefined();
				expect(result.entities).toHaveLength(1);
				const [host] = result.entities;
				if (host?.kind !== 'host') throw new Error('expected a host entity');
				expectSaneHost({...host, seenAt: 0});
				if (platform() === 'linux') {
					expect(host.cpu.usage).not.toBeNull();
					expect(host.filesystems.length).toBeGreaterThan(0);
					expect(host.os).not.toBeNull();
				}
			}
		} finally {
			await instance.close?.();
		}
	});

	it('works through systeminformation too (the reader for other platforms)', async () => {
		const client = new LocalClient({source: 'local', interval: 2, reader: createSiReader()});
		try {
			const {sample} = await client.sample(new AbortController().signal);
			const {hostEntity} = await import('./parse.js');
			const host = hostEntity('local', sample);
			if (host.kind !== 'host') throw new Error('expected a host entity');
			expectSaneHost({...host, seenAt: 0});
			expect(host.cpu.model).not.toBeNull();
		} finally {
			client.close();
		}
	});

	it('rejects at once with the reason of an aborted signal', async () => {
		const instance = plugin.create(config, deps);
		const controller = new AbortController();
		const reason = new Error('timed out');
		controller.abort(reason);
		await expect(instance.poll(controller.signal)).rejects.toBe(reason);
		await instance.close?.();
	});
});

type Calls = Record<keyof Omit<LocalReader, 'name' | 'seed'>, number>;

/** A reader that counts its calls; `hangCpu` makes cpu() wait for the abort. */
function fakeReader(options: {hangCpu?: boolean; failFilesystems?: boolean} = {}): LocalReader & {calls: Calls} {
	const calls: Calls = {cpu: 0, memory: 0, network: 0, filesystems: 0, temperatures: 0, staticFacts: 0};
	return {
		name: 'fake',
		calls,
		async cpu(signal) {
			calls.cpu++;
			if (options.hangCpu && calls.cpu > 1) {
				await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), {once: true}));
			}
			return {usage: 10, perCore: [10]};
		},
		async memory() {
			calls.memory++;
			return {memTotal: 100, memUsed: 50, swapTotal: 0, swapUsed: 0};
		},
		async network() {
			calls.network++;
			return {rxBytesPerSec: 1, txBytesPerSec: 2};
		},
		async filesystems() {
			calls.filesystems++;
			if (options.failFilesystems && calls.filesystems === 2) throw new Error('df: timed out');
			return [{mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: calls.filesystems}];
		},
		async temperatures() {
			calls.temperatures++;
			return [];
		},
		async staticFacts() {
			calls.staticFacts++;
			return {os: 'Fake', version: '1', cpuModel: 'Fake CPU', cores: 1};
		},
	};
}

describe('local client cadence and abort', () => {
	it('reads static facts once, filesystems every 15 polls and temperatures every 5 at a 2 s interval', async () => {
		const reader = fakeReader();
		const client = new LocalClient({source: 'local', interval: 2, reader, minWindowMs: 0});
		for (let poll = 0; poll < 16; poll++) await client.sample(new AbortController().signal);
		expect(reader.calls.staticFacts).toBe(1);
		expect(reader.calls.filesystems).toBe(2); // polls 0 and 15
		expect(reader.calls.temperatures).toBe(4); // polls 0, 5, 10, 15
		expect(reader.calls.memory).toBe(16);
		client.close();
	});

	it('reuses the last rates for a poll right after another', async () => {
		const reader = fakeReader();
		const client = new LocalClient({source: 'local', interval: 2, reader, minWindowMs: 50});
		expect(reader.calls.cpu).toBe(1); // the first reading, taken at create
		await client.sample(new AbortController().signal); // waits out the 50 ms window, reads again
		await client.sample(new AbortController().signal); // right after: same rates, no reading
		expect(reader.calls.cpu).toBe(2);
		expect(reader.calls.network).toBe(2);
		expect(reader.calls.memory).toBe(2);
		client.close();
	});

	it('starts from counters read earlier: no reading at create, and the window counts from then', async () => {
		const reader = {...fakeReader(), seed: () => performance.now() - 60_000};
		const client = new LocalClient({source: 'local', interval: 2, reader, minWindowMs: 60_000});
		expect(reader.calls.cpu).toBe(0);
		// The 60 s window began a minute ago: the first poll does not wait (the test would time out).
		expect((await client.sample(new AbortController().signal)).sample.cpu.usage).toBe(10);
		expect(reader.calls.cpu).toBe(1);
		expect(reader.calls.network).toBe(1);
		client.close();
	});

	it('primes the readers itself when there was no earlier reading', async () => {
		const reader = {...fakeReader(), seed: () => undefined};
		const client = new LocalClient({source: 'local', interval: 2, reader, minWindowMs: 0});
		expect(reader.calls.cpu).toBe(1);
		client.close();
	});

	it('aborts the wait for the first measuring window', async () => {
		const client = new LocalClient({source: 'local', interval: 2, reader: fakeReader(), minWindowMs: 60_000});
		const controller = new AbortController();
		const poll = client.sample(controller.signal);
		const reason = new Error('timeout');
		controller.abort(reason);
		await expect(poll).rejects.toBe(reason);
		client.close();
	});

	it('keeps the cached filesystems and reports a partial poll when a refresh fails, then retries', async () => {
		const reader = fakeReader({failFilesystems: true});
		const client = new LocalClient({source: 'local', interval: 30, reader, minWindowMs: 0});
		expect((await client.sample(new AbortController().signal)).partial).toBeUndefined();
		const failed = await client.sample(new AbortController().signal);
		expect(failed.partial).toBe('local: filesystems: df: timed out');
		expect(failed.sample.filesystems).toEqual([{mount: '/', fsType: 'ext4', sizeBytes: 100, usedBytes: 1}]);
		const retried = await client.sample(new AbortController().signal);
		expect(retried.partial).toBeUndefined();
		expect(retried.sample.filesystems[0]?.usedBytes).toBe(3);
		client.close();
	});

	it('stops between steps when aborted mid-poll', async () => {
		const reader = fakeReader({hangCpu: true});
		const client = new LocalClient({source: 'local', interval: 2, reader, minWindowMs: 0});
		const controller = new AbortController();
		const poll = client.sample(controller.signal);
		await vi.waitFor(() => expect(reader.calls.cpu).toBe(2));
		const reason = new Error('timeout');
		controller.abort(reason);
		await expect(poll).rejects.toBe(reason);
		expect(reader.calls.filesystems).toBe(0);
		expect(reader.calls.temperatures).toBe(0);
		client.close();
	});
});

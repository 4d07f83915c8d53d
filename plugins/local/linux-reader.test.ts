import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {CommandTransport} from '../../src/plugin-api.js';
import {createLinuxReader, readSysTemperatures} from './linux-reader.js';

const fixtures = (name: string): string => fileURLToPath(new URL(`../../fixtures/local/${name}`, import.meta.url));
const neverCalled: CommandTransport = {host: 'test', exec: async () => Promise.reject(new Error('exec not expected'))};

function dfTransport(stdout: string, code = 0): CommandTransport & {calls: string[][]} {
	const calls: string[][] = [];
	return {
		host: 'test',
		calls,
		async exec(argv) {
			calls.push([...argv]);
			return {stdout, stderr: '', code};
		},
	};
}

describe('sysfs temperatures', () => {
	it('reads hwmon sensors with their chip and label, skipping junk', async () => {
		expect(await readSysTemperatures(fixtures('sys'), new AbortController().signal)).toEqual([
			{label: 'coretemp Package id 0', celsius: 52},
			{label: 'coretemp Core 0', celsius: 49},
			{label: 'coretemp temp3', celsius: 47.5},
			{label: 'nvme Composite', celsius: 38.85},
		]);
	});

	it('falls back to thermal zones, and gives nothing where there are no sensors', async () => {
		expect(await readSysTemperatures(fixtures('sys-thermal'), new AbortController().signal)).toEqual([
			{label: 'x86_pkg_temp', celsius: 61},
			{label: 'cpu-thermal', celsius: 44.303},
		]);
		expect(await readSysTemperatures(fixtures('no-such-folder'), new AbortController().signal)).toEqual([]);
	});
});

describe('linux reader over fixture roots', () => {
	const reader = (transport: CommandTransport = neverCalled) =>
		createLinuxReader({transport, procRoot: fixtures('proc'), sysRoot: fixtures('sys'), etcRoot: fixtures('etc')});

	it('reads memory, static facts and rates (null on the first call)', async () => {
		const signal = new AbortController().signal;
		const linux = reader();
		expect((await linux.memory(signal)).memTotal).toBe(32_774_412 * 1024);
		expect(await linux.staticFacts(signal)).toEqual({os: 'Ubuntu', version: '24.04 (noble)', cpuModel: 'Intel Core i7-8700T', cores: 4});
		expect(await linux.cpu(signal)).toEqual({usage: null, perCore: []});
		expect(await linux.network(signal)).toEqual({rxBytesPerSec: null, txBytesPerSec: null});
		// Same counters again: no CPU ticks passed (unknown), no bytes moved (0 bytes/s).
		expect((await linux.cpu(signal)).usage).toBeNull();
		expect(await linux.network(signal)).toEqual({rxBytesPerSec: 0, txBytesPerSec: 0});
	});

	it('measures its first rates from counters read earlier (the process start), once', async () => {
		const {readFileSync} = await import('node:fs');
		// The fixture's counters as they were a second earlier: every figure halved.
		const stat = readFileSync(fixtures('proc/stat'), 'utf8').split('\n').map(line => (line.startsWith('cpu') ? line.replace(/ \d+/g, number => ` ${Math.floor(Number(number) / 2)}`) : line)).join('\n');
		const netDev = readFileSync(fixtures('proc/net/dev'), 'utf8').split('\n').map(line => (line.includes(':') ? line.replace(/ \d+/g, number => ` ${Math.floor(Number(number) / 2)}`) : line)).join('\n');
		const clock = 5000;
		let taken = 0;
		const linux = createLinuxReader({transport: neverCalled, procRoot: fixtures('proc'), sysRoot: fixtures('sys'), etcRoot: fixtures('etc'), now: () => clock, early: () => (taken++ === 0 ? {stat, netDev, at: 4000} : undefined)});
		expect(linux.seed?.()).toBe(4000);
		const signal = new AbortController().signal;
		const cpu = await linux.cpu(signal);
		expect(cpu.usage).not.toBeNull();
		expect(cpu.usage!).toBeGreaterThan(0);
		expect(cpu.usage!).toBeLessThan(100);
		expect(cpu.perCore.length).toBeGreaterThan(0);
		const network = await linux.network(signal);
		expect(network.rxBytesPerSec).toBeGreaterThan(0);
		expect(network.txBytesPerSec).toBeGreaterThan(0);
		// Taken once: a second reader (or a second seed) starts without it.
		expect(linux.seed?.()).toBeUndefined();
	});

	it('is not seeded from the real /proc when reading fixture roots', () => {
		expect(reader().seed?.()).toBeUndefined();
	});

	it('runs df without a shell and keeps real mounts', async () => {
		const {readFileSync} = await import('node:fs');
		const transport = dfTransport(readFileSync(fixtures('df.txt'), 'utf8'), 1);
		const list = await reader(transport).filesystems(new AbortController().signal);
		expect(transport.calls).toEqual([['df', '-kPTl']]);
		expect(list.map(fs => fs.mount)).toEqual(['/', '/boot/efi', '/srv/media library', '/tank/data']);
	});

	it('fails on a df that printed nothing usable', async () => {
		await expect(reader(dfTransport('garbage', 1)).filesystems(new AbortController().signal)).rejects.toThrow(/no filesystems \(exit 1/);
	});

	it('rejects with the abort reason', async () => {
		const controller = new AbortController();
		const reason = new Error('poll aborted');
		controller.abort(reason);
		const linux = reader();
		await expect(linux.cpu(controller.signal)).rejects.toBe(reason);
		await expect(linux.memory(controller.signal)).rejects.toBe(reason);
		await expect(readSysTemperatures(fixtures('sys'), controller.signal)).rejects.toBe(reason);
	});

	it('fails the fast path when /proc is unreadable', async () => {
		const broken = createLinuxReader({transport: neverCalled, procRoot: fixtures('no-such-proc')});
		await expect(broken.cpu(new AbortController().signal)).rejects.toThrow(/ENOENT/);
	});
});

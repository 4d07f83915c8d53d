import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseCpuinfo, parseDf, parseMeminfo, parseMilliCelsius, parseNetDev, parseOsRelease, parseProcStat} from './parse-proc.js';
import {cpuUsage, hostEntity, netRates, realFilesystems, type LocalSample} from './parse.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/local/${name}`, import.meta.url), 'utf8');
const KiB = 1024;

describe('/proc/stat', () => {
	it('reads the total and every core', () => {
		const counters = parseProcStat(fixture('proc/stat'));
		expect(counters?.cores).toHaveLength(4);
		expect(counters?.all).toEqual({busy: 102_617, total: 1_010_247});
	});

	it('turns two readings into busy %, total and per core', () => {
		const usage = cpuUsage(parseProcStat(fixture('proc/stat')), parseProcStat(fixture('stat-after'))!);
		expect(usage.usage).toBeCloseTo((600 / 1300) * 100, 6);
		expect(usage.perCore).toEqual([100, 0, 0, 0]);
	});

	it('gives nulls without an earlier reading, across a counter reset, or when no time passed', () => {
		const after = parseProcStat(fixture('stat-after'))!;
		expect(cpuUsage(undefined, after)).toEqual({usage: null, perCore: []});
		expect(cpuUsage(after, parseProcStat(fixture('proc/stat'))!).usage).toBeNull();
		expect(cpuUsage(after, after)).toEqual({usage: null, perCore: []});
	});

	it('rejects garbage and a truncated file', () => {
		expect(parseProcStat('<html>502 Bad Gateway</html>')).toBeUndefined();
		expect(parseProcStat('cpu  81234 120')).toBeUndefined();
		expect(parseProcStat('')).toBeUndefined();
		// A file cut in the middle of the core lines keeps the complete ones.
		expect(parseProcStat(fixture('proc/stat').slice(0, 120))?.cores.length).toBeLessThan(4);
	});
});

describe('/proc/meminfo', () => {
	it('reads memory as total minus available, and swap', () => {
		expect(parseMeminfo(fixture('proc/meminfo'))).toEqual({
			memTotal: 32_774_412 * KiB,
			memUsed: (32_774_412 - 20_480_000) * KiB,
			swapTotal: 8_388_604 * KiB,
			swapUsed: (8_388_604 - 7_340_028) * KiB,
		});
	});

	it('gives nulls for what is missing', () => {
		expect(parseMeminfo('MemTotal: 1000 kB\nMemAv')).toEqual({memTotal: 1000 * KiB, memUsed: null, swapTotal: null, swapUsed: null});
		expect(parseMeminfo('garbage')).toEqual({memTotal: null, memUsed: null, swapTotal: null, swapUsed: null});
	});
});

describe('/proc/net/dev', () => {
	it('sums every interface but loopback', () => {
		expect(parseNetDev(fixture('proc/net/dev'))).toEqual({rxBytes: 48_120_331_004 + 1_200_000, txBytes: 7_120_994_412 + 300_000});
	});

	it('skips a truncated line and rejects garbage', () => {
		const truncated = `${fixture('proc/net/dev')}eth9: 12345 6`;
		expect(parseNetDev(truncated)).toEqual(parseNetDev(fixture('proc/net/dev')));
		expect(parseNetDev('garbage\nmore garbage')).toBeUndefined();
	});

	it('turns two readings into bytes/s, null across a reset', () => {
		expect(netRates({rxBytes: 1000, txBytes: 500}, {rxBytes: 5000, txBytes: 700}, 2000)).toEqual({rxBytesPerSec: 2000, txBytesPerSec: 100});
		expect(netRates({rxBytes: 1000, txBytes: 500}, {rxBytes: 10, txBytes: 700}, 2000)).toEqual({rxBytesPerSec: null, txBytesPerSec: 100});
		expect(netRates(undefined, {rxBytes: 1, txBytes: 1}, 2000)).toEqual({rxBytesPerSec: null, txBytesPerSec: null});
	});
});

describe('filesystems', () => {
	it('keeps real mounts once each from df, in bytes', () => {
		expect(realFilesystems(parseDf(fixture('df.txt')))).toEqual([
			{mount: '/', fsType: 'ext4', sizeBytes: 490_617_784 * KiB, usedBytes: 201_334_112 * KiB},
			{mount: '/boot/efi', fsType: 'vfat', sizeBytes: 523_248 * KiB, usedBytes: 6220 * KiB},
			{mount: '/srv/media library', fsType: 'xfs', sizeBytes: 3_905_109_820 * KiB, usedBytes: 2_801_331_200 * KiB},
			{mount: '/tank/data', fsType: 'zfs', sizeBytes: 7_612_211_200 * KiB, usedBytes: 4_100_002_048 * KiB},
		]);
	});

	it('reads systeminformation rows with missing or junk values as nulls', () => {
		expect(realFilesystems([
			{fs: 'C:', type: 'NTFS', size: 1000, used: 'n/a', mount: 'C:'},
			{fs: '/dev/disk3s1', type: 'APFS', size: 0, used: 0, mount: '/System/Volumes/Data'},
			{fs: 'x', type: 'tmpfs', size: 10, used: 1, mount: '/tmp'},
			{fs: 'y', mount: 42},
		])).toEqual([{mount: 'C:', fsType: 'NTFS', sizeBytes: 1000, usedBytes: null}]);
	});

	it('gives nothing for garbage and a truncated df', () => {
		expect(parseDf('df: cannot read table of mounted file systems')).toEqual([]);
		expect(parseDf(fixture('df.txt').slice(0, 200))).toHaveLength(1);
	});
});

describe('static facts and sensors', () => {
	it('reads os-release', () => {
		expect(parseOsRelease(fixture('etc/os-release'))).toEqual({os: 'Ubuntu', version: '24.04 (noble)'});
		expect(parseOsRelease('ID=alpine\nVERSION_ID=3.20.1')).toEqual({os: 'alpine', version: '3.20.1'});
		expect(parseOsRelease('garbage')).toEqual({os: null, version: null});
	});

	it('reads the CPU model and core count on x86 and ARM', () => {
		expect(parseCpuinfo(fixture('proc/cpuinfo'))).toEqual({cpuModel: 'Intel Core i7-8700T', cores: 4});
		expect(parseCpuinfo(fixture('cpuinfo-arm'))).toEqual({cpuModel: 'Raspberry Pi 4 Model B Rev 1.1', cores: 2});
		expect(parseCpuinfo('')).toEqual({cpuModel: null, cores: null});
	});

	it('reads millidegrees, refusing junk and sentinels', () => {
		expect(parseMilliCelsius('52000\n')).toBe(52);
		expect(parseMilliCelsius('-273150')).toBeNull();
		expect(parseMilliCelsius('garbage')).toBeNull();
		expect(parseMilliCelsius('')).toBeNull();
	});
});

describe('hostEntity', () => {
	const sample: LocalSample = {
		hostname: 'deskbox',
		facts: {os: 'Ubuntu', version: '24.04 (noble)', cpuModel: null, cores: null},
		cpu: {usage: 12.5, perCore: [10, 15]},
		load: [0.5, 0.25, 0.1],
		memory: {memTotal: 1000, memUsed: 400, swapTotal: null, swapUsed: null},
		network: {rxBytesPerSec: null, txBytesPerSec: null},
		filesystems: [],
		temperatures: [],
		uptimeSec: 3600,
	};

	it('builds the local host, keeping unknowns null and counting cores from the per-core list', () => {
		const entity = hostEntity('local', sample);
		expect(entity).toMatchObject({id: 'host:local/deskbox', kind: 'host', source: 'local', localId: 'deskbox', role: 'local', isOnline: true});
		expect(entity).not.toHaveProperty('seenAt');
		if (entity.kind !== 'host') throw new Error('not a host');
		expect(entity.cpu).toEqual({usage: 12.5, cores: 2, perCore: [10, 15], model: null});
		expect(entity.swap).toEqual({totalBytes: null, usedBytes: null});
	});
});

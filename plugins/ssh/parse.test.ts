import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {DeviceReplyError} from '../../src/errors.js';
import {parseHostReport} from './parse.js';
import {renderHostReport} from './sim/sim-host.js';
import {hostProfile} from '../../test/support/ssh-rig.js';

const fixture = readFileSync(fileURLToPath(new URL('../../fixtures/ssh/debian-vm.txt', import.meta.url)), 'utf8');
const context = {source: 'ws'};

describe('host script parser', () => {
	it('reads a recorded Debian VM reply', () => {
		const {entity, sample} = parseHostReport(fixture, context, undefined, 1000);
		expect(entity).toMatchObject({
			id: 'host:ws/ws-bench',
			name: 'ws-bench',
			role: 'remote',
			os: 'Debian GNU/Linux 12 (bookworm)',
			cpu: {usage: null, cores: 2, perCore: [], model: 'AMD EPYC'},
			load: [0.63, 0.27, 0.11],
			memory: {totalBytes: 24684096 * 1024, usedBytes: (24684096 - 24007544) * 1024},
			swap: {totalBytes: 0, usedBytes: 0},
			network: {rxBytesPerSec: null, txBytesPerSec: null},
			uptimeSec: 471.57,
		});
		expect(entity.filesystems).toEqual([
			{mount: '/', fsType: 'ext4', sizeBytes: 264212084 * 1024, usedBytes: 23621232 * 1024},
			{mount: '/srv/data sets', fsType: 'xfs', sizeBytes: 976284624 * 1024, usedBytes: 412530110 * 1024},
		]);
		expect(entity.temperatures).toEqual([
			{label: 'k10temp Tctl', celsius: 48.25},
			{label: 'nvme Composite', celsius: 41.85},
			{label: 'nvme Sensor 1', celsius: null},
			{label: 'acpitz', celsius: 27.8},
		]);
		expect(sample.cpu.get('cpu')).toEqual([9398 + 1584 + 48 + 26, 9398 + 1584 + 82236 + 707 + 48 + 26]);
	});

	it('computes CPU % and network rates from the delta, timed by the host\'s uptime', () => {
		const profile = hostProfile('gpu-box-2');
		const first = parseHostReport(renderHostReport('gpu-box-2', profile, 0, 0), context, undefined, 0);
		const second = parseHostReport(renderHostReport('gpu-box-2', profile, 0, 10_000), context, first.sample, 99_999);
		expect(second.entity.cpu.usage).toBeGreaterThan(5);
		expect(second.entity.cpu.usage).toBeLessThan(45);
		expect(second.entity.network.rxBytesPerSec).toBeCloseTo(1_250_000, -2);
		expect(second.entity.cpu.perCore).toHaveLength(28);
	});

	it('refuses garbage, a truncated reply and a non-Linux reply', () => {
		expect(() => parseHostReport('Welcome to FreeBSD\n', context, undefined, 0)).toThrow(DeviceReplyError);
		expect(() => parseHostReport(fixture.slice(0, 400), context, undefined, 0)).toThrow(/truncated/);
		expect(() => parseHostReport('@@labdeck-host 1\n@@hostname\nx\n@@end\n', context, undefined, 0)).toThrow(/not a Linux host/);
	});
});

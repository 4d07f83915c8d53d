import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {resolveConfig} from '../../src/config.js';
import {plugin} from './index.js';
import {formatMac, magicPacket, magicPacketTarget, parseMac, checkWolHosts, wolHostEntities, wolHosts} from './parse.js';

/** The dev-ws packet written out by hand in the fixture, 6 bytes a line. */
const devWsPacket = Buffer.from(readFileSync(new URL('../../fixtures/wol/magic-packet-dev-ws.hex', import.meta.url), 'utf8').replace(/\s+/g, ''), 'hex');

describe('MAC addresses', () => {
	it('reads the three spellings, in either case', () => {
		for (const text of ['3c:7c:3f:1e:a2:09', '3C-7C-3F-1E-A2-09', '3c7c.3f1e.a209', ' 3c:7C:3f:1E:a2:09 ']) {
			expect(formatMac(parseMac(text)!)).toBe('3c:7c:3f:1e:a2:09');
		}
	});

	it('refuses everything else', () => {
		for (const text of ['3c7c3f1ea209', '3c:7c:3f:1e:a2', '3c:7c:3f:1e:a2:09:00', '3c:7c-3f:1e:a2:09', 'zz:7c:3f:1e:a2:09', '3c7c.3f1e.a20', '', 'dev-ws']) {
			expect(parseMac(text), text).toBeUndefined();
		}
	});
});

describe('magic packet', () => {
	it('is 6 × 0xFF then the MAC 16 times, byte for byte', () => {
		expect(devWsPacket).toHaveLength(102);
		expect(magicPacket(parseMac('3c:7c:3f:1e:a2:09')!).equals(devWsPacket)).toBe(true);
	});

	it('is recognised, with or without a SecureOn password, and garbage is not', () => {
		expect(magicPacketTarget(devWsPacket)).toBe('3c:7c:3f:1e:a2:09');
		expect(magicPacketTarget(Buffer.concat([devWsPacket, Buffer.from([1, 2, 3, 4])]))).toBe('3c:7c:3f:1e:a2:09');
		expect(magicPacketTarget(devWsPacket.subarray(0, 90))).toBeUndefined();
		const corrupted = Buffer.from(devWsPacket);
		corrupted[100] = 0;
		expect(magicPacketTarget(corrupted)).toBeUndefined();
		expect(magicPacketTarget(Buffer.alloc(102))).toBeUndefined();
		expect(magicPacketTarget(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toBeUndefined();
	});

	it('refuses a MAC of the wrong length', () => {
		expect(() => magicPacket(Buffer.alloc(5))).toThrow(RangeError);
	});
});

describe('host list', () => {
	it('applies the defaults and canonicalises the MAC', () => {
		expect(wolHosts([{name: 'nas', mac: 'AABB.CCDD.EEFF'}, {name: 'ws', mac: '00-11-22-33-44-55', broadcast: '192.168.1.255', port: 7}])).toEqual([
			{name: 'nas', mac: 'aa:bb:cc:dd:ee:ff', broadcast: '255.255.255.255', port: 9},
			{name: 'ws', mac: '00:11:22:33:44:55', broadcast: '192.168.1.255', port: 7},
		]);
	});

	it('refuses a name listed twice', () => {
		const mac = 'aa:bb:cc:dd:ee:ff';
		expect(checkWolHosts([{name: 'a', mac}, {name: 'b', mac}, {name: 'a', mac}])).toBe('host "a": listed twice');
		expect(checkWolHosts([{name: 'a', mac}, {name: 'b', mac}])).toBeUndefined();
	});

	it('the config schema refuses bad MACs, broadcast addresses, ports, names and a missing list, naming the field in one line', async () => {
		const mac = 'aa:bb:cc:dd:ee:ff';
		const reason = async (block: Record<string, unknown>) => (await resolveConfig({sources: [{id: 'w', type: 'wol', ...block}]}, null, [plugin], {})).sources[0]!.disabledReason;
		expect(await reason({hosts: [{name: 'nas', mac}, {name: 'backup', mac: 'aa:bb:cc:dd:ee'}]})).toBe('source "w" (wol): hosts[1].mac: invalid value "aa:bb:cc:dd:ee" (expected aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff)');
		expect(await reason({hosts: [{name: 'nas'}]})).toBe('source "w" (wol): hosts[0]: missing field "mac"');
		expect(await reason({hosts: [{name: 'a', mac, broadcast: 'lan.example'}]})).toMatch(/^source "w" \(wol\): hosts\[0\]\.broadcast: invalid value "lan.example" \(expected IP address/);
		expect(await reason({hosts: [{name: 'a', mac, port: 0}]})).toBe('source "w" (wol): hosts[0].port must be >= 1');
		expect(await reason({hosts: [{name: '', mac}]})).toBe('source "w" (wol): hosts[0].name must NOT have fewer than 1 characters');
		expect(await reason({hosts: [{name: 'a', mac}, {name: 'a', mac}]})).toBe('source "w" (wol): host "a": listed twice');
		expect(await reason({})).toBe('source "w" (wol): missing field "hosts"');
		expect(await reason({hosts: ['a']})).toBe('source "w" (wol): hosts[0] must be object');
	});

	it('reports one remote host per machine, online state unknown', () => {
		const [entity] = wolHostEntities('wol', wolHosts([{name: 'dev-ws', mac: '3c:7c:3f:1e:a2:09'}]));
		expect(entity).toMatchObject({id: 'host:wol/dev-ws', kind: 'host', source: 'wol', localId: 'dev-ws', role: 'remote', isOnline: null, uptimeSec: null});
		expect(entity).not.toHaveProperty('seenAt');
	});
});

import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../src/errors.js';
import {formatMac, magicPacket, magicPacketTarget, parseMac, parseWolHosts, wolHostEntities} from './parse.js';

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
		expect(parseWolHosts('wol', [{name: 'nas', mac: 'AABB.CCDD.EEFF'}, {name: 'ws', mac: '00-11-22-33-44-55', broadcast: '192.168.1.255', port: 7}])).toEqual([
			{name: 'nas', mac: 'aa:bb:cc:dd:ee:ff', broadcast: '255.255.255.255', port: 9},
			{name: 'ws', mac: '00:11:22:33:44:55', broadcast: '192.168.1.255', port: 7},
		]);
	});

	it('names the source and the host in one line for a bad MAC', () => {
		const attempt = () => parseWolHosts('lab-wol', [{name: 'nas', mac: 'aa:bb:cc:dd:ee:ff'}, {name: 'backup', mac: 'aa:bb:cc:dd:ee'}]);
		expect(attempt).toThrow(ConfigError);
		expect(attempt).toThrow('lab-wol: config: host "backup": invalid MAC "aa:bb:cc:dd:ee" (expected aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff)');
		expect(() => parseWolHosts('lab-wol', [{name: 'nas'}])).toThrow('lab-wol: config: host "nas": invalid MAC null');
	});

	it('refuses bad broadcast addresses, ports, names, duplicates and a missing list', () => {
		const mac = 'aa:bb:cc:dd:ee:ff';
		expect(() => parseWolHosts('w', [{name: 'a', mac, broadcast: 'lan.example'}])).toThrow('w: config: host "a": `broadcast` must be an IP address');
		expect(() => parseWolHosts('w', [{name: 'a', mac, port: 0}])).toThrow('w: config: host "a": `port` must be 1–65535, got 0');
		expect(() => parseWolHosts('w', [{name: '', mac}])).toThrow('w: config: hosts[0]: `name`');
		expect(() => parseWolHosts('w', [{name: 'a', mac}, {name: 'a', mac}])).toThrow('host "a": listed twice');
		expect(() => parseWolHosts('w', undefined)).toThrow('w: config: `hosts` must be a non-empty list');
		expect(() => parseWolHosts('w', ['a'])).toThrow('w: config: hosts[0]: expected {name, mac, broadcast?, port?}');
	});

	it('reports one remote host per machine, online state unknown', () => {
		const [entity] = wolHostEntities('wol', parseWolHosts('wol', [{name: 'dev-ws', mac: '3c:7c:3f:1e:a2:09'}]));
		expect(entity).toMatchObject({id: 'host:wol/dev-ws', kind: 'host', source: 'wol', localId: 'dev-ws', role: 'remote', isOnline: null, uptimeSec: null});
		expect(entity).not.toHaveProperty('seenAt');
	});
});

import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {DeviceReplyError} from '../../src/errors.js';
import type {GuestEntity, HostEntity, StorageEntity} from '../../src/entities.js';
import {buildEntities, counterRate} from './parse-entities.js';
import {normalizePci, parseClusterStatus, parseHaStatus, parseNodeStatus, parsePciDevices, parsePciMappings, parseResources, parseTasks, parseUpid, poolName} from './parse.js';
import {guestTasks} from './parse-tasks.js';

const fixtures = new URL('../../fixtures/proxmox/replies/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const data = (name: string): unknown => (JSON.parse(read(name)) as {data: unknown}).data;

function build(previous = new Map()) {
	return buildEntities({
		source: 'pve',
		now: 1_741_430_000_000,
		status: parseClusterStatus(data('cluster-status.json'), 'pve'),
		resources: parseResources(data('cluster-resources.json'), 'pve'),
		ha: parseHaStatus(data('ha-status-current.json'), 'pve'),
		nodeDetails: new Map([['alpha', parseNodeStatus(data('node-status.json'), 'pve', 'alpha')]]),
		pci: new Map([[201, parsePciDevices(data('qemu-config-201.json'))]]),
		pciMappings: new Map([[201, parsePciMappings(data('qemu-config-201.json'))]]),
		tasks: guestTasks(parseTasks(data('cluster-tasks.json'), 'pve')),
		previous,
	});
}

describe('proxmox parsers over fixtures/proxmox', () => {
	it('builds hosts, guests and storage from a cluster that lost quorum with a node offline', () => {
		const {entities, notes, onlineNodes} = build();
		expect(notes).toEqual(['cluster garage has lost quorum', 'node beta offline']);
		expect(onlineNodes).toEqual(['alpha']);
		const alpha = entities.find(entity => entity.id === 'host:pve/alpha') as HostEntity;
		expect(alpha).toMatchObject({role: 'node', isOnline: true, version: '8.3.5', os: 'Linux 6.8.12-8-pve', load: [0.87, 0.73, 0.66], uptimeSec: 864213});
		expect(alpha.cpu).toEqual({usage: 7.31, cores: 12, perCore: [], model: 'Intel(R) Core(TM) i5-12500 CPU'});
		expect(alpha.swap).toEqual({totalBytes: 8589930496, usedBytes: 0});
		const beta = entities.find(entity => entity.id === 'host:pve/beta') as HostEntity;
		expect(beta).toMatchObject({isOnline: false, cpu: {usage: null}, memory: {totalBytes: null, usedBytes: null}, uptimeSec: null});

		const gitea = entities.find(entity => entity.id === 'guest:pve/201') as GuestEntity;
		expect(gitea).toMatchObject({
			vmid: 201, guestType: 'qemu', node: 'alpha', status: 'running', cpuPercent: 4.12, cpus: 2, tags: ['dev', 'git'], pool: 'homelab', haState: 'started', isTemplate: false,
			disk: {usedBytes: null, maxBytes: 34359738368},
			pciDevices: ['0000:41:00.0', '0000:01:00', '0000:0a:00.1', '0000:0a:00.2', '0000:c1:00.0'],
			pciMappings: ['nic-vf', 'gpu-pool'],
			netInBytesPerSec: null,
		});
		expect(gitea.recentTasks.map(task => `${task.type} ${task.status}`)).toEqual(['qmstart running', 'qmshutdown ok']);
		const pihole = entities.find(entity => entity.id === 'guest:pve/202') as GuestEntity;
		expect(pihole).toMatchObject({status: 'stopped', guestType: 'lxc', uptimeSec: null, cpuPercent: 0, pciDevices: [], pciMappings: []});
		expect(pihole.recentTasks.map(task => [task.type, task.status, task.isFailed])).toEqual([['vncproxy', 'ok', false], ['vzstart', "startup for container '202' failed", true]]);
		expect(entities.find(entity => entity.id === 'guest:pve/203')).toMatchObject({lock: 'backup', disk: {usedBytes: 3221225472}});
		const nas = entities.find(entity => entity.id === 'guest:pve/204') as GuestEntity;
		expect(nas).toMatchObject({status: 'unknown', haState: 'fence', cpuPercent: null, memory: {usedBytes: null, maxBytes: 8589934592}});
		expect(nas.recentTasks).toEqual([{id: 'UPID:beta:000F1E20:09F00000:67CBF000:qmigrate:204:root@pam:', type: 'qmigrate', user: 'root@pam', startTime: 1741418496, endTime: 1741418620, status: 'migration problems', isFailed: true}]);
		expect(entities.find(entity => entity.id === 'guest:pve/9001')).toMatchObject({recentTasks: []});
		expect(entities.find(entity => entity.id === 'guest:pve/9001')).toMatchObject({isTemplate: true, name: 'ubuntu-tmpl'});

		const tank = entities.find(entity => entity.id === 'storage:pve/alpha/tank') as StorageEntity;
		expect(tank).toMatchObject({storageType: 'zfspool', isActive: true, isShared: false, usedBytes: 1099511627776, content: ['images', 'rootdir']});
		expect(entities.find(entity => entity.id === 'storage:pve/beta/local')).toMatchObject({isActive: null, usedBytes: null, totalBytes: null});
		expect(entities.filter(entity => entity.kind === 'guest')).toHaveLength(5);
	});

	it('computes rates from counter deltas and drops them across a restart', () => {
		const first = build();
		const previous = new Map([...first.counters].map(([vmid, sample]) => [vmid, {...sample, atMs: sample.atMs - 10_000, netin: (sample.netin ?? 0) - 50_000, diskwrite: (sample.diskwrite ?? 0) - 1_000_000}]));
		const second = build(previous);
		const gitea = second.entities.find(entity => entity.id === 'guest:pve/201') as GuestEntity;
		expect(gitea.netInBytesPerSec).toBe(5000);
		expect(gitea.diskWriteBytesPerSec).toBe(100_000);
		expect(gitea.netOutBytesPerSec).toBe(0);
		const sample = {atMs: 2000, uptime: 5, netin: 100, netout: 0, diskread: 0, diskwrite: 0};
		expect(counterRate({...sample, atMs: 1000, uptime: 500, netin: 50}, sample, 'netin')).toBeNull();
		expect(counterRate({...sample, atMs: 1000, uptime: 4, netin: 50}, sample, 'netin')).toBe(50);
		expect(counterRate(undefined, sample, 'netin')).toBeNull();
	});

	it('reads a standalone node (no cluster entry, no quorum concept)', () => {
		const status = parseClusterStatus(data('cluster-status-standalone.json'), 'pve');
		expect(status).toEqual({name: null, isQuorate: null, nodes: new Map([['solo', true]])});
	});

	it('parses tasks and UPIDs, skipping rows without a UPID', () => {
		const tasks = parseTasks(data('cluster-tasks.json'), 'pve');
		expect(tasks).toHaveLength(9);
		expect(tasks[1]).toMatchObject({type: 'qmstart', id: '201', status: null, endTime: null});
		expect(tasks[3]).toMatchObject({type: 'vzdump', id: null, status: 'job errors'});
		expect(tasks[6]).toMatchObject({type: 'qmigrate', id: '204'});
		expect(parseUpid('UPID:alpha:0011AA00:0A100000:67CC1000:qmshutdown:201:monitor@pve!labdeck:')).toEqual({node: 'alpha', type: 'qmshutdown', id: '201', user: 'monitor@pve!labdeck', startTime: 0x67CC1000});
		expect(parseUpid('not-a-upid')).toBeUndefined();
	});

	it('normalizes PCI addresses and pool ids', () => {
		expect(normalizePci('41:00')).toBe('0000:41:00');
		expect(normalizePci('0000:41:00.0')).toBe('0000:41:00.0');
		expect(normalizePci('00000000:41:00.0')).toBe('0000:41:00.0');
		expect(normalizePci('mapping=gpu')).toBeNull();
		expect(parsePciDevices({hostpci0: 'mapping=rtx,pcie=1'})).toEqual([]);
		expect(parsePciMappings({hostpci0: 'mapping=rtx,pcie=1', hostpci1: 'x-vga=1,mapping=rtx', hostpci2: '01:00.0', hostpci3: 'mapping=,pcie=1', hostpci4: 7})).toEqual(['rtx']);
		expect(parsePciMappings('hostpci0: mapping=rtx')).toEqual([]);
		expect(parsePciDevices(null)).toEqual([]);
		expect(poolName('/pool/pool-1')).toBe('pool-1');
		expect(poolName('pool/pool-1')).toBe('pool-1');
	});

	it('rejects garbage and truncated replies with a DeviceReplyError', () => {
		expect(() => parseResources({not: 'a list'}, 'pve')).toThrow(DeviceReplyError);
		expect(() => parseResources(null, 'pve')).toThrow(/pve: GET \/cluster\/resources: expected a list, got null/);
		expect(() => parseNodeStatus([], 'pve', 'alpha')).toThrow(DeviceReplyError);
		expect(() => JSON.parse(read('garbage.txt'))).toThrow(SyntaxError);
		expect(() => JSON.parse(read('truncated.json'))).toThrow(SyntaxError);
		// Rows of the wrong shape are skipped, not fatal.
		expect(parseResources([1, 'x', null, {type: 'qemu'}, {type: 'node'}], 'pve')).toEqual({nodes: [], guests: [], storage: [], pools: []});
	});
});

const corpus = new URL('../../../shared/corpus/proxmox/', import.meta.url);
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.warn(`proxmox corpus not found at ${fileURLToPath(corpus)}: corpus tests skipped`);

describe.skipIf(!hasCorpus)('proxmox parsers over the shared corpus', () => {
	const files = hasCorpus ? readdirSync(corpus).filter(name => name.endsWith('.json')) : [];
	const load = (name: string): unknown => (JSON.parse(readFileSync(new URL(name, corpus), 'utf8')) as {data: unknown}).data;

	it.each(files)('parses %s without throwing', name => {
		const raw = load(name);
		if (name.includes('cluster_resources')) {
			const resources = parseResources(raw, 'dd');
			const {entities, notes} = buildEntities({source: 'dd', now: 0, status: null, resources, ha: null, nodeDetails: new Map(), pci: new Map(), previous: new Map()});
			expect(notes).toEqual([]);
			expect(entities.length).toBeGreaterThan(0);
		} else if (name.includes('ha_status')) {
			expect(parseHaStatus(raw, 'dd').isQuorate).toBe(true);
		} else if (name.includes('tasks')) {
			const tasks = parseTasks(raw, 'dd');
			expect(tasks.length).toBe((raw as unknown[]).length);
			for (const task of tasks) expect(parseUpid(task.upid)?.node).toBe(task.node);
		} else {
			expect(raw).toBeTypeOf('object');
		}
	});

	it('reads stopped containers, the leading-slash pool id and ;-separated tags', () => {
		const raw = load(files.find(name => name.includes('cluster_resources'))!);
		const resources = parseResources(raw, 'dd');
		expect(resources.pools).toEqual(['pool-1']);
		const {entities} = buildEntities({source: 'dd', now: 0, status: null, resources, ha: null, nodeDetails: new Map(), pci: new Map(), previous: new Map()});
		const stopped = entities.filter((entity): entity is Omit<GuestEntity, 'seenAt'> => entity.kind === 'guest' && entity.guestType === 'lxc');
		expect(stopped.map(guest => guest.status)).toEqual(['stopped', 'stopped']);
		expect(stopped[0]).toMatchObject({pool: 'pool-1', tags: ['sarah-wiit', 'test', 'testtag'], uptimeSec: null});
		expect(stopped[1]?.tags).toEqual(['tag1', 'test']);
		const node = entities.find(entity => entity.kind === 'host');
		expect(node).toMatchObject({isOnline: true, cpu: {cores: 72}});
		expect(entities.find(entity => entity.kind === 'storage')).toMatchObject({localId: 'ip-122-82-3-112/local', isActive: true});
	});
});

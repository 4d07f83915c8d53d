import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import type {GuestEntity} from '../../src/entities.js';
import {buildEntities, type CounterSample} from './parse-entities.js';
import {parseResources, parseTasks} from './parse.js';
import {guestTasks} from './parse-tasks.js';

const data = (name: string): unknown => (JSON.parse(readFileSync(new URL(`../../fixtures/proxmox/replies/${name}`, import.meta.url), 'utf8')) as {data: unknown}).data;
const now = 1_741_430_000_000;

function build(previous: Map<number, CounterSample> = new Map(), pci: Map<number, readonly string[]> = new Map()) {
	return buildEntities({
		source: 'pve6', now, status: null, ha: null, nodeDetails: new Map(), pci, pciMappings: new Map([...pci.keys()].map(vmid => [vmid, ['gpu0']])),
		resources: parseResources(data('pve6-resources.json'), 'pve6'),
		tasks: guestTasks(parseTasks(data('pve6-tasks.json'), 'pve6')),
		previous,
	});
}

const guest = (entities: ReturnType<typeof build>['entities'], vmid: number) => entities.find(entity => entity.id === `guest:pve6/${vmid}`) as GuestEntity | undefined;

describe('Proxmox replies from PVE 6 and odd installs', () => {
	it('trusts vmid over an id that disagrees; vmid, pid and numbers sent as strings', () => {
		const {entities} = build();
		expect(guest(entities, 105)).toBeUndefined();
		expect(guest(entities, 100)).toMatchObject({name: 'router', guestType: 'qemu', status: 'running', uptimeSec: 7200, memory: {usedBytes: 1_073_741_824, maxBytes: 2_147_483_648}});
		expect(guest(entities, 101)).toMatchObject({name: 'nas', status: 'stopped', cpus: 4, memory: {maxBytes: 8_589_934_592}});
		expect(entities.filter(entity => entity.kind === 'guest').map(entity => entity.localId).sort()).toEqual(['100', '101', '102']);
	});

	it('a container reusing a destroyed VM id: one guest, the container, without the VM’s passthrough or VM tasks', () => {
		const {entities} = build(new Map(), new Map([[102, ['0000:41:00.0']]]));
		const ct = guest(entities, 102)!;
		expect(ct).toMatchObject({name: 'new-ct', guestType: 'lxc', status: 'running', pciDevices: [], pciMappings: []});
		expect(ct.recentTasks.map(task => task.type)).toEqual(['vzdump', 'vzcreate']);
	});

	it('counters of the destroyed VM give no rate for the container; the same type does', () => {
		const before = (guestType: 'qemu' | 'lxc'): Map<number, CounterSample> => new Map([[102, {atMs: now - 10_000, uptime: 500, netin: 0, netout: 0, diskread: 0, diskwrite: 0, guestType}]]);
		expect(guest(build(before('qemu')).entities, 102)!.netInBytesPerSec).toBeNull();
		expect(guest(build(before('lxc')).entities, 102)!.netInBytesPerSec).toBe(100);
		expect(build().counters.get(102)).toMatchObject({guestType: 'lxc'});
	});
});

// Builders for entities in core tests: complete, typed drafts with sensible values.
import {entityId, type EntityDraft, type GuestEntity, type HostEntity, type OutletEntity} from '../../src/entities.js';

type Draft<T> = Omit<T, 'seenAt'>;

export function hostDraft(source: string, name: string, overrides: Partial<Draft<HostEntity>> = {}): Draft<HostEntity> {
	return {
		id: entityId('host', source, name),
		kind: 'host',
		source,
		localId: name,
		name,
		role: 'node',
		isOnline: true,
		os: 'Debian 12',
		version: null,
		cpu: {usage: 12, cores: 8, perCore: [], model: null},
		load: [0.5, 0.4, 0.3],
		memory: {totalBytes: 32 * 2 ** 30, usedBytes: 8 * 2 ** 30},
		swap: {totalBytes: 0, usedBytes: 0},
		filesystems: [{mount: '/', fsType: 'ext4', sizeBytes: 100 * 2 ** 30, usedBytes: 40 * 2 ** 30}],
		network: {rxBytesPerSec: null, txBytesPerSec: null},
		temperatures: [],
		uptimeSec: 3600,
		...overrides,
	};
}

export function guestDraft(source: string, vmid: number, node: string, overrides: Partial<Draft<GuestEntity>> = {}): Draft<GuestEntity> {
	return {
		id: entityId('guest', source, String(vmid)),
		kind: 'guest',
		source,
		localId: String(vmid),
		name: `vm${vmid}`,
		vmid,
		guestType: 'qemu',
		node,
		status: 'running',
		cpuPercent: 5,
		cpus: 2,
		memory: {usedBytes: 2 ** 30, maxBytes: 4 * 2 ** 30},
		disk: {usedBytes: null, maxBytes: 32 * 2 ** 30},
		netInBytesPerSec: null,
		netOutBytesPerSec: null,
		diskReadBytesPerSec: null,
		diskWriteBytesPerSec: null,
		uptimeSec: 100,
		tags: [],
		haState: null,
		lock: null,
		isTemplate: false,
		pool: null,
		pciDevices: [],
		pciMappings: [],
		recentTasks: [],
		...overrides,
	};
}

export function outletDraft(source: string, number: number, overrides: Partial<Draft<OutletEntity>> = {}): Draft<OutletEntity> {
	return {
		id: entityId('outlet', source, String(number)),
		kind: 'outlet',
		source,
		localId: String(number),
		name: `outlet ${number}`,
		pdu: entityId('pdu', source, 'pdu'),
		number,
		state: 'on',
		loadAmps: 0.5,
		powerWatts: null,
		...overrides,
	};
}

export const asDrafts = (...drafts: Draft<HostEntity | GuestEntity | OutletEntity>[]): EntityDraft[] => drafts as EntityDraft[];

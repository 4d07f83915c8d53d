// Entity builders for view tests: realistic defaults, override what a test cares about.
import type {EntityDraft, GpuEntity, GuestEntity, HostEntity, OutletEntity, PduEntity, UpsEntity} from '../../src/entities.js';

type Draft<E> = Omit<E, 'seenAt'>;
const GiB = 1024 ** 3;

export function host(source: string, name: string, over: Partial<Draft<HostEntity>> = {}): Draft<HostEntity> {
	return {
		id: `host:${source}/${name}`, kind: 'host', source, localId: name, name, role: 'node', isOnline: true, os: 'Debian 12', version: '8.4.1',
		cpu: {usage: 12.5, cores: 16, perCore: [], model: 'EPYC 7302'}, load: [0.42, 0.5, 0.61],
		memory: {totalBytes: 64 * GiB, usedBytes: 20 * GiB}, swap: {totalBytes: 8 * GiB, usedBytes: 0},
		filesystems: [{mount: '/', fsType: 'ext4', sizeBytes: 100 * GiB, usedBytes: 40 * GiB}], network: {rxBytesPerSec: 1000, txBytesPerSec: 2000},
		temperatures: [{label: 'cpu', celsius: 48}], uptimeSec: 86_400 * 3, ...over,
	};
}

export function guest(source: string, vmid: number, name: string, over: Partial<Draft<GuestEntity>> = {}): Draft<GuestEntity> {
	return {
		id: `guest:${source}/${vmid}`, kind: 'guest', source, localId: String(vmid), name, vmid, guestType: 'qemu', node: 'pve1', status: 'running',
		cpuPercent: 5, cpus: 4, memory: {usedBytes: 2 * GiB, maxBytes: 8 * GiB}, disk: {usedBytes: 10 * GiB, maxBytes: 32 * GiB},
		netInBytesPerSec: 100, netOutBytesPerSec: 200, diskReadBytesPerSec: 0, diskWriteBytesPerSec: 0, uptimeSec: 3600, tags: [], haState: null,
		lock: null, isTemplate: false, pool: null, pciDevices: [], pciMappings: [], recentTasks: [], ...over,
	};
}

export function gpu(source: string, hostName: string, index: number, name: string, over: Partial<Draft<GpuEntity>> = {}): Draft<GpuEntity> {
	return {
		id: `gpu:${source}/${index}`, kind: 'gpu', source, localId: String(index), name, index, host: hostName, uuid: `GPU-${source}-${index}`, pciBusId: `00000000:0${index + 1}:00.0`,
		driverVersion: '550.54', cudaVersion: '12.4', utilization: {gpu: 40, memory: 20, encoder: 0, decoder: 0}, memory: {totalBytes: 24 * GiB, usedBytes: 6 * GiB},
		temperature: {celsius: 60, slowdownCelsius: 90, shutdownCelsius: 98}, power: {drawWatts: 200, limitWatts: 350, minLimitWatts: 100, maxLimitWatts: 400},
		fanPercent: 45, clocks: {graphicsMhz: 1700, smMhz: 1700, memoryMhz: 9500, maxGraphicsMhz: 2100, maxSmMhz: 2100, maxMemoryMhz: 9750},
		performanceState: 'P2', throttleReasons: [], ecc: {correctedVolatile: null, uncorrectedVolatile: null}, isPersistent: true, migMode: null,
		processes: [{pid: 4242, name: 'python train.py', usedMemoryBytes: 5 * GiB, type: 'C'}], ...over,
	};
}

export function ups(source: string, over: Partial<Draft<UpsEntity>> = {}): Draft<UpsEntity> {
	return {
		id: `ups:${source}/ups`, kind: 'ups', source, localId: 'ups', name: source, model: 'Smart-UPS 1500', flags: ['online'], statusText: 'online',
		chargePercent: 100, runtimeSec: 2700, loadPercent: 35, loadWatts: 350, nominalWatts: 1000, inputVolts: 230, outputVolts: 230, batteryTempCelsius: 28,
		lastTransferReason: null, selfTestResult: 'ok', selfTestDate: null, timeOnBatterySec: 0, ...over,
	};
}

export function pdu(source: string, over: Partial<Draft<PduEntity>> = {}): Draft<PduEntity> {
	return {id: `pdu:${source}/pdu`, kind: 'pdu', source, localId: 'pdu', name: source, model: 'AP7921', loadAmps: 5.2, powerWatts: 1200, energyKwh: null, ratingAmps: 16, loadState: 'normal', outletCount: 8, phases: [], ...over};
}

export function outlet(source: string, number: number, name: string, over: Partial<Draft<OutletEntity>> = {}): Draft<OutletEntity> {
	return {id: `outlet:${source}/${number}`, kind: 'outlet', source, localId: String(number), name, pdu: `pdu:${source}/pdu`, number, state: 'on', loadAmps: 0.6, powerWatts: 140, ...over};
}

export type Drafts = readonly EntityDraft[];

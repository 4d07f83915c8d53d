// Builders for the triage tests (incidents, alert conditions): a GPU, a UPS and a PDU with
// realistic defaults; override what a test cares about.
import {entityId, type GpuEntity, type PduEntity, type UpsEntity} from '../../src/entities.js';

type Draft<T> = Omit<T, 'seenAt'>;
const GiB = 2 ** 30;

export function gpuDraft(source: string, hostName: string, index: number, over: Partial<Draft<GpuEntity>> = {}): Draft<GpuEntity> {
	return {
		id: entityId('gpu', source, String(index)), kind: 'gpu', source, localId: String(index), name: 'NVIDIA GeForce RTX 3090', index, host: hostName, uuid: `GPU-${source}-${index}`, pciBusId: `00000000:0${index + 1}:00.0`,
		driverVersion: '550.54', cudaVersion: '12.4', utilization: {gpu: 40, memory: 20, encoder: 0, decoder: 0}, memory: {totalBytes: 24 * GiB, usedBytes: 6 * GiB},
		temperature: {celsius: 60, slowdownCelsius: 90, shutdownCelsius: 98}, power: {drawWatts: 200, limitWatts: 350, minLimitWatts: 100, maxLimitWatts: 400},
		fanPercent: 45, clocks: {graphicsMhz: 1700, smMhz: 1700, memoryMhz: 9500, maxGraphicsMhz: 2100, maxSmMhz: 2100, maxMemoryMhz: 9750},
		performanceState: 'P2', throttleReasons: [], ecc: {correctedVolatile: null, uncorrectedVolatile: null}, isPersistent: true, migMode: null,
		processes: [], ...over,
	};
}

export function upsDraft(source: string, over: Partial<Draft<UpsEntity>> = {}): Draft<UpsEntity> {
	return {
		id: entityId('ups', source, 'ups'), kind: 'ups', source, localId: 'ups', name: 'UPS A', model: 'Smart-UPS 3000', flags: ['online'], statusText: 'online',
		chargePercent: 100, runtimeSec: 2700, loadPercent: 35, loadWatts: 900, nominalWatts: 2700, inputVolts: 230, outputVolts: 230, batteryTempCelsius: 28,
		lastTransferReason: null, selfTestResult: 'ok', selfTestDate: null, timeOnBatterySec: 0, ...over,
	};
}

export function pduDraft(source: string, over: Partial<Draft<PduEntity>> = {}): Draft<PduEntity> {
	return {id: entityId('pdu', source, 'pdu'), kind: 'pdu', source, localId: 'pdu', name: 'PDU A', model: 'AP8941', loadAmps: 5.2, powerWatts: 1200, energyKwh: null, ratingAmps: 16, loadState: 'normal', outletCount: 8, phases: [], ...over};
}

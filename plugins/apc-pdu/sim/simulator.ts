// A loopback APC PDU for tests and the demo lab: net-snmp's Agent serving a fixture `.snmprec`
// (rPDU2 AP8xxx, AP7921 rPDU or MasterSwitch sPDU), stateful: a SET of an outlet command with the
// write community switches the outlet, its load and the PDU's totals follow, and the world hears
// 'outlet' and 'power' events. SETs with the read community get noAccess from the agent.
import type {EventEmitter} from 'node:events';
import {readFileSync} from 'node:fs';
import {startAgent, type AgentV3User} from '../../../protocols/snmp/sim/agent.js';
import {parseSnmprec, type SnmprecRecord} from '../../../protocols/snmp/sim/snmprec.js';
import type {SnmpValue} from '../../../protocols/snmp/values.js';
import {rPdu, rPdu2, sPdu, type Generation} from '../oids.js';

export type PduSimulatorOptions = {
	/** A fixture file, or records (tests that craft replies). */
	readonly fixture?: string;
	readonly records?: readonly SnmprecRecord[];
	readonly community?: string;
	readonly writeCommunity?: string;
	readonly v3User?: AgentV3User;
	/** Draw of an outlet when on, where the fixture does not meter it. */
	outletWatts?(outlet: number): number;
	readonly volts?: number;
	/** Where 'outlet' and 'power' events go, and what they name. */
	readonly events?: EventEmitter;
	readonly pduEntityId?: string;
	/** Outlet number → topology device id it powers. */
	readonly devices?: ReadonlyMap<number, string>;
	shouldDrop?(): boolean;
};

export type PduSimulator = {
	readonly port: number;
	readonly community: string;
	readonly writeCommunity: string;
	readonly generation: Generation;
	isOn(outlet: number): boolean;
	/** Total draw now, W. */
	watts(): number;
	close(): Promise<void>;
};

type Outlet = {isOn: boolean; watts: number};

function generationOf(records: readonly SnmprecRecord[]): Generation {
	if (records.some(record => record.oid.startsWith(`${rPdu2.switchedStatusEntry}.5.`))) return 'rpdu2';
	if (records.some(record => record.oid.startsWith(`${rPdu.outletStatusEntry}.4.`))) return 'rpdu';
	return 'spdu';
}

/** Splits `${entry}.${column}.${index}` for an entry, or undefined. */
function cell(oid: string, entry: string): {column: number; index: number} | undefined {
	if (!oid.startsWith(`${entry}.`)) return undefined;
	const [column, index, ...rest] = oid.slice(entry.length + 1).split('.').map(Number);
	if (column === undefined || index === undefined || rest.length > 0) return undefined;
	return {column, index};
}

export async function startPduSimulator(options: PduSimulatorOptions): Promise<PduSimulator> {
	const records = options.records ?? parseSnmprec(readFileSync(options.fixture!, 'utf8'));
	const generation = generationOf(records);
	const volts = options.volts ?? 230;
	const community = options.community ?? 'public';
	const writeCommunity = options.writeCommunity ?? 'private';
	const outlets = new Map<number, Outlet>();
	const stateEntry = generation === 'rpdu2' ? rPdu2.switchedStatusEntry : generation === 'rpdu' ? rPdu.outletStatusEntry : sPdu.outletEntry;
	const stateColumn = generation === 'rpdu2' ? 5 : generation === 'rpdu' ? 4 : 3;
	for (const record of records) {
		const position = cell(record.oid, stateEntry);
		if (!position || position.column !== stateColumn) continue;
		const isOn = generation === 'rpdu2' ? record.value === 2 : record.value === 1;
		const metered = records.find(other => other.oid === `${rPdu2.meteredStatusEntry}.7.${position.index}`);
		const watts = typeof metered?.value === 'number' && metered.value > 0 ? metered.value : options.outletWatts?.(position.index) ?? 50;
		outlets.set(position.index, {isOn, watts});
	}
	const totalWatts = () => [...outlets.values()].reduce((sum, outlet) => sum + (outlet.isOn ? outlet.watts : 0), 0);
	const tenthsAmps = (watts: number) => Math.round((watts / volts) * 10);

	function read(oid: string): SnmpValue | undefined {
		const total = totalWatts();
		if (oid === rPdu.powerWatts) return total;
		if (oid === `${rPdu.loadStatusEntry}.2.1`) return tenthsAmps(total);
		let position = cell(oid, rPdu2.deviceStatusEntry);
		if (position?.column === 5) return Math.round(total / 10);
		position = cell(oid, rPdu2.phaseStatusEntry);
		if (position?.column === 5) return tenthsAmps(total);
		if (position?.column === 7) return Math.round(total / 10);
		position = cell(oid, rPdu2.switchedStatusEntry);
		if (position?.column === 5) return outlets.get(position.index)?.isOn ? 2 : 1;
		position = cell(oid, rPdu2.switchedControlEntry);
		if (position?.column === 5) return outlets.get(position.index)?.isOn ? 1 : 2;
		position = cell(oid, rPdu2.meteredStatusEntry);
		const metered = position ? outlets.get(position.index) : undefined;
		if (position?.column === 6 && metered) return metered.isOn ? tenthsAmps(metered.watts) : 0;
		if (position?.column === 7 && metered) return metered.isOn ? metered.watts : 0;
		position = cell(oid, rPdu.outletStatusEntry) ?? cell(oid, rPdu.outletControlEntry);
		if (position?.column === 4) return outlets.get(position.index)?.isOn ? 1 : 2;
		if (position?.column === 7) return tenthsAmps(outlets.get(position.index)?.isOn ? outlets.get(position.index)!.watts : 0);
		position = cell(oid, sPdu.outletEntry);
		if (position?.column === 3) return outlets.get(position.index)?.isOn ? 1 : 2;
		return undefined;
	}

	function controlIndex(oid: string): number | undefined {
		const entry = generation === 'rpdu2' ? rPdu2.switchedControlEntry : generation === 'rpdu' ? rPdu.outletControlEntry : sPdu.outletEntry;
		const position = cell(oid, entry);
		const column = generation === 'rpdu2' ? 5 : generation === 'rpdu' ? 4 : 3;
		return position && position.column === column && outlets.has(position.index) ? position.index : undefined;
	}

	function switchOutlet(index: number, isOn: boolean) {
		const outlet = outlets.get(index);
		if (!outlet || outlet.isOn === isOn) return;
		outlet.isOn = isOn;
		options.events?.emit('outlet', {pdu: options.pduEntityId ?? 'pdu', outlet: index, state: isOn ? 'on' : 'off'});
		const device = options.devices?.get(index);
		if (device) options.events?.emit('power', {device, isOn});
	}

	const agent = await startAgent({
		records,
		community,
		writeCommunity,
		...(options.v3User ? {v3User: options.v3User} : {}),
		read,
		checkWrite: (oid, value) => controlIndex(oid) === undefined ? 'notWritable' : value === 1 || value === 2 || value === 3 ? 'ok' : 'wrongValue',
		write(oid, value) {
			const index = controlIndex(oid);
			if (index === undefined) return;
			if (value === 3) {
				switchOutlet(index, false);
				switchOutlet(index, true);
			} else {
				switchOutlet(index, value === 1);
			}
		},
		...(options.shouldDrop ? {shouldDrop: options.shouldDrop} : {}),
	});
	return {
		port: agent.port,
		community,
		writeCommunity,
		generation,
		isOn: outlet => outlets.get(outlet)?.isOn ?? false,
		watts: totalWatts,
		close: agent.close,
	};
}

// Pure: an APC PDU's SNMP answers (one VarMap of scalars and walked tables) → a `pdu` entity and
// one `outlet` per outlet. The outlet table generation is detected from what answered: rPDU2
// switched/metered tables first, then the AP79xx rPDU outlet table, then the MasterSwitch sPDU table,
// then the Easy PDU (ePDU) table. An ATS answers as an `ats` entity; any other APC agent (a UPS card,
// a modular PDU) is refused with what it is.
import type {EntityDraft, OutletEntity, PduEntity} from '../../src/entities.js';
import {entityId} from '../../src/entities.js';
import {DeviceReplyError} from '../../src/errors.js';
import {cleanNumber, cleanString, column, first, num, round, str, tableIndexes, type VarMap} from '../../protocols/snmp/values.js';
import {decodeState, ePdu, rPdu, rPdu2, sPdu, sys, type Generation} from './oids.js';
import {isAts, parseAts} from './parse-ats.js';
import {epduFacts, epduOutlets, epduPhases, hasPduTables, otherApcProduct} from './parse-epdu.js';

export type PduParseOptions = {
	readonly source: string;
	/** Display name from the config. */
	readonly name?: string;
	/** Rated current from the config, when the device does not say. */
	readonly ratingAmps?: number;
};

export type PduParseResult = {
	readonly entities: EntityDraft[];
	/** Outlet table generation; undefined for a metered PDU without an outlet table. */
	readonly generation: Generation | undefined;
	/** SNMP index of each outlet entity's localId (for actions). */
	readonly outletIndexes: ReadonlyMap<string, number>;
	/** Set when a table answered only in part. */
	readonly partial?: string;
};

type OutletRow = {index: number; number: number; name: string | null; state: OutletEntity['state']; loadAmps: number | null; powerWatts: number | null};

const loadStates = {1: 'low', 2: 'normal', 3: 'near-overload', 4: 'overload'} as const;
/** rPDULoadStatusLoadState: phase/bank × normal/low/near/overload. */
const rPduLoadStates = {1: 'normal', 2: 'low', 3: 'near-overload', 4: 'overload', 5: 'normal', 6: 'low', 7: 'near-overload', 8: 'overload'} as const;

function outletRows(vars: VarMap): {generation: Generation | undefined; rows: OutletRow[]} {
	const switched = column(vars, rPdu2.switchedStatusEntry, 5);
	const metered = tableIndexes(vars, rPdu2.meteredStatusEntry, [3, 4, 6, 7]);
	const loadOf = (index: number) => ({
		loadAmps: cleanNumber(column(vars, rPdu2.meteredStatusEntry, 6).get(index), {scale: 10, min: 0}),
		powerWatts: cleanNumber(column(vars, rPdu2.meteredStatusEntry, 7).get(index), {min: 0}),
	});
	if (switched.size > 0 || metered.length > 0) {
		const indexes = switched.size > 0 ? [...switched.keys()] : metered;
		const names = column(vars, rPdu2.switchedStatusEntry, 3);
		const meteredNames = column(vars, rPdu2.meteredStatusEntry, 3);
		const numbers = column(vars, rPdu2.switchedStatusEntry, 4);
		return {
			generation: switched.size > 0 ? 'rpdu2' : undefined,
			rows: indexes.map(index => ({
				index,
				number: cleanNumber(numbers.get(index) ?? column(vars, rPdu2.meteredStatusEntry, 4).get(index)) ?? index,
				name: cleanString(names.get(index)) ?? cleanString(meteredNames.get(index)),
				state: switched.size > 0 ? decodeState('rpdu2', switched.get(index)) : 'unknown',
				...loadOf(index),
			})),
		};
	}
	const status = column(vars, rPdu.outletStatusEntry, 4);
	if (status.size > 0) {
		const names = column(vars, rPdu.outletStatusEntry, 2);
		const loads = column(vars, rPdu.outletStatusEntry, 7);
		return {
			generation: 'rpdu',
			rows: [...status.keys()].map(index => ({
				index,
				number: index,
				name: cleanString(names.get(index)),
				state: decodeState('rpdu', status.get(index)),
				loadAmps: cleanNumber(loads.get(index), {scale: 10, min: 0}),
				powerWatts: null,
			})),
		};
	}
	const ctl = column(vars, sPdu.outletEntry, sPdu.outletCtlColumn);
	if (ctl.size > 0) {
		const names = column(vars, sPdu.outletEntry, sPdu.outletNameColumn);
		return {
			generation: 'spdu',
			rows: [...ctl.keys()].map(index => ({
				index,
				number: index,
				name: cleanString(names.get(index)),
				state: decodeState('spdu', ctl.get(index)),
				loadAmps: null,
				powerWatts: null,
			})),
		};
	}
	// Easy PDU: outlet states without loads, no switching support here (read-only).
	return {generation: undefined, rows: epduOutlets(vars).map(outlet => ({...outlet, name: null, loadAmps: null, powerWatts: null}))};
}

/** Phase and bank loads: rPDULoadStatus rows (what the unit's display shows), else the rPDU2 phase/bank tables. */
function phases(vars: VarMap): PduEntity['phases'] {
	const result: {name: string; loadAmps: number | null}[] = [];
	for (const [index, value] of column(vars, rPdu.loadStatusEntry, 2)) {
		const phase = num(vars, `${rPdu.loadStatusEntry}.4.${index}`);
		const bank = num(vars, `${rPdu.loadStatusEntry}.5.${index}`);
		const name = bank !== null && bank > 0 ? `Bank ${bank}` : `Phase ${phase !== null && phase > 0 ? phase : index}`;
		result.push({name, loadAmps: cleanNumber(value, {scale: 10, min: 0})});
	}
	if (result.length > 0) return result;
	for (const [index, value] of column(vars, rPdu2.phaseStatusEntry, 5)) {
		const number = num(vars, `${rPdu2.phaseStatusEntry}.3.${index}`) ?? index;
		result.push({name: `Phase ${number}`, loadAmps: cleanNumber(value, {scale: 10, min: 0})});
	}
	for (const [index, value] of column(vars, rPdu2.bankStatusEntry, 5)) {
		const number = num(vars, `${rPdu2.bankStatusEntry}.3.${index}`) ?? index;
		result.push({name: `Bank ${number}`, loadAmps: cleanNumber(value, {scale: 10, min: 0})});
	}
	return result.length > 0 ? result : epduPhases(vars);
}

function loadStateFrom(vars: VarMap, loadAmps: number | null, thresholds: {low: number | null; near: number | null; over: number | null}): PduEntity['loadState'] {
	const device = num(vars, `${rPdu2.deviceStatusEntry}.4.1`);
	if (device !== null && device in loadStates) return loadStates[device as keyof typeof loadStates];
	const phaseState = column(vars, rPdu2.phaseStatusEntry, 4).values().next().value;
	if (typeof phaseState === 'number' && phaseState in loadStates) return loadStates[phaseState as keyof typeof loadStates];
	const status = column(vars, rPdu.loadStatusEntry, 3).values().next().value;
	if (typeof status === 'number' && status in rPduLoadStates) return rPduLoadStates[status as keyof typeof rPduLoadStates];
	if (loadAmps === null || thresholds.over === null) return 'unknown';
	if (loadAmps >= thresholds.over) return 'overload';
	if (thresholds.near !== null && loadAmps >= thresholds.near) return 'near-overload';
	if (thresholds.low !== null && thresholds.low > 0 && loadAmps <= thresholds.low) return 'low';
	return 'normal';
}

function modelFrom(vars: VarMap, generation: Generation | undefined): string | null {
	const card = /MN:\s*(\S+)/.exec(str(vars, sys.descr) ?? '')?.[1] ?? null;
	// AP96xx names a network management card, not a PDU: only the sPDU table makes it a MasterSwitch.
	const fromDescr = card && /^AP96/.test(card) ? (generation === 'spdu' ? `MasterSwitch (${card} card)` : null) : card;
	return first(str(vars, `${rPdu2.identEntry}.8.1`), str(vars, rPdu.model), str(vars, sPdu.model), epduFacts(vars).model, fromDescr);
}

export function parsePdu(vars: VarMap, options: PduParseOptions): PduParseResult {
	const {source} = options;
	if (isAts(vars)) return {entities: [parseAts(vars, options)], generation: undefined, outletIndexes: new Map()};
	if (!hasPduTables(vars)) {
		const other = otherApcProduct(vars);
		if (other) throw new DeviceReplyError({source, operation: 'poll'}, `not a rack PDU: the agent is ${other}`);
		const descr = str(vars, sys.descr);
		throw new DeviceReplyError({source, operation: 'poll'}, `no APC PDU table answered (sPDU, rPDU, rPDU2 or ePDU): not an APC PDU, or the wrong community${descr ? ` (sysDescr: ${JSON.stringify(descr.slice(0, 60))})` : ''}`);
	}
	const pduId = entityId('pdu', source, 'pdu');
	const {generation, rows} = outletRows(vars);
	const phaseList = phases(vars);
	const model = modelFrom(vars, generation);

	const phaseRows = phaseList.filter(phase => phase.name.startsWith('Phase'));
	const phaseSum = phaseRows.every(phase => phase.loadAmps === null) ? null : phaseRows.reduce((sum, phase) => sum + (phase.loadAmps ?? 0), 0);
	const outletSum = rows.some(row => row.loadAmps !== null) ? rows.reduce((sum, row) => sum + (row.loadAmps ?? 0), 0) : null;
	const loadAmps = round(first(phaseSum, outletSum), 1);
	const thresholds = {
		low: num(vars, `${rPdu.phaseConfigEntry}.2.1`, {min: 0}),
		near: num(vars, `${rPdu.phaseConfigEntry}.3.1`, {min: 1}),
		over: num(vars, `${rPdu.phaseConfigEntry}.4.1`, {min: 1}),
	};
	const deviceKw = num(vars, `${rPdu2.deviceStatusEntry}.5.1`, {min: 0});
	const outletWatts = rows.some(row => row.powerWatts !== null) ? rows.reduce((sum, row) => sum + (row.powerWatts ?? 0), 0) : null;
	const powerWatts = first(deviceKw === null ? null : deviceKw * 10, num(vars, rPdu.powerWatts, {min: 0}), epduFacts(vars).powerWatts, outletWatts);
	const energy = num(vars, `${rPdu2.deviceStatusEntry}.9.1`, {scale: 10, min: 0});
	const ratingAmps = first(num(vars, rPdu.rating, {min: 1}), thresholds.over, options.ratingAmps ?? null);
	const deviceName = first(str(vars, `${rPdu2.deviceStatusEntry}.3.1`), str(vars, rPdu.name), str(vars, sys.name));

	const pdu: Omit<PduEntity, 'seenAt'> = {
		id: pduId,
		kind: 'pdu',
		source,
		localId: 'pdu',
		name: options.name ?? deviceName ?? source,
		model,
		loadAmps,
		powerWatts,
		energyKwh: energy,
		ratingAmps,
		loadState: loadStateFrom(vars, loadAmps, thresholds),
		outletCount: rows.length > 0 ? rows.length : num(vars, rPdu.numOutlets, {min: 0}) ?? num(vars, ePdu.numOutlets, {min: 0}) ?? 0,
		phases: phaseList,
	};
	const outletIndexes = new Map<string, number>();
	const outlets = rows.map((row): Omit<OutletEntity, 'seenAt'> => {
		const localId = String(row.index);
		outletIndexes.set(localId, row.index);
		return {
			id: entityId('outlet', source, localId),
			kind: 'outlet',
			source,
			localId,
			name: row.name ?? `Outlet ${row.number}`,
			pdu: pduId,
			number: row.number,
			state: row.state,
			loadAmps: round(row.loadAmps, 1),
			powerWatts: row.powerWatts,
		};
	});
	const expected = num(vars, rPdu.numOutlets, {min: 1});
	const partial = expected !== null && rows.length > 0 && rows.length < expected
		? `outlet table ended after ${rows.length} of ${expected} outlets`
		: undefined;
	return {entities: [pdu, ...outlets], generation, outletIndexes, ...(partial ? {partial} : {})};
}

// Pure: the APC Easy PDU / ePDU tables (EPDU1016M and kin, 1.3.6.1.4.1.318.1.1.30): phase voltage,
// current and power, the device's real power and model, outlet states (the MIB carries no
// per-outlet load). Also tells what an APC agent is when it answers no PDU table at all.
import type {PduEntity} from '../../src/entities.js';
import {cleanNumber, column, hasAny, num, round, str, type VarMap} from '../../protocols/snmp/values.js';
import {ePdu, modularGroups, otherProducts, sys} from './oids.js';

/** masterswitch (sPDU), rPDU and rPDU2 groups of PowerNet-MIB. */
const pduGroups = ['1.3.6.1.4.1.318.1.1.4', '1.3.6.1.4.1.318.1.1.12', '1.3.6.1.4.1.318.1.1.26'] as const;

export type EpduOutlet = {readonly index: number; readonly number: number; readonly state: 'on' | 'off' | 'unknown'};

export function hasEpdu(vars: VarMap): boolean {
	return hasAny(vars, ePdu.deviceStatusEntry) || hasAny(vars, ePdu.phaseStatusEntry) || hasAny(vars, ePdu.outletStatusEntry);
}

export function epduOutlets(vars: VarMap): EpduOutlet[] {
	const states = column(vars, ePdu.outletStatusEntry, 4);
	const numbers = column(vars, ePdu.outletStatusEntry, 3);
	return [...states].flatMap(([index, value]) => {
		// `-1` rows are outlets the unit does not have (a metered-only model answers the table with them).
		if (value === -1) return [];
		return [{index, number: cleanNumber(numbers.get(index), {min: 1}) ?? index, state: value === 2 ? 'on' as const : value === 1 ? 'off' as const : 'unknown' as const}];
	});
}

export function epduPhases(vars: VarMap): PduEntity['phases'] {
	return [...column(vars, ePdu.phaseStatusEntry, 5)].flatMap(([index, value]) => {
		const amps = cleanNumber(value, {scale: 100, min: 0, max: 1000});
		const number = num(vars, `${ePdu.phaseStatusEntry}.3.${index}`, {min: 1}) ?? index;
		return [{name: `Phase ${number}`, loadAmps: round(amps, 2)}];
	});
}

export function epduFacts(vars: VarMap): {model: string | null; powerWatts: number | null} {
	return {model: str(vars, `${ePdu.deviceStatusEntry}.4.1`), powerWatts: num(vars, `${ePdu.deviceStatusEntry}.7.1`, {min: 0, max: 100_000})};
}

/** Whether any rack PDU table of any generation answered. */
export function hasPduTables(vars: VarMap): boolean {
	return pduGroups.some(prefix => hasAny(vars, prefix)) || hasEpdu(vars);
}

/** What an APC agent that answered no PDU table is, in words for the refusal; undefined when nothing says. */
export function otherApcProduct(vars: VarMap): string | undefined {
	const ups = str(vars, otherProducts.upsModel);
	if (ups !== null || hasAny(vars, '1.3.6.1.4.1.318.1.1.1')) return `an APC UPS network management card${ups ? ` (${ups})` : ''}: poll it with the \`ups\` plugin`;
	const modular = modularGroups.find(group => hasAny(vars, group));
	if (modular) return `an APC modular power distribution unit (PowerNet-MIB group ${modular.split('.').pop()}: xPDU/ISX), which the apc-pdu plugin does not read`;
	const card = /MN:\s*(AP96\S*)/.exec(str(vars, sys.descr) ?? '')?.[1];
	if (card) return `an APC network management card (${card}) that answers no PDU, UPS or ATS group`;
	return undefined;
}

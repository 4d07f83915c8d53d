// Pure: the PowerNet-MIB phase tables of a three-phase APC UPS (upsPhaseInputTable/
// upsPhaseOutputTable and their per-phase rows) → per-phase values and the summary the power
// pane shows. Rows are indexed `table.1.phase` (some cards `table.phase`); `-1` (and every other
// sentinel) is a phase or value the unit does not have.
import type {UpsPhase} from '../../src/entities.js';
import {cleanNumber, type SnmpValue, type VarMap} from '../../protocols/snmp/values.js';
import {apcPhase} from './oids.js';

/** upsPhase…VoltageOrientation: 4 three-phase line-to-neutral, 5 line-to-line; 2/3 single/split phase (to neutral). */
const orientations: Readonly<Record<number, UpsPhase['voltage']>> = {2: 'line-to-neutral', 3: 'line-to-neutral', 4: 'line-to-neutral', 5: 'line-to-line'};

type Cell = {readonly table: number; readonly phase: number; readonly value: SnmpValue};

/** One column of a phase table, with its (table, phase) index. */
function cells(vars: VarMap, entry: string, columnNumber: number): Cell[] {
	const prefix = `${entry}.${columnNumber}.`;
	const result: Cell[] = [];
	for (const [oid, value] of vars) {
		if (!oid.startsWith(prefix)) continue;
		const parts = oid.slice(prefix.length).split('.').map(Number);
		if (parts.length < 2 || parts.some(part => !Number.isInteger(part))) continue;
		result.push({table: parts[0]!, phase: parts.at(-1)!, value});
	}
	return result.sort((a, b) => a.table - b.table || a.phase - b.phase);
}

function lookup(list: readonly Cell[], table: number, phase: number): SnmpValue | undefined {
	return list.find(cell => cell.table === table && cell.phase === phase)?.value;
}

function orientation(vars: VarMap, entry: string, table: number): UpsPhase['voltage'] {
	const value = cleanNumber(vars.get(`${entry}.3.${table}`));
	return value === null ? 'unknown' : orientations[value] ?? 'unknown';
}

export function apcPhases(vars: VarMap): UpsPhase[] {
	const phases: UpsPhase[] = [];
	const inVolts = cells(vars, apcPhase.inputPhaseEntry, 3);
	const inAmps = cells(vars, apcPhase.inputPhaseEntry, 6);
	for (const {table, phase, value} of inVolts.length > 0 ? inVolts : inAmps) {
		const volts = cleanNumber(value, {min: 1, max: 1000});
		const amps = cleanNumber(lookup(inAmps, table, phase), {scale: 10, min: 0, max: 10_000});
		if (volts === null && amps === null) continue;
		const isBypass = cleanNumber(vars.get(`${apcPhase.inputEntry}.5.${table}`)) === 3 || (table === 2 && !vars.has(`${apcPhase.inputEntry}.5.${table}`));
		const direction = isBypass ? 'bypass' : 'input';
		phases.push({name: `${direction} L${phase}`, direction, volts, voltage: orientation(vars, apcPhase.inputEntry, table), amps, loadPercent: null});
	}
	const outVolts = cells(vars, apcPhase.outputPhaseEntry, 3);
	const outAmps = cells(vars, apcPhase.outputPhaseEntry, 4);
	const outLoad = cells(vars, apcPhase.outputPhaseEntry, 10);
	for (const {table, phase, value} of outVolts.length > 0 ? outVolts : outLoad) {
		const volts = cleanNumber(value, {min: 1, max: 1000});
		const amps = cleanNumber(lookup(outAmps, table, phase), {scale: 10, min: 0, max: 10_000});
		const loadPercent = cleanNumber(lookup(outLoad, table, phase), {min: 0, max: 200});
		if (volts === null && amps === null && loadPercent === null) continue;
		phases.push({name: `output L${phase}`, direction: 'output', volts, voltage: orientation(vars, apcPhase.outputEntry, table), amps, loadPercent});
	}
	return phases;
}

/** Output real power summed over the phases that report it; null when none does. */
export function phaseWatts(vars: VarMap): number | null {
	const values = cells(vars, apcPhase.outputPhaseEntry, 13).map(cell => cleanNumber(cell.value, {min: 0})).filter((value): value is number => value !== null);
	return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0);
}

const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10);

/** The pane's summary of the phases: mean input/output voltage, the most loaded output phase. */
export function phaseSummary(phases: readonly UpsPhase[]): {inputVolts: number | null; outputVolts: number | null; loadPercent: number | null} {
	const known = (direction: UpsPhase['direction'], pick: (phase: UpsPhase) => number | null) => phases.filter(phase => phase.direction === direction).map(pick).filter((value): value is number => value !== null);
	const loads = known('output', phase => phase.loadPercent);
	return {inputVolts: mean(known('input', phase => phase.volts)), outputVolts: mean(known('output', phase => phase.volts)), loadPercent: loads.length === 0 ? null : Math.max(...loads)};
}

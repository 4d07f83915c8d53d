// Pure: an APC rack ATS's SNMP answers (PowerNet-MIB automaticTransferSwitch, 1.3.6.1.4.1.318.1.1.8)
// → one `ats` entity: source A and B status, voltage and frequency, the selected and preferred
// source, redundancy as the unit reports it, and the output banks (the `total` bank is the load).
import {entityId, type AtsInput, type EntityDraft} from '../../src/entities.js';
import {cleanNumber, cleanString, column, first, num, str, type VarMap} from '../../protocols/snmp/values.js';
import {ats, sys} from './oids.js';

type AtsDraft = Extract<EntityDraft, {kind: 'ats'}>;

const sourceNames: Readonly<Record<number, string>> = {1: 'A', 2: 'B'};
const bankNames: Readonly<Record<number, string>> = {1: 'total', 2: 'bank 1', 3: 'bank 2', 4: 'bank 3'};

/** Whether the agent answered as an ATS. */
export function isAts(vars: VarMap): boolean {
	return num(vars, ats.selectedSource) !== null || str(vars, ats.model) !== null;
}

/** atsInputVoltage of input N: the first phase row `N.1.phase` (some agents index `N.phase`). */
function inputVolts(vars: VarMap, input: number): number | null {
	const prefix = `${ats.inputPhaseEntry}.3.${input}.`;
	for (const [oid, value] of vars) if (oid.startsWith(prefix)) return cleanNumber(value, {min: 0, max: 1000});
	return null;
}

function input(vars: VarMap, number: 1 | 2): AtsInput {
	const said = num(vars, number === 1 ? ats.sourceAStatus : ats.sourceBStatus);
	const volts = inputVolts(vars, number);
	return {
		name: cleanString(column(vars, ats.inputEntry, 6).get(number)) ?? sourceNames[number]!,
		status: said === 2 ? 'ok' : said === 1 ? 'fail' : 'unknown',
		volts,
		frequencyHz: cleanNumber(column(vars, ats.inputEntry, 4).get(number), {min: 0, max: 100}),
	};
}

export function parseAts(vars: VarMap, options: {readonly source: string; readonly name?: string}): AtsDraft {
	const inputs = [input(vars, 1), input(vars, 2)];
	const redundancy = num(vars, ats.redundancy);
	const isRedundant = redundancy === 2 ? true : redundancy === 1 ? false : inputs.some(item => item.status === 'unknown') ? null : inputs.every(item => item.status === 'ok');
	const selectedNumber = num(vars, ats.selectedSource);
	const preferredNumber = num(vars, ats.preferredSource);
	const nameOf = (value: number | null) => (value === 1 || value === 2 ? inputs[value - 1]!.name : null);
	const banks = [...column(vars, ats.outputBankEntry, 4)].map(([index, value]) => {
		const bank = num(vars, `${ats.outputBankEntry}.3.${index}`);
		return {
			name: (bank !== null ? bankNames[bank] : undefined) ?? `bank ${index}`,
			loadAmps: cleanNumber(value, {scale: 10, min: 0, max: 1000}),
			powerWatts: cleanNumber(vars.get(`${ats.outputBankEntry}.15.${index}`), {min: 0, max: 250_000}),
		};
	});
	const total = banks.find(bank => bank.name === 'total');
	const parts = banks.filter(bank => bank.name !== 'total');
	const sum = (pick: (bank: (typeof banks)[number]) => number | null) => {
		const known = parts.map(pick).filter((value): value is number => value !== null);
		return known.length === 0 ? null : Math.round(known.reduce((a, b) => a + b, 0) * 10) / 10;
	};
	const selected = nameOf(selectedNumber);
	const preferred = nameOf(preferredNumber);
	const lost = inputs.filter(item => item.status === 'fail').map(item => `source ${item.name} failed`);
	const words = [
		...(isRedundant === false ? ['redundancy lost', ...lost] : isRedundant ? ['redundant'] : []),
		...(selected ? [`on source ${selected}`] : []),
		...(selected && preferred && selected !== preferred ? [`not the preferred source ${preferred}`] : []),
	];
	const firstBankVolts = [...column(vars, ats.outputBankEntry, 6).values()].map(value => cleanNumber(value, {min: 0, max: 1000})).find(value => value !== null) ?? null;
	return {
		id: entityId('ats', options.source, 'ats'),
		kind: 'ats',
		source: options.source,
		localId: 'ats',
		name: options.name ?? first(str(vars, ats.name), str(vars, sys.name)) ?? options.source,
		model: str(vars, ats.model),
		inputs,
		selectedInput: selected,
		preferredInput: preferred,
		isRedundant,
		loadAmps: total?.loadAmps ?? sum(bank => bank.loadAmps),
		powerWatts: total?.powerWatts ?? sum(bank => bank.powerWatts),
		outputVolts: firstBankVolts,
		banks,
		statusText: words.length > 0 ? words.join(', ') : 'unknown',
	};
}

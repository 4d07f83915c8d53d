// Pure: a NUT device of type ats (APC rack ATS or Eaton ATS through snmp-ups) → an `ats` entity:
// both inputs (voltage, frequency, status), the selected and preferred source (`input.source`,
// `input.source.preferred`), output current and power, and per-bank (`outlet.group.N.*`) values.
// NUT has no redundancy variable: an input is lost when its status says so or, without a
// status, when its voltage is under 85 % of the nominal (80 V when no nominal is given).
import {entityId, type AtsInput, type EntityDraft, type Num} from '../../src/entities.js';
import {model, num, parseStatus, text, type NutVars, type UpsFacts} from './parse-values.js';

type AtsDraft = Extract<EntityDraft, {kind: 'ats'}>;

const okWords = new Set(['ok', 'good', 'normal', 'on', 'online', 'available']);
const failWords = new Set(['fail', 'failed', 'bad', 'lost', 'off', 'out of range', 'critical-low', 'critical-high', 'warning-low', 'warning-high', 'unavailable']);

/** `1`, `source1`, `sourceA`, `A` → the input name; null when it names none. */
function sourceName(value: string | null): string | null {
	if (!value) return null;
	const match = /^(?:source|input)?\s*([0-9]+|[ab])$/i.exec(value.trim());
	return match ? match[1]!.toUpperCase() : null;
}

function inputNumbers(vars: NutVars): number[] {
	const numbers = new Set<number>();
	for (const name of Object.keys(vars)) {
		const match = /^input\.(\d+)\./.exec(name);
		if (match) numbers.add(Number(match[1]));
	}
	return [...numbers].sort((a, b) => a - b);
}

function inputOf(vars: NutVars, number: number): AtsInput {
	const volts = num(vars, `input.${number}.voltage`);
	const said = text(vars, `input.${number}.status`, `input.${number}.voltage.status`)?.toLowerCase() ?? null;
	const nominal = num(vars, 'input.voltage.nominal');
	const floor = nominal !== null && nominal > 0 ? nominal * 0.85 : 80;
	const status: AtsInput['status'] = said !== null && okWords.has(said) ? 'ok'
		: said !== null && failWords.has(said) ? 'fail'
		: volts === null ? 'unknown' : volts >= floor ? 'ok' : 'fail';
	return {name: String(number), status, volts: volts !== null && volts >= 0 && volts <= 1000 ? volts : null, frequencyHz: num(vars, `input.${number}.frequency`)};
}

function banks(vars: NutVars): AtsDraft['banks'] {
	const numbers = new Set<number>();
	for (const name of Object.keys(vars)) {
		const match = /^outlet\.group\.(\d+)\./.exec(name);
		if (match) numbers.add(Number(match[1]));
	}
	return [...numbers].sort((a, b) => a - b).map(number => ({
		name: text(vars, `outlet.group.${number}.name`, `outlet.group.${number}.desc`) ?? `Bank ${number}`,
		loadAmps: nonNegative(num(vars, `outlet.group.${number}.current`)),
		powerWatts: nonNegative(num(vars, `outlet.group.${number}.realpower`)),
	}));
}

function nonNegative(value: Num): Num {
	return value === null || value < 0 ? null : value;
}

export function atsFromVars(facts: UpsFacts, vars: NutVars): AtsDraft {
	const inputs = inputNumbers(vars).map(number => inputOf(vars, number));
	const selected = sourceName(text(vars, 'input.source'));
	const preferred = sourceName(text(vars, 'input.source.preferred'));
	const isRedundant = inputs.length < 2 || inputs.some(input => input.status === 'unknown') ? null : inputs.every(input => input.status === 'ok');
	const bankList = banks(vars);
	const total = bankList.find(bank => /total/i.test(bank.name));
	const lost = inputs.filter(input => input.status === 'fail').map(input => `input ${input.name} lost`);
	const words = [
		...(lost.length > 0 ? lost : isRedundant ? ['redundant'] : []),
		...(selected ? [`on input ${selected}`] : []),
		...(selected && preferred && selected !== preferred ? [`not the preferred input ${preferred}`] : []),
	];
	const statusWords = vars['ups.status'] ? parseStatus(vars['ups.status']).text : null;
	return {
		id: entityId('ats', facts.source, facts.ups),
		kind: 'ats',
		source: facts.source,
		localId: facts.ups,
		name: facts.ups,
		model: model(vars),
		inputs,
		selectedInput: selected,
		preferredInput: preferred,
		isRedundant,
		loadAmps: nonNegative(num(vars, 'output.current') ?? num(vars, 'outlet.current') ?? total?.loadAmps ?? null),
		powerWatts: nonNegative(num(vars, 'output.realpower') ?? num(vars, 'outlet.realpower') ?? total?.powerWatts ?? null),
		outputVolts: nonNegative(num(vars, 'output.voltage')),
		banks: bankList,
		statusText: words.length > 0 ? words.join(', ') : statusWords ?? 'unknown',
	};
}

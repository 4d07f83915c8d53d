// Pure: a NUT device of type pdu (Eaton ePDU, Raritan PX2 through snmp-ups: outlets with current
// and power, often empty descriptions, no `ups.status`) → a `pdu` entity, and the `outlet.N.*`
// groups of any device → `outlet` entities.
import {entityId, type EntityDraft, type Num} from '../../src/entities.js';
import {model, num, outletLocalId, outletNumbers, ownerId, text, type NutVars, type UpsFacts} from './parse-values.js';

type OutletDraft = Extract<EntityDraft, {kind: 'outlet'}>;
type PduDraft = Extract<EntityDraft, {kind: 'pdu'}>;

const loadStates: Readonly<Record<string, PduDraft['loadState']>> = {
	good: 'normal',
	'warning-low': 'low',
	'critical-low': 'low',
	'warning-high': 'near-overload',
	'critical-high': 'overload',
};

/** A NUT device of type pdu → a `pdu` entity. */
export function pduFromVars(facts: UpsFacts, vars: NutVars): PduDraft {
	const phases = Object.keys(vars)
		.map(name => /^input\.(L\d+)\.current$/.exec(name)?.[1])
		.filter((name): name is string => name !== undefined)
		.sort()
		.map(name => ({name, loadAmps: num(vars, `input.${name}.current`)}));
	return {
		id: entityId('pdu', facts.source, facts.ups),
		kind: 'pdu',
		source: facts.source,
		localId: facts.ups,
		name: facts.ups,
		model: model(vars),
		loadAmps: num(vars, 'input.current') ?? sum(phases.map(phase => phase.loadAmps)),
		powerWatts: num(vars, 'input.realpower') ?? sum(outletNumbers(vars).map(number => num(vars, `outlet.${number}.realpower`))),
		energyKwh: null,
		ratingAmps: rating(vars),
		loadState: loadStates[vars['input.current.status']?.trim() ?? ''] ?? 'unknown',
		outletCount: outletNumbers(vars).length,
		phases,
	};
}

/** A rating of 0 is no rating (it would break the load-over-rating rule): the critical level instead, or unknown. */
export function rating(vars: NutVars): Num {
	for (const name of ['input.current.nominal', 'input.current.high.critical']) {
		const value = num(vars, name);
		if (value !== null && value > 0) return value;
	}
	return null;
}

function sum(values: readonly Num[]): Num {
	const known = values.filter((value): value is number => value !== null);
	return known.length === 0 ? null : Math.round(known.reduce((a, b) => a + b, 0) * 100) / 100;
}

/** `outlet.N.*` groups → `outlet` entities belonging to the device (pdu = the ups or pdu entity id). */
export function outletsFromVars(facts: UpsFacts, vars: NutVars): OutletDraft[] {
	const pdu = ownerId(facts, vars);
	return outletNumbers(vars).map(number => {
		const prefix = `outlet.${number}.`;
		const localId = outletLocalId(facts.ups, number);
		return {
			id: entityId('outlet', facts.source, localId),
			kind: 'outlet',
			source: facts.source,
			localId,
			name: text(vars, `${prefix}desc`, `${prefix}name`) ?? `${facts.ups} outlet ${number}`,
			pdu,
			number,
			state: outletState(vars[`${prefix}status`], vars[`${prefix}switch`]),
			loadAmps: num(vars, `${prefix}current`),
			powerWatts: num(vars, `${prefix}realpower`),
		};
	});
}

function outletState(status: string | undefined, legacySwitch: string | undefined): 'on' | 'off' | 'unknown' {
	const value = (status ?? '').trim().toLowerCase();
	if (value === 'on' || value === 'off') return value;
	if (legacySwitch?.trim() === '1') return 'on';
	if (legacySwitch?.trim() === '0') return 'off';
	return 'unknown';
}

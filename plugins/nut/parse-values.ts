// Shared readers of NUT variables for the per-device-type parsers (ups, pdu, ats): numbers with
// NUT's sentinels as null, texts, `ups.status` flags and words, the device type, entity ids.
import {entityId, type EntityKind, type Num, type UpsStatusFlag} from '../../src/entities.js';

export type NutVars = Readonly<Record<string, string>>;

const flagByToken: Readonly<Record<string, UpsStatusFlag>> = {
	OL: 'online',
	OB: 'on-battery',
	LB: 'low-battery',
	RB: 'replace-battery',
	CHRG: 'charging',
	DISCHRG: 'discharging',
	BYPASS: 'bypass',
	OFF: 'off',
	OVER: 'overload',
	FSD: 'forced-shutdown',
	CAL: 'calibrating',
	HE: 'high-efficiency',
};

const wordsByToken: Readonly<Record<string, string>> = {
	OL: 'online',
	OB: 'on battery',
	LB: 'low battery',
	HB: 'high battery',
	RB: 'replace battery',
	CHRG: 'charging',
	DISCHRG: 'discharging',
	BYPASS: 'on bypass',
	OFF: 'off',
	OVER: 'overloaded',
	TRIM: 'trimming voltage',
	BOOST: 'boosting voltage',
	FSD: 'forced shutdown',
	CAL: 'calibrating',
	HE: 'high-efficiency mode',
	ALARM: 'alarm',
	TEST: 'self-test',
	COMM: 'communicating',
	NOCOMM: 'no communication',
	WAIT: 'waiting for driver data',
};

/** `ups.status` ("OB LB DISCHRG") → flags and words; unknown tokens are kept in the words. */
export function parseStatus(status: string | undefined): {flags: UpsStatusFlag[]; text: string} {
	const tokens = (status ?? '').split(/\s+/).filter(Boolean);
	const flags: UpsStatusFlag[] = [];
	for (const token of tokens) {
		const flag = flagByToken[token.toUpperCase()];
		if (flag && !flags.includes(flag)) flags.push(flag);
	}
	const words = tokens.map(token => wordsByToken[token.toUpperCase()] ?? token);
	return {flags, text: words.length > 0 ? words.join(', ') : 'unknown'};
}

/** A numeric variable; absent, non-numeric and NUT's `-1` sentinel are null. */
export function num(vars: NutVars, name: string): Num {
	const raw = vars[name];
	if (raw === undefined || raw.trim() === '') return null;
	const value = Number(raw.trim());
	if (!Number.isFinite(value) || value === -1) return null;
	return value;
}

export function text(vars: NutVars, ...names: string[]): string | null {
	for (const name of names) {
		const value = vars[name]?.trim();
		if (value) return value;
	}
	return null;
}

export type UpsFacts = {
	readonly source: string;
	/** The UPS name on the server (`desk` in `desk@host`). */
	readonly ups: string;
	/** Seconds on battery as the plugin has observed it; null when unknown. */
	readonly timeOnBatterySec?: Num;
};

export function model(vars: NutVars): string | null {
	const name = text(vars, 'device.model', 'ups.model');
	const maker = text(vars, 'device.mfr', 'ups.mfr');
	if (!name) return maker;
	return maker && !name.toLowerCase().startsWith(maker.toLowerCase().split(' ')[0]!) ? `${maker} ${name}` : name;
}

/** What a NUT device is, from `device.type` (ups when absent: older drivers do not say). */
export function deviceType(vars: NutVars): 'ups' | 'pdu' | 'ats' {
	const type = vars['device.type']?.trim().toLowerCase();
	return type === 'pdu' || type === 'ats' ? type : 'ups';
}

/** Whether the NUT device is a PDU (`device.type: pdu`, e.g. an Eaton ePDU through snmp-ups). */
export function isPdu(vars: NutVars): boolean {
	return deviceType(vars) === 'pdu';
}

/** The id of the entity a NUT device becomes: `ups:…`, `pdu:…` or `ats:…`. */
export function ownerId(facts: UpsFacts, vars: NutVars): string {
	const kind: EntityKind = deviceType(vars);
	return entityId(kind, facts.source, facts.ups);
}

/** Outlet numbers present as `outlet.N.*` (N ≥ 1; `outlet.*` alone is the main group). */
export function outletNumbers(vars: NutVars): number[] {
	const numbers = new Set<number>();
	for (const name of Object.keys(vars)) {
		const match = /^outlet\.(\d+)\./.exec(name);
		if (match && Number(match[1]) >= 1) numbers.add(Number(match[1]));
	}
	return [...numbers].sort((a, b) => a - b);
}

/** Local id of outlet N of a UPS: `desk.1`. */
export function outletLocalId(ups: string, number: number): string {
	return `${ups}.${number}`;
}

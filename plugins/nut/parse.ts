// Pure translation of Network UPS Tools data into entities: the upsd line tokenizer, `upsc`-style
// `.dev`/`.seq` dumps (fixtures, the shared corpus, the simulator), `ups.status` flags, and the
// variables of one UPS into a `ups` entity plus one `outlet` entity per `outlet.N.*` group.
import {entityId, type EntityDraft, type Num, type UpsStatusFlag} from '../../src/entities.js';

export type NutVars = Readonly<Record<string, string>>;
type UpsDraft = Extract<EntityDraft, {kind: 'ups'}>;
type OutletDraft = Extract<EntityDraft, {kind: 'outlet'}>;
type PduDraft = Extract<EntityDraft, {kind: 'pdu'}>;

/** Splits one upsd reply line into words; double quotes group, backslash escapes `"` and `\`. */
export function tokenize(line: string): string[] | undefined {
	const words: string[] = [];
	let index = 0;
	while (index < line.length) {
		while (line[index] === ' ' || line[index] === '\t') index++;
		if (index >= line.length) break;
		let word = '';
		if (line[index] === '"') {
			index++;
			let isClosed = false;
			while (index < line.length) {
				const char = line[index]!;
				if (char === '\\' && index + 1 < line.length) {
					word += line[index + 1];
					index += 2;
					continue;
				}
				index++;
				if (char === '"') {
					isClosed = true;
					break;
				}
				word += char;
			}
			if (!isClosed) return undefined;
		} else {
			while (index < line.length && line[index] !== ' ' && line[index] !== '\t') word += line[index++];
		}
		words.push(word);
	}
	return words;
}

/** Quotes a word for a request line (`INSTCMD ups "cmd"` is never needed, but names may have spaces). */
export function quote(word: string): string {
	return /^[A-Za-z0-9._@:-]+$/.test(word) ? word : `"${word.replace(/(["\\])/g, '\\$1')}"`;
}

export type DevDump = {
	/** The variables before the first `TIMER` line. */
	readonly vars: NutVars;
	/** `.seq` files: each `TIMER n` followed by the variables it changes. */
	readonly steps: readonly {readonly afterSec: number; readonly vars: NutVars}[];
};

/** Parses a `upsc` dump (`name: value` lines, `#` comments, inline `#` comments, `TIMER n`). */
export function parseDev(text: string): DevDump {
	const base: Record<string, string> = {};
	const steps: {afterSec: number; vars: Record<string, string>}[] = [];
	let current = base;
	for (const raw of text.split(/\r?\n/)) {
		const line = stripComment(raw).trim();
		if (!line) continue;
		const timer = /^TIMER\s+(\d+(?:\.\d+)?)$/.exec(line);
		if (timer) {
			const step = {afterSec: Number(timer[1]), vars: {}};
			steps.push(step);
			current = step.vars;
			continue;
		}
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim();
		if (!/^[A-Za-z0-9_.-]+$/.test(name)) continue;
		current[name] = unquote(line.slice(colon + 1).trim());
	}
	return {vars: base, steps};
}

function stripComment(line: string): string {
	if (line.trimStart().startsWith('#')) return '';
	const match = /\s#/.exec(line);
	return match ? line.slice(0, match.index) : line;
}

function unquote(value: string): string {
	return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

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

function text(vars: NutVars, ...names: string[]): string | null {
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

/** The variables of one UPS → its `ups` entity. */
export function upsFromVars(facts: UpsFacts, vars: NutVars): UpsDraft {
	const {flags, text: statusText} = parseStatus(vars['ups.status']);
	const loadPercent = num(vars, 'ups.load');
	const nominalWatts = num(vars, 'ups.realpower.nominal');
	const measured = num(vars, 'ups.realpower');
	const loadWatts = measured ?? (loadPercent !== null && nominalWatts !== null ? (loadPercent * nominalWatts) / 100 : null);
	return {
		id: entityId('ups', facts.source, facts.ups),
		kind: 'ups',
		source: facts.source,
		localId: facts.ups,
		name: facts.ups,
		model: model(vars),
		flags,
		statusText,
		chargePercent: num(vars, 'battery.charge'),
		runtimeSec: num(vars, 'battery.runtime'),
		loadPercent,
		loadWatts,
		nominalWatts,
		inputVolts: num(vars, 'input.voltage'),
		outputVolts: num(vars, 'output.voltage'),
		batteryTempCelsius: num(vars, 'battery.temperature'),
		lastTransferReason: text(vars, 'input.transfer.reason'),
		selfTestResult: text(vars, 'ups.test.result'),
		selfTestDate: text(vars, 'ups.test.date'),
		timeOnBatterySec: facts.timeOnBatterySec ?? null,
	};
}

function model(vars: NutVars): string | null {
	const name = text(vars, 'device.model', 'ups.model');
	const maker = text(vars, 'device.mfr', 'ups.mfr');
	if (!name) return maker;
	return maker && !name.toLowerCase().startsWith(maker.toLowerCase().split(' ')[0]!) ? `${maker} ${name}` : name;
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

/** Whether the NUT device is a PDU (`device.type: pdu`, e.g. an Eaton ePDU through snmp-ups). */
export function isPdu(vars: NutVars): boolean {
	return vars['device.type']?.trim().toLowerCase() === 'pdu';
}

/** The id of the entity a NUT device becomes: `ups:…`, or `pdu:…` for a PDU. */
export function ownerId(facts: UpsFacts, vars: NutVars): string {
	return entityId(isPdu(vars) ? 'pdu' : 'ups', facts.source, facts.ups);
}

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
		loadAmps: num(vars, 'input.current'),
		powerWatts: num(vars, 'input.realpower'),
		energyKwh: null,
		ratingAmps: num(vars, 'input.current.nominal'),
		loadState: loadStates[vars['input.current.status']?.trim() ?? ''] ?? 'unknown',
		outletCount: outletNumbers(vars).length,
		phases,
	};
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

/** Whether the UPS has no usable data yet (`WAIT`) or its status is missing (a PDU has none). */
export function hasNoData(vars: NutVars): boolean {
	const status = vars['ups.status']?.trim();
	if (!status) return !isPdu(vars);
	return status.toUpperCase() === 'WAIT';
}

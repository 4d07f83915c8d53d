// Pure: a UPS's SNMP answers → one `ups` entity. APC PowerNet first (high-precision values over the
// basic/advanced ones), the RFC 1628 UPS-MIB otherwise. Sentinels and impossible values (−1,
// 4294967295, 2147483647, −273 °C, a load OID the card does not answer) are null, never a number.
import type {UpsEntity, UpsStatusFlag} from '../../src/entities.js';
import {entityId} from '../../src/entities.js';
import {DeviceReplyError} from '../../src/errors.js';
import {cleanNumber, column, first, hasAny, num, round, str, type VarMap} from '../../protocols/snmp/values.js';
import {apcUps, rfcUps, sysName} from './oids.js';
import {apcPhases, phaseSummary, phaseWatts} from './parse-phases.js';

export type UpsParseOptions = {
	readonly source: string;
	readonly name?: string;
	/** Nominal real power from the config, for loadWatts = load % × nominal. */
	readonly nominalWatts?: number;
};

type Draft = Omit<UpsEntity, 'seenAt'>;

/** upsBasicOutputStatus → flags. */
const apcOutputStatus: Record<number, {text: string; flags: UpsStatusFlag[]}> = {
	1: {text: 'unknown', flags: []},
	2: {text: 'online', flags: ['online']},
	3: {text: 'on battery', flags: ['on-battery']},
	4: {text: 'online (smart boost)', flags: ['online']},
	5: {text: 'sleeping (timed)', flags: ['off']},
	6: {text: 'software bypass', flags: ['bypass']},
	7: {text: 'off', flags: ['off']},
	8: {text: 'rebooting', flags: ['off']},
	9: {text: 'switched bypass', flags: ['bypass']},
	10: {text: 'hardware failure bypass', flags: ['bypass']},
	11: {text: 'sleeping until power returns', flags: ['off']},
	12: {text: 'online (smart trim)', flags: ['online']},
	13: {text: 'eco mode', flags: ['online', 'high-efficiency']},
	14: {text: 'hot standby', flags: ['online']},
	15: {text: 'on battery (test)', flags: ['on-battery', 'calibrating']},
	16: {text: 'emergency static bypass', flags: ['bypass']},
	17: {text: 'static bypass standby', flags: ['bypass']},
	18: {text: 'power saving mode', flags: ['online', 'high-efficiency']},
	19: {text: 'spot mode', flags: ['online']},
	20: {text: 'eConversion', flags: ['online', 'high-efficiency']},
};

/** upsBasicStateOutputState: position (1-based) of a '1' → flag. */
const apcStateBits: Record<number, UpsStatusFlag> = {2: 'on-battery', 3: 'low-battery', 4: 'online', 5: 'replace-battery', 9: 'overload', 10: 'calibrating', 12: 'bypass', 13: 'bypass', 14: 'bypass', 15: 'bypass', 16: 'bypass', 29: 'calibrating'};
/** upsAdvStateAbnormalConditions: 4 battery failure, 11–13 in bypass, 5 load alarm threshold. */
const apcAbnormalBits: Record<number, UpsStatusFlag> = {4: 'replace-battery', 5: 'overload', 11: 'bypass', 12: 'bypass', 13: 'bypass'};

const lineFailCauses: Record<number, string> = {1: 'no transfer', 2: 'high line voltage', 3: 'brownout', 4: 'blackout', 5: 'small momentary sag', 6: 'deep momentary sag', 7: 'small momentary spike', 8: 'large momentary spike', 9: 'self test', 10: 'rate of voltage change'};
const apcTestResults: Record<number, string> = {1: 'passed', 2: 'failed', 3: 'invalid test', 4: 'in progress'};
const rfcTestResults: Record<number, string> = {1: 'passed', 2: 'warning', 3: 'error', 4: 'aborted', 5: 'in progress', 6: 'no test initiated'};
const rfcOutputSource: Record<number, {text: string; flags: UpsStatusFlag[]}> = {
	1: {text: 'other', flags: []}, 2: {text: 'no output', flags: ['off']}, 3: {text: 'online', flags: ['online']}, 4: {text: 'bypass', flags: ['bypass']},
	5: {text: 'on battery', flags: ['on-battery']}, 6: {text: 'online (booster)', flags: ['online']}, 7: {text: 'online (reducer)', flags: ['online']},
};
/** upsWellKnownAlarms (…33.1.6.3.N) → flag. */
const rfcAlarms: Record<number, UpsStatusFlag> = {1: 'replace-battery', 2: 'on-battery', 3: 'low-battery', 4: 'low-battery', 8: 'overload', 9: 'bypass', 14: 'off', 15: 'off', 24: 'calibrating'};

const flagWords: Record<UpsStatusFlag, string> = {
	'online': 'online', 'on-battery': 'on battery', 'low-battery': 'low battery', 'bypass': 'bypass', 'off': 'off', 'overload': 'overload',
	'replace-battery': 'replace battery', 'calibrating': 'calibrating', 'charging': 'charging', 'discharging': 'discharging', 'forced-shutdown': 'forced shutdown', 'high-efficiency': 'high efficiency',
};

function bits(text: string | null, map: Record<number, UpsStatusFlag>): UpsStatusFlag[] {
	if (!text || !/^[01]+$/.test(text)) return [];
	return [...text].flatMap((bit, index) => (bit === '1' && map[index + 1] ? [map[index + 1]!] : []));
}

function ordered(flags: readonly UpsStatusFlag[]): UpsStatusFlag[] {
	const set = new Set(flags);
	if (set.has('on-battery')) set.delete('online');
	return (Object.keys(flagWords) as UpsStatusFlag[]).filter(flag => set.has(flag));
}

function statusText(flags: readonly UpsStatusFlag[], fallback: string): string {
	if (flags.length === 0) return fallback;
	const words = flags.map(flag => flagWords[flag]);
	return words[0]!.charAt(0).toUpperCase() + words.join(', ').slice(1);
}

function loadWatts(loadPercent: number | null, nominal: number | null): number | null {
	return loadPercent === null || nominal === null ? null : Math.round((loadPercent / 100) * nominal);
}

function parseApc(vars: VarMap, options: UpsParseOptions, base: Pick<Draft, 'id' | 'kind' | 'source' | 'localId'>): Draft {
	const output = apcOutputStatus[num(vars, apcUps.outputStatus) ?? 1] ?? apcOutputStatus[1]!;
	const flags: UpsStatusFlag[] = [...output.flags, ...bits(str(vars, apcUps.basicState), apcStateBits), ...bits(str(vars, apcUps.abnormalConditions), apcAbnormalBits)];
	if (num(vars, apcUps.batteryStatus) === 3) flags.push('low-battery');
	if (num(vars, apcUps.replaceIndicator) === 2) flags.push('replace-battery');
	const phases = apcPhases(vars);
	const summary = phaseSummary(phases);
	const loadPercent = first(num(vars, apcUps.hpOutputLoad, {scale: 10, min: 0, max: 200}), num(vars, apcUps.outputLoad, {min: 0, max: 200}), summary.loadPercent);
	const nominal = options.nominalWatts ?? null;
	const measuredWatts = first(num(vars, apcUps.outputActivePower, {min: 0, max: 1_000_000}), phaseWatts(vars));
	const sorted = ordered(flags);
	const isOnBattery = sorted.includes('on-battery');
	return {
		...base,
		name: options.name ?? str(vars, apcUps.name) ?? str(vars, sysName) ?? str(vars, apcUps.model) ?? options.source,
		model: str(vars, apcUps.model),
		flags: sorted,
		statusText: statusText(sorted, output.text),
		chargePercent: first(num(vars, apcUps.hpCapacity, {scale: 10, min: 0, max: 100}), num(vars, apcUps.capacity, {min: 0, max: 100})),
		runtimeSec: num(vars, apcUps.runtime, {scale: 100, min: 0, max: 30 * 86_400}),
		loadPercent: round(loadPercent, 1),
		loadWatts: measuredWatts ?? loadWatts(loadPercent, nominal),
		nominalWatts: nominal,
		inputVolts: first(num(vars, apcUps.hpInputVoltage, {scale: 10, min: 0, max: 500}), num(vars, apcUps.inputVoltage, {min: 0, max: 500}), summary.inputVolts),
		outputVolts: first(num(vars, apcUps.hpOutputVoltage, {scale: 10, min: 0, max: 500}), num(vars, apcUps.outputVoltage, {min: 0, max: 500}), summary.outputVolts),
		batteryTempCelsius: first(num(vars, apcUps.hpTemperature, {scale: 10, min: -40, max: 120}), num(vars, apcUps.temperature, {min: -40, max: 120})),
		lastTransferReason: lineFailCauses[num(vars, apcUps.lineFailCause) ?? 0] ?? null,
		selfTestResult: apcTestResults[num(vars, apcUps.testResult) ?? 0] ?? null,
		selfTestDate: str(vars, apcUps.testDate),
		timeOnBatterySec: isOnBattery || vars.has(apcUps.timeOnBattery) ? num(vars, apcUps.timeOnBattery, {scale: 100, min: 0}) : null,
		...(phases.length > 0 ? {phases} : {}),
	};
}

function parseRfc1628(vars: VarMap, options: UpsParseOptions, base: Pick<Draft, 'id' | 'kind' | 'source' | 'localId'>): Draft {
	const output = rfcOutputSource[num(vars, rfcUps.outputSource) ?? 1] ?? rfcOutputSource[1]!;
	const flags: UpsStatusFlag[] = [...output.flags];
	const battery = num(vars, rfcUps.batteryStatus);
	if (battery === 3 || battery === 4) flags.push('low-battery');
	for (const alarm of column(vars, rfcUps.alarmEntry, 2).values()) {
		if (typeof alarm === 'string' && alarm.startsWith(`${rfcUps.wellKnownAlarms}.`)) {
			const flag = rfcAlarms[Number(alarm.slice(rfcUps.wellKnownAlarms.length + 1))];
			if (flag) flags.push(flag);
		}
	}
	const outputs = [...column(vars, rfcUps.outputEntry, 5).values()].map(value => cleanNumber(value, {min: 0, max: 200})).filter((value): value is number => value !== null);
	const loadPercent = outputs.length > 0 ? Math.max(...outputs) : null;
	const powers = [...column(vars, rfcUps.outputEntry, 4).values()].map(value => cleanNumber(value, {min: 0})).filter((value): value is number => value !== null);
	const nominal = options.nominalWatts ?? num(vars, rfcUps.configOutputPower, {min: 1});
	const measured = powers.length > 0 ? powers.reduce((sum, value) => sum + value, 0) : null;
	// A few watts at a double-digit load (Huawei UPS2000 reports 1 W at 27 %) is not a reading.
	const isPlausible = measured !== null && !(loadPercent !== null && loadPercent >= 5 && measured < 10);
	const manufacturer = str(vars, rfcUps.manufacturer);
	const model = str(vars, rfcUps.model);
	const sorted = ordered(flags);
	const minutes = num(vars, rfcUps.minutesRemaining, {min: 0, max: 100_000});
	return {
		...base,
		name: options.name ?? str(vars, rfcUps.name) ?? str(vars, sysName) ?? model ?? options.source,
		model: manufacturer && model ? `${manufacturer} ${model}` : model ?? manufacturer,
		flags: sorted,
		statusText: statusText(sorted, `Unknown (output source: ${output.text})`),
		chargePercent: num(vars, rfcUps.charge, {min: 0, max: 100}),
		runtimeSec: minutes === null ? null : minutes * 60,
		loadPercent,
		loadWatts: isPlausible ? measured : loadWatts(loadPercent, nominal),
		nominalWatts: nominal,
		inputVolts: cleanNumber(column(vars, rfcUps.inputEntry, 3).values().next().value, {min: 0, max: 500}),
		outputVolts: cleanNumber(column(vars, rfcUps.outputEntry, 2).values().next().value, {min: 0, max: 500}),
		batteryTempCelsius: num(vars, rfcUps.temperature, {min: -40, max: 120}),
		lastTransferReason: null,
		selfTestResult: rfcTestResults[num(vars, rfcUps.testSummary) ?? 0] ?? null,
		selfTestDate: null,
		timeOnBatterySec: num(vars, rfcUps.secondsOnBattery, {min: 0}),
	};
}

export function parseUps(vars: VarMap, options: UpsParseOptions): Draft {
	const base = {id: entityId('ups', options.source, 'ups'), kind: 'ups' as const, source: options.source, localId: 'ups'};
	if (hasAny(vars, '1.3.6.1.4.1.318.1.1.1')) return parseApc(vars, options, base);
	if (hasAny(vars, '1.3.6.1.2.1.33.1')) return parseRfc1628(vars, options, base);
	throw new DeviceReplyError({source: options.source, operation: 'poll'}, 'neither the APC PowerNet UPS group nor the UPS-MIB (RFC 1628) answered: not a UPS, or the wrong community');
}

// Pure: the variables of one NUT UPS → its `ups` entity. Beyond the plain single-phase set it
// reads three-phase units (`input.L1-N.voltage`, `input.L1.current`, `output.L1.power.percent`…)
// when the single-phase variables are absent, shows `ups.alarm` texts, takes `ups.temperature`
// (as the UPS's own temperature) when there is no battery temperature, turns impossible values
// (−272 °C, a 16-bit saturated runtime of 65535 s) into unknown, and reads charge 0 + runtime 0
// while online with RB as a battery fault rather than a runtime emergency.
import {entityId, type EntityDraft, type Num, type UpsPhase} from '../../src/entities.js';
import {model, num, parseStatus, text, type NutVars, type UpsFacts} from './parse-values.js';

type UpsDraft = Extract<EntityDraft, {kind: 'ups'}>;

/** A number inside a plausible range, else unknown. */
function within(value: Num, min: number, max: number): Num {
	return value === null || value < min || value > max ? null : value;
}

/** `battery.runtime`: 65535 (and 65534) is a saturated 16-bit counter some drivers report, not a runtime. */
function runtime(vars: NutVars): Num {
	const value = within(num(vars, 'battery.runtime'), 0, 30 * 86_400);
	return value === null || value >= 65_534 && value <= 65_535 ? null : value;
}

const phaseNames = ['L1', 'L2', 'L3'] as const;

/** Per-phase values of a three-phase unit, as NUT names them; empty for a single-phase one. */
export function nutPhases(vars: NutVars): UpsPhase[] {
	const phases: UpsPhase[] = [];
	for (const direction of ['input', 'output', 'bypass'] as const) {
		for (const [index, phase] of phaseNames.entries()) {
			const next = phaseNames[(index + 1) % 3]!;
			const toNeutral = within(num(vars, `${direction}.${phase}-N.voltage`), 1, 1000);
			const toLine = within(num(vars, `${direction}.${phase}-${next}.voltage`), 1, 1000);
			const amps = within(num(vars, `${direction}.${phase}.current`), 0, 10_000);
			const loadPercent = within(num(vars, `${direction}.${phase}.power.percent`) ?? num(vars, `${direction}.${phase}.realpower.percent`), 0, 200);
			if (toNeutral === null && toLine === null && amps === null && loadPercent === null) continue;
			phases.push({
				name: `${direction} ${phase}`,
				direction,
				volts: toNeutral ?? toLine,
				voltage: toNeutral !== null ? 'line-to-neutral' : toLine !== null ? 'line-to-line' : 'unknown',
				amps,
				loadPercent,
			});
		}
	}
	return phases;
}

function mean(values: readonly Num[]): Num {
	const known = values.filter((value): value is number => value !== null);
	return known.length === 0 ? null : Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10) / 10;
}

function max(values: readonly Num[]): Num {
	const known = values.filter((value): value is number => value !== null);
	return known.length === 0 ? null : Math.max(...known);
}

export function upsFromVars(facts: UpsFacts, vars: NutVars): UpsDraft {
	const status = parseStatus(vars['ups.status']);
	const phases = nutPhases(vars);
	const of = (direction: UpsPhase['direction']) => phases.filter(phase => phase.direction === direction);
	const loadPercent = within(num(vars, 'ups.load'), 0, 200) ?? max(of('output').map(phase => phase.loadPercent));
	const nominalWatts = within(num(vars, 'ups.realpower.nominal'), 1, 1_000_000);
	const measured = within(num(vars, 'ups.realpower'), 0, 1_000_000);
	const loadWatts = measured ?? (loadPercent !== null && nominalWatts !== null ? (loadPercent * nominalWatts) / 100 : null);
	const charge = within(num(vars, 'battery.charge'), 0, 100);
	const runtimeSec = runtime(vars);
	const batteryTemp = within(num(vars, 'battery.temperature'), -50, 150);
	const upsTemp = 'battery.temperature' in vars ? null : within(num(vars, 'ups.temperature'), -50, 150);
	const isBatteryFault = charge === 0 && runtimeSec === 0 && status.flags.includes('online') && !status.flags.includes('on-battery') && status.flags.includes('replace-battery');
	const alarm = text(vars, 'ups.alarm');
	const words = status.text.split(', ').map(word => (word === 'alarm' && alarm ? `alarm: ${alarm}` : word));
	if (alarm && !words.some(word => word.startsWith('alarm'))) words.push(`alarm: ${alarm}`);
	if (isBatteryFault) words.unshift('battery fault (charge 0 %, runtime 0)');
	return {
		id: entityId('ups', facts.source, facts.ups),
		kind: 'ups',
		source: facts.source,
		localId: facts.ups,
		name: facts.ups,
		model: model(vars),
		flags: status.flags,
		statusText: words.join(', '),
		chargePercent: charge,
		// Runtime 0 from a failed battery is not a countdown: unknown, so the runtime rule stays quiet.
		runtimeSec: isBatteryFault ? null : runtimeSec,
		loadPercent,
		loadWatts,
		nominalWatts,
		inputVolts: within(num(vars, 'input.voltage'), 0, 1000) ?? mean(of('input').map(phase => phase.volts)),
		outputVolts: within(num(vars, 'output.voltage'), 0, 1000) ?? mean(of('output').map(phase => phase.volts)),
		batteryTempCelsius: batteryTemp,
		lastTransferReason: text(vars, 'input.transfer.reason'),
		selfTestResult: text(vars, 'ups.test.result'),
		selfTestDate: text(vars, 'ups.test.date'),
		timeOnBatterySec: facts.timeOnBatterySec ?? null,
		...(phases.length > 0 ? {phases} : {}),
		...(alarm ? {alarms: [alarm]} : {}),
		...(upsTemp !== null ? {upsTempCelsius: upsTemp} : {}),
		...(isBatteryFault ? {isBatteryFault} : {}),
	};
}

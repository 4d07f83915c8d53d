// UPS OIDs: APC PowerNet-MIB (upsBasic/upsAdv and the high-precision group, in tenths, that NMC2/NMC3
// cards answer instead of the basic ones) and the standard UPS-MIB (RFC 1628) for other vendors.
const apc = '1.3.6.1.4.1.318.1.1.1';
const rfc = '1.3.6.1.2.1.33.1';

export const apcUps = {
	model: `${apc}.1.1.1.0`,
	name: `${apc}.1.1.2.0`,
	batteryStatus: `${apc}.2.1.1.0`,
	timeOnBattery: `${apc}.2.1.2.0`,
	capacity: `${apc}.2.2.1.0`,
	temperature: `${apc}.2.2.2.0`,
	runtime: `${apc}.2.2.3.0`,
	replaceIndicator: `${apc}.2.2.4.0`,
	hpCapacity: `${apc}.2.3.1.0`,
	hpTemperature: `${apc}.2.3.2.0`,
	inputVoltage: `${apc}.3.2.1.0`,
	lineFailCause: `${apc}.3.2.5.0`,
	hpInputVoltage: `${apc}.3.3.1.0`,
	outputStatus: `${apc}.4.1.1.0`,
	outputVoltage: `${apc}.4.2.1.0`,
	outputLoad: `${apc}.4.2.3.0`,
	/** upsAdvOutputActivePower: real output power, W (many Smart-UPS cards). */
	outputActivePower: `${apc}.4.2.8.0`,
	hpOutputVoltage: `${apc}.4.3.1.0`,
	hpOutputLoad: `${apc}.4.3.3.0`,
	testResult: `${apc}.7.2.3.0`,
	testDate: `${apc}.7.2.4.0`,
	basicState: `${apc}.11.1.1.0`,
	abnormalConditions: `${apc}.11.2.1.0`,
} as const;

/**
 * upsPhase group of three-phase units (Galaxy, Symmetra 3-phase). Rows of the phase tables are
 * indexed `table.1.phase` (table 1 = main input or the output, 2 = bypass input); `-1` marks a
 * phase the unit does not have.
 */
export const apcPhase = {
	group: `${apc}.9`,
	/** upsPhaseInputEntry: 3 voltage orientation, 5 input type (2 main, 3 bypass). */
	inputEntry: `${apc}.9.2.2.1`,
	/** upsPhaseInputPhaseEntry: 3 voltage (V), 6 current (tenths A), 9 power (W). */
	inputPhaseEntry: `${apc}.9.2.3.1`,
	/** upsPhaseOutputEntry: 3 voltage orientation. */
	outputEntry: `${apc}.9.3.2.1`,
	/** upsPhaseOutputPhaseEntry: 3 voltage (V), 4 current (tenths A), 10 percent load (VA), 13 power (W). */
	outputPhaseEntry: `${apc}.9.3.3.1`,
} as const;

export const rfcUps = {
	manufacturer: `${rfc}.1.1.0`,
	model: `${rfc}.1.2.0`,
	name: `${rfc}.1.5.0`,
	batteryStatus: `${rfc}.2.1.0`,
	secondsOnBattery: `${rfc}.2.2.0`,
	minutesRemaining: `${rfc}.2.3.0`,
	charge: `${rfc}.2.4.0`,
	temperature: `${rfc}.2.7.0`,
	/** upsInputEntry: 3 voltage (V). */
	inputEntry: `${rfc}.3.3.1`,
	outputSource: `${rfc}.4.1.0`,
	/** upsOutputEntry: 2 voltage (V), 4 power (W), 5 percent load. */
	outputEntry: `${rfc}.4.4.1`,
	alarmsPresent: `${rfc}.6.1.0`,
	/** upsAlarmEntry: 2 descr (an OID under upsWellKnownAlarms). */
	alarmEntry: `${rfc}.6.2.1`,
	wellKnownAlarms: `${rfc}.6.3`,
	testSummary: `${rfc}.7.3.0`,
	configOutputPower: `${rfc}.9.6.0`,
} as const;

export const sysName = '1.3.6.1.2.1.1.5.0';

export const upsScalars = [sysName, ...Object.values(apcUps), ...Object.values(rfcUps).filter(oid => oid.endsWith('.0'))];
/** The upsPhase group is one walk: empty (one request) on single-phase cards. */
export const upsSubtrees = [rfcUps.inputEntry, rfcUps.outputEntry, rfcUps.alarmEntry, apcPhase.group];

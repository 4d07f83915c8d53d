// PowerNet-MIB OIDs for APC rack PDUs, by table generation. Table entries are given as the entry
// OID (…Table.1); a cell is `${entry}.${column}.${index}`.
const apc = '1.3.6.1.4.1.318.1.1';

export const sys = {
	descr: '1.3.6.1.2.1.1.1.0',
	objectId: '1.3.6.1.2.1.1.2.0',
	name: '1.3.6.1.2.1.1.5.0',
} as const;

/** MasterSwitch (sPDU, AP96xx cards and the compatibility table of later units). */
export const sPdu = {
	model: `${apc}.4.1.4.0`,
	/** sPDUOutletControlEntry: 1 index, 2 pending, 3 sPDUOutletCtl (1 on, 2 off, 3 reboot; read: 1 on, 2 off), 4 name. */
	outletEntry: `${apc}.4.4.2.1`,
	outletCtlColumn: 3,
	outletNameColumn: 4,
} as const;

/** rPDU (AP79xx incl. AP7921, and the metering group of rPDU2 units). */
export const rPdu = {
	name: `${apc}.12.1.1.0`,
	model: `${apc}.12.1.5.0`,
	rating: `${apc}.12.1.7.0`,
	numOutlets: `${apc}.12.1.8.0`,
	numPhases: `${apc}.12.1.9.0`,
	powerWatts: `${apc}.12.1.16.0`,
	loadDevice: `${apc}.12.2.1`,
	/** rPDULoadPhaseConfigEntry: 1 index, 2 low, 3 near-overload, 4 overload threshold (A). */
	phaseConfigEntry: `${apc}.12.2.2.1.1`,
	/** rPDULoadStatusEntry: 1 index, 2 load (tenths A), 3 state, 4 phase number, 5 bank number. */
	loadStatusEntry: `${apc}.12.2.3.1.1`,
	/** rPDUOutletControlEntry: 1 index, 2 name, 3 phase, 4 command (1 on, 2 off, 3 reboot). */
	outletControlEntry: `${apc}.12.3.3.1.1`,
	/** rPDUOutletStatusEntry: 1 index, 2 name, 3 phase, 4 state (1 on, 2 off), 5 pending, 6 bank, 7 load (tenths A). */
	outletStatusEntry: `${apc}.12.3.5.1.1`,
} as const;

/** rPDU2 (switched/metered 2G: AP79xxB, AP8xxx, APDU9xxx). */
export const rPdu2 = {
	/** rPDU2IdentEntry: 8 model number. */
	identEntry: `${apc}.26.2.1`,
	/** rPDU2DeviceStatusEntry: 3 name, 4 load state, 5 power (hundredths kW), 9 energy (tenths kWh). */
	deviceStatusEntry: `${apc}.26.4.3.1`,
	/** rPDU2PhaseStatusEntry: 3 number, 4 load state, 5 current (tenths A), 6 voltage, 7 power (hundredths kW). */
	phaseStatusEntry: `${apc}.26.6.3.1`,
	/** rPDU2BankStatusEntry: 3 number, 4 load state, 5 current (tenths A). */
	bankStatusEntry: `${apc}.26.8.3.1`,
	/** rPDU2OutletSwitchedStatusEntry: 3 name, 4 number, 5 state (1 off, 2 on), 6 pending. */
	switchedStatusEntry: `${apc}.26.9.2.3.1`,
	/** rPDU2OutletSwitchedControlEntry: 5 command (1 immediateOn, 2 immediateOff, 3 immediateReboot). */
	switchedControlEntry: `${apc}.26.9.2.4.1`,
	/** rPDU2OutletMeteredStatusEntry: 3 name, 4 number, 6 current (tenths A), 7 power (W), 11 energy (tenths kWh). */
	meteredStatusEntry: `${apc}.26.9.4.3.1`,
} as const;

/** Easy PDU / ePDU (EPDU1016M…, 1.3.6.1.4.1.318.1.1.30): metered, outlet states without loads. */
export const ePdu = {
	/** ePDUDeviceStatusEntry: 4 model number, 7 active power (W). */
	deviceStatusEntry: `${apc}.30.2.1.1`,
	/** ePDUPhaseStatusEntry: 3 number, 4 voltage (tenths V), 5 current (hundredths A), 6 active power (W). */
	phaseStatusEntry: `${apc}.30.4.2.1`,
	numOutlets: `${apc}.30.5.0`,
	/** ePDUOutletStatusEntry: 3 number, 4 state (1 off, 2 on). */
	outletStatusEntry: `${apc}.30.6.1.1`,
} as const;

/** Rack automatic transfer switch (AP44xx, 1.3.6.1.4.1.318.1.1.8). */
export const ats = {
	model: `${apc}.8.1.5.0`,
	name: `${apc}.8.4.1.0`,
	/** 1 source A, 2 source B. */
	preferredSource: `${apc}.8.4.2.0`,
	selectedSource: `${apc}.8.5.1.2.0`,
	/** 1 redundancy lost, 2 fully redundant. */
	redundancy: `${apc}.8.5.1.3.0`,
	/** 1 fail, 2 ok. */
	sourceAStatus: `${apc}.8.5.1.12.0`,
	sourceBStatus: `${apc}.8.5.1.13.0`,
	/** atsInputEntry: 4 frequency (Hz), 6 name. */
	inputEntry: `${apc}.8.5.3.2.1`,
	/** atsInputPhaseEntry (input.1.phase): 3 voltage (V). */
	inputPhaseEntry: `${apc}.8.5.3.3.1`,
	/** atsOutputBankEntry: 3 bank (1 total, 2 bank 1, 3 bank 2…), 4 current (tenths A), 6 voltage, 15 power (W). */
	outputBankEntry: `${apc}.8.5.4.5.1`,
} as const;

/** The identity scalars of other APC products: an agent that answers these is not a PDU. */
export const otherProducts = {
	upsModel: `${apc}.1.1.1.1.0`,
	upsName: `${apc}.1.1.1.2.0`,
} as const;

/** Groups of modular/three-phase distribution products (xPDU, ISX modular distribution and PDU) refused by this plugin. */
export const modularGroups = [`${apc}.15`, `${apc}.22`, `${apc}.23`] as const;

/** Subtrees one poll walks (GETBULK), beside one GET of the scalars below. */
export const pollSubtrees = [
	sPdu.outletEntry,
	rPdu.loadDevice,
	rPdu.phaseConfigEntry,
	rPdu.loadStatusEntry,
	rPdu.outletStatusEntry,
	rPdu2.deviceStatusEntry,
	rPdu2.phaseStatusEntry,
	rPdu2.bankStatusEntry,
	rPdu2.switchedStatusEntry,
	rPdu2.meteredStatusEntry,
	ePdu.deviceStatusEntry,
	ePdu.phaseStatusEntry,
	ePdu.outletStatusEntry,
] as const;

/** Walked only when the agent answered as an ATS. */
export const atsSubtrees = [ats.inputEntry, ats.inputPhaseEntry, ats.outputBankEntry] as const;

export const pollScalars = [
	sys.descr,
	sys.objectId,
	sys.name,
	sPdu.model,
	rPdu.name,
	rPdu.model,
	rPdu.rating,
	rPdu.numOutlets,
	rPdu.numPhases,
	rPdu.powerWatts,
	`${rPdu2.identEntry}.8.1`,
	ePdu.numOutlets,
	ats.model,
	ats.name,
	ats.preferredSource,
	ats.selectedSource,
	ats.redundancy,
	ats.sourceAStatus,
	ats.sourceBStatus,
	otherProducts.upsModel,
	otherProducts.upsName,
] as const;

/** Outlet command values, the same in all three generations. */
export const outletCommand = {on: 1, off: 2, reboot: 3} as const;

export type Generation = 'rpdu2' | 'rpdu' | 'spdu';

/** Where to SET the command and read the state back, per generation. */
export function controlOid(generation: Generation, index: number): string {
	if (generation === 'rpdu2') return `${rPdu2.switchedControlEntry}.5.${index}`;
	if (generation === 'rpdu') return `${rPdu.outletControlEntry}.4.${index}`;
	return `${sPdu.outletEntry}.${sPdu.outletCtlColumn}.${index}`;
}

export function stateOid(generation: Generation, index: number): string {
	if (generation === 'rpdu2') return `${rPdu2.switchedStatusEntry}.5.${index}`;
	if (generation === 'rpdu') return `${rPdu.outletStatusEntry}.4.${index}`;
	return `${sPdu.outletEntry}.${sPdu.outletCtlColumn}.${index}`;
}

/** The state a state OID's value means, per generation (rPDU2 counts off as 1, the others on as 1). */
export function decodeState(generation: Generation, value: unknown): 'on' | 'off' | 'unknown' {
	if (typeof value !== 'number') return 'unknown';
	if (generation === 'rpdu2') return value === 2 ? 'on' : value === 1 ? 'off' : 'unknown';
	return value === 1 ? 'on' : value === 2 ? 'off' : 'unknown';
}

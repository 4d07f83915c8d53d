// The demo lab's shapes: the lab data (app/demo/lab.ts), the world the simulators share, and the
// contract of a simulator adapter (app/demo/sims/<sim>.ts, one line in app/demo/simulators.ts).
import type {EventEmitter} from 'node:events';

/** A part a simulator plays for a device: `source` names the simulator entry; the rest is the adapter's. */
export type DemoPart = {readonly source: string} & Readonly<Record<string, unknown>>;

/** One physical thing of the demo lab (a machine, the PDU, a UPS). */
export type DemoDevice = {
	readonly id: string;
	readonly name?: string;
	readonly rack?: string;
	/** Lowest rack unit it occupies. */
	readonly u?: number;
	readonly height?: number;
	/** The PDU outlet feeding it, and what it draws when on (W). */
	readonly outlet?: {readonly pdu: string; readonly number: number; readonly watts: number};
	/** The UPS entity behind it; the feeding PDU device's `ups` when absent. */
	readonly ups?: string;
	/** Shed-load priority (lower sheds first). */
	readonly priority?: number;
	/** When its outlet's power comes back: 'on' (absent) powers it up; 'off' waits for a BMC power-on. */
	readonly restore?: 'on' | 'off';
	/** The simulators that play this device, each with its part. */
	readonly playedBy?: readonly DemoPart[];
};

/** One simulator instance: the adapter (`sim`) and the source id its config block gets. */
export type DemoSimulator = {readonly sim: string; readonly source: string; readonly name: string} & Readonly<Record<string, unknown>>;

/** What a drill does; each adapter acts on the fields it knows. */
export type DemoScenario = {
	readonly description: string;
	/** Mains lost after this many seconds (UPSes go on battery). */
	readonly mainsLostAfterSec?: number;
	/** A Proxmox node goes offline. */
	readonly nodeDown?: {readonly device: string; readonly afterSec: number};
	/** A GPU heats past its slowdown threshold. */
	readonly gpuOverheat?: {readonly device: string; readonly gpu: number};
	/** A machine's power supply fails (redundancy lost), then a fan, as its BMC reports them. */
	readonly psuFailure?: {readonly device: string; readonly afterSec: number; readonly fanAfterSec: number};
};

export type DemoLabData = {
	readonly racks: readonly {readonly id: string; readonly name: string; readonly height: number}[];
	/** Mains voltage. */
	readonly volts: number;
	/** Source blocks that need no simulator (the local machine). */
	readonly sources: readonly Readonly<Record<string, unknown>>[];
	readonly simulators: readonly DemoSimulator[];
	readonly devices: readonly DemoDevice[];
	readonly scenarios: Readonly<Record<string, DemoScenario>>;
};

/**
 * Cross-simulator state: events `outlet` {pdu: pdu entity id, outlet, state}, `power` {device,
 * isOn} (a machine powered on or off, by its outlet, a BMC or Wake-on-LAN) and `guest` {guest:
 * guest entity id, isRunning} (a Proxmox guest started or stopped, its node lost or recovered).
 */
export type DemoWorld = {
	readonly events: EventEmitter;
	readonly lab: DemoLabData;
	readonly scenarioName: string | undefined;
	readonly scenario: DemoScenario | undefined;
	/** Folder of the project's fixtures. */
	readonly fixturesDir: string;
	/** A private temporary folder for this run (keys, certificates). */
	readonly tmpDir: string;
};

/** A device this simulator plays, with its part. */
export type PlayedPart = {readonly device: DemoDevice; readonly part: DemoPart};

export type StartedSimulator = {
	/** Source blocks pointing at the simulator (loopback, random ports). */
	readonly sources: readonly Record<string, unknown>[];
	/** Device id → the entity ids this simulator reports about it. */
	readonly entities: Readonly<Record<string, readonly string[]>>;
	stop(): Promise<void>;
};

export type SimulatorAdapter = (entry: DemoSimulator, parts: readonly PlayedPart[], world: DemoWorld) => Promise<StartedSimulator>;

/** A field of an entry or part, checked: a typo in lab.ts fails the demo's start with its name. */
export function field(record: Readonly<Record<string, unknown>>, key: string, where: string): string {
	const value = record[key];
	if (typeof value !== 'string' || value === '') throw new Error(`demo lab: ${where}: "${key}" must be a non-empty string`);
	return value;
}

/** The devices fed by a PDU's outlets. */
export function outletsOf(lab: DemoLabData, pdu: string): readonly {readonly device: string; readonly number: number; readonly watts: number}[] {
	return lab.devices.flatMap(device => (device.outlet?.pdu === pdu ? [{device: device.id, number: device.outlet.number, watts: device.outlet.watts}] : []));
}

/** The devices a simulator entry plays, each with its part (what app/demo/demo.ts hands its adapter). */
export function playedParts(lab: DemoLabData, source: string): PlayedPart[] {
	return lab.devices.flatMap(device => (device.playedBy ?? []).filter(part => part.source === source).map(part => ({device, part})));
}

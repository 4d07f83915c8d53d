// A loopback APC Smart-UPS for tests and the demo lab: net-snmp's Agent serving a fixture that
// answers only the high-precision group (like NMC2/NMC3 cards), with a battery model behind it.
// `power-outage` (at start, or a later world 'scenario' event): mains lost, the UPS goes on
// battery and charge and runtime drain with the current load, which follows the PDU's 'outlet'
// events. Time comes from an injectable clock, so tests advance it instead of sleeping.
import type {EventEmitter} from 'node:events';
import {readFileSync} from 'node:fs';
import {startAgent, type AgentV3User} from '../../../protocols/snmp/sim/agent.js';
import {parseSnmprec, type SnmprecRecord} from '../../../protocols/snmp/sim/snmprec.js';
import type {SnmpValue} from '../../../protocols/snmp/values.js';
import {apcUps} from '../oids.js';

export type UpsSimulatorOptions = {
	readonly fixture?: string;
	readonly records?: readonly SnmprecRecord[];
	readonly community?: string;
	readonly writeCommunity?: string;
	readonly v3User?: AgentV3User;
	/** Draw per outlet of the PDU it feeds (outlet number → W, all on at start). */
	readonly outletWatts?: ReadonlyMap<number, number>;
	/** Only 'outlet' events from this PDU entity change the load (any PDU when absent). */
	readonly pduEntityId?: string;
	/** Load beyond the outlets, W. */
	readonly baseWatts?: number;
	readonly nominalWatts?: number;
	/** Usable battery energy at 100 %, Wh. */
	readonly capacityWh?: number;
	readonly events?: EventEmitter;
	readonly scenario?: string;
	now?(): number;
	shouldDrop?(): boolean;
};

export type UpsSimulator = {
	readonly port: number;
	readonly community: string;
	setMains(isOn: boolean): void;
	/** Current draw, W. */
	loadWatts(): number;
	chargePercent(): number;
	runtimeSec(): number;
	close(): Promise<void>;
};

export async function startUpsSimulator(options: UpsSimulatorOptions): Promise<UpsSimulator> {
	const records = options.records ?? parseSnmprec(readFileSync(options.fixture!, 'utf8'));
	const now = options.now ?? Date.now;
	const nominal = options.nominalWatts ?? 2700;
	const capacity = options.capacityWh ?? 600;
	const outlets = new Map([...(options.outletWatts ?? new Map<number, number>())].map(([outlet, watts]) => [outlet, {watts, isOn: true}]));
	let chargeWh = capacity;
	let isMainsOn = true;
	let onBatterySince: number | undefined;
	let lastTick = now();
	let transferCause = 9; // self test
	const load = () => (options.baseWatts ?? 0) + [...outlets.values()].reduce((sum, outlet) => sum + (outlet.isOn ? outlet.watts : 0), 0);
	const advance = () => {
		const time = now();
		const hours = Math.max(0, time - lastTick) / 3_600_000;
		lastTick = time;
		chargeWh = isMainsOn ? Math.min(capacity, chargeWh + (capacity / 3) * hours) : Math.max(0, chargeWh - load() * hours);
	};
	const runtime = () => (load() <= 0 ? 86_400 : Math.round((chargeWh / load()) * 3600));
	const isOutputOn = () => isMainsOn || chargeWh > 0;
	const setMains = (isOn: boolean) => {
		advance();
		if (isOn === isMainsOn) return;
		isMainsOn = isOn;
		if (!isOn) {
			onBatterySince = now();
			transferCause = 4; // blackout
		} else {
			onBatterySince = undefined;
		}
	};
	function read(oid: string): SnmpValue | undefined {
		advance();
		const onBattery = !isMainsOn && chargeWh > 0;
		const isLow = onBattery && runtime() < 120;
		switch (oid) {
			case apcUps.outputStatus: return isMainsOn ? 2 : onBattery ? 3 : 7;
			case apcUps.batteryStatus: return isLow ? 3 : 2;
			case apcUps.timeOnBattery: return onBatterySince === undefined ? 0 : Math.round((now() - onBatterySince) / 10);
			case apcUps.runtime: return runtime() * 100;
			case apcUps.hpCapacity: return Math.round((chargeWh / capacity) * 1000);
			case apcUps.hpInputVoltage: return isMainsOn ? 2302 : 0;
			case apcUps.hpOutputVoltage: return isOutputOn() ? 2300 : 0;
			case apcUps.hpOutputLoad: return isOutputOn() ? Math.round((load() / nominal) * 1000) : 0;
			case apcUps.lineFailCause: return transferCause;
			case apcUps.basicState: {
				const bits = Array.from({length: 64}, () => '0');
				bits[1] = onBattery ? '1' : '0';
				bits[2] = isLow ? '1' : '0';
				bits[3] = isMainsOn ? '1' : '0';
				bits[18] = isOutputOn() ? '1' : '0';
				return bits.join('');
			}
			default: return undefined;
		}
	}
	const onOutlet = (event: {pdu?: string; outlet?: number; state?: string}) => {
		if (options.pduEntityId && event.pdu !== options.pduEntityId) return;
		const outlet = outlets.get(event.outlet ?? -1);
		if (!outlet) return;
		advance();
		outlet.isOn = event.state === 'on';
	};
	const onScenario = (event: {name?: string}) => {
		if (event.name === 'power-outage') setMains(false);
	};
	options.events?.on('outlet', onOutlet);
	options.events?.on('scenario', onScenario);
	if (options.scenario === 'power-outage') setMains(false);
	const community = options.community ?? 'public';
	const agent = await startAgent({
		records,
		community,
		writeCommunity: options.writeCommunity ?? 'private',
		...(options.v3User ? {v3User: options.v3User} : {}),
		read,
		checkWrite: () => 'notWritable',
		...(options.shouldDrop ? {shouldDrop: options.shouldDrop} : {}),
	});
	return {
		port: agent.port,
		community,
		setMains,
		loadWatts: load,
		chargePercent: () => {
			advance();
			return (chargeWh / capacity) * 100;
		},
		runtimeSec: () => {
			advance();
			return runtime();
		},
		async close() {
			options.events?.off('outlet', onOutlet);
			options.events?.off('scenario', onScenario);
			await agent.close();
		},
	};
}

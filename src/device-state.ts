// A topology device's state, derived from its entities. A machine (a device with an OS, a BMC or
// GPUs) takes its machine's state (src/machine-state.ts), so that Racks and Hosts never disagree:
// up, down (powered off or offline), stale (unreachable), unknown (nothing sees its OS). Any other
// device (a PDU, a UPS, a switch): down when every outlet feeding it is off, up when a current
// entity says so, stale when all its data is old, unknown when nothing reports on it.
import {machineIndex} from './devices.js';
import type {Entity} from './entities.js';
import {machineStatus, type MachineState, type MachineStatus} from './machine-state.js';
import {staleness} from './staleness.js';
import type {Snapshot} from './model.js';
import {deviceRef, type Device, type Topology} from './topology.js';

export type DeviceState = 'up' | 'down' | 'stale' | 'unknown';

const fromMachine: Record<MachineState, DeviceState> = {up: 'up', off: 'down', down: 'down', unreachable: 'stale', unknown: 'unknown'};

/** The machine status of a device that is a machine; undefined for a PDU, UPS, switch… */
export function deviceMachineStatus(snapshot: Snapshot, device: Device, now: number, topology: Topology = {racks: [], devices: [device]}): MachineStatus | undefined {
	const machine = machineIndex(snapshot, topology).machines.find(candidate => candidate.id === deviceRef(device.id));
	return machine ? machineStatus(snapshot, machine, now) : undefined;
}

export function deviceState(snapshot: Snapshot, device: Device, now: number, topology?: Topology): DeviceState {
	const machine = deviceMachineStatus(snapshot, device, now, topology);
	if (machine) return fromMachine[machine.state];
	const outlets = device.power.map(id => snapshot.entities.get(id)).filter((entity): entity is Entity => entity !== undefined);
	const isUnpowered = outlets.length > 0 && outlets.every(outlet => outlet.kind === 'outlet' && outlet.state === 'off');
	if (isUnpowered) return 'down';
	const entities = device.entities.map(id => snapshot.entities.get(id)).filter((entity): entity is Entity => entity !== undefined);
	if (entities.length === 0) return 'unknown';
	const current = entities.filter(entity => !staleness(entity, snapshot, now).isStale);
	if (current.length === 0) return 'stale';
	if (current.some(entity => isEntityUp(entity) === true)) return 'up';
	if (current.some(entity => isEntityUp(entity) === false)) return 'down';
	return 'up';
}

function isEntityUp(entity: Entity): boolean | null {
	switch (entity.kind) {
		case 'host': return entity.isOnline;
		case 'bmc': return entity.powerState === 'unknown' ? null : entity.powerState === 'on';
		case 'ups': return !entity.flags.includes('off');
		default: return null;
	}
}

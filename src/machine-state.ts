// A machine's state at a time, and its values merged across sources. Dead looks dead: a machine
// whose every feed is off is powered off, whose node is offline (and nothing else sees it up) is
// down, whose sources all stopped answering is unreachable; its last-known values are then
// returned as such (with their age), never as live ones. Live values are merged per field from
// the freshest current view that reports it.
import type {BmcEntity, Entity, HostEntity} from './entities.js';
import {formatAge, formatClock} from './format.js';
import {inletTemperature} from './kinds/bmc.js';
import type {Machine} from './devices.js';
import type {Snapshot} from './model.js';
import {staleness} from './staleness.js';

export type MachineState = 'up' | 'off' | 'down' | 'unreachable' | 'unknown';

export type MachineStatus = {
	readonly state: MachineState;
	/** Why, in a few words: `outlet PDU A:5 off`, `node offline`, `gpu-box-2 down: timeout`. */
	readonly reason: string;
	/** Epoch ms any source last saw it up; null when none has (or it is up now). */
	readonly lastSeenUp: number | null;
	/** Whether its values are live (state up and at least one current view). */
	readonly isLive: boolean;
};

const isCurrent = (entity: Entity, snapshot: Snapshot, now: number) => !staleness(entity, snapshot, now).isStale;

const memo = new WeakMap<Snapshot, Map<string, {now: number; status: MachineStatus}>>();

/** The machine's state; memoized per snapshot, machine and second. */
export function machineStatus(snapshot: Snapshot, machine: Machine, now: number): MachineStatus {
	let bySnapshot = memo.get(snapshot);
	if (!bySnapshot) {
		bySnapshot = new Map();
		memo.set(snapshot, bySnapshot);
	}
	const second = Math.floor(now / 1000);
	const cached = bySnapshot.get(machine.id);
	if (cached && cached.now === second) return cached.status;
	const status = computeStatus(snapshot, machine, now);
	bySnapshot.set(machine.id, {now: second, status});
	return status;
}

function computeStatus(snapshot: Snapshot, machine: Machine, now: number): MachineStatus {
	const views: readonly (HostEntity | BmcEntity)[] = [...machine.hosts, ...machine.bmcs];
	const current = views.filter(view => isCurrent(view, snapshot, now));
	// A card that answers (nvidia-smi) is a machine that is up, whatever else is silent.
	const gpuUp = machine.gpus.some(gpu => isCurrent(gpu, snapshot, now));
	const seenUp = [...views.filter(view => (view.kind === 'host' ? view.isOnline === true : view.powerState === 'on')), ...machine.gpus].map(view => view.seenAt);
	const hostUp = gpuUp || current.some(view => view.kind === 'host' && view.isOnline === true);
	const lastSeenUp = seenUp.length > 0 && !hostUp ? Math.max(...seenUp) : null;
	const dead = (state: MachineState, reason: string): MachineStatus => ({state, reason, lastSeenUp, isLive: false});
	const isUnpowered = machine.outlets.length > 0 && machine.outlets.every(outlet => outlet.state === 'off');
	if (isUnpowered) return dead('off', `${machine.outlets.length > 1 ? 'outlets' : 'outlet'} ${machine.outlets.map(outlet => `${snapshot.entities.get(outlet.pdu)?.name ?? outlet.pdu}:${outlet.number}`).join(', ')} off`);
	const bmcOff = current.find((view): view is BmcEntity => view.kind === 'bmc' && view.powerState === 'off');
	if (bmcOff && !hostUp) return dead('off', `${bmcOff.source} reports power off`);
	if (hostUp) return {state: 'up', reason: '', lastSeenUp: null, isLive: true};
	const offline = current.find((view): view is HostEntity => view.kind === 'host' && view.isOnline === false);
	if (offline) return dead('down', `${offline.role === 'node' ? 'node' : 'host'} offline (${offline.source})`);
	const bmcOn = current.find(view => view.kind === 'bmc' && view.powerState === 'on');
	if (bmcOn && machine.hosts.length === 0) return {state: 'up', reason: '', lastSeenUp: null, isLive: true};
	const silent = views.filter(view => view.kind === 'host' && !current.includes(view));
	if (silent.length > 0) {
		const source = snapshot.sources[silent[0]!.source];
		const why = source?.status === 'down' ? `${source.id} unreachable${source.lastError ? `: ${source.lastError}` : ''}` : `${silent.map(view => view.source).join(', ')} not answering`;
		return dead('unreachable', bmcOn ? `${why}; BMC reports power on` : why);
	}
	const all = [...views, ...machine.gpus];
	if (all.length > 0 && current.length === 0) return dead('unreachable', `${[...new Set(all.map(view => view.source))].join(', ')} not answering`);
	const powered = machine.outlets.some(outlet => outlet.state === 'on') ? ' (outlet on)' : '';
	return {state: 'unknown', reason: `no source sees its OS${powered}`, lastSeenUp, isLive: false};
}

/** The state as a short cell: `● up`, `■ off 3m`, `■ down 45s`, `◌ unreach 2m`, `? –`. */
export function stateLabel(status: MachineStatus, now: number): string {
	const age = status.lastSeenUp === null ? '' : ` ${formatAge(status.lastSeenUp, now)}`;
	switch (status.state) {
		case 'up': return '● up';
		case 'off': return `■ off${age}`;
		case 'down': return `■ down${age}`;
		case 'unreachable': return `◌ unreach${age}`;
		default: return '? –';
	}
}

/** One line for a detail view: `POWERED OFF (outlet PDU A:5 off) · last seen up 06:31:02, 3m ago`. */
export function stateLine(status: MachineStatus, now: number): string {
	const word = {up: 'up', off: 'POWERED OFF', down: 'DOWN', unreachable: 'UNREACHABLE', unknown: 'state unknown'}[status.state];
	const since = status.lastSeenUp === null ? '' : ` · last seen up ${formatClock(status.lastSeenUp)}, ${formatAge(status.lastSeenUp, now)} ago; values below are last-known`;
	return `${word}${status.reason ? ` (${status.reason})` : ''}${since}`;
}

/** A field merged across views: the value, and the view it came from. */
export type Merged<T> = {readonly value: T | null; readonly from: Entity | undefined};

/**
 * One field from the machine's views: the freshest current view that reports it; when none is
 * current (a dead machine), the newest last-known value.
 */
export function mergedField<T>(machine: Machine, snapshot: Snapshot, now: number, read: (host: HostEntity) => T | null): Merged<T> {
	const ordered = [...machine.hosts].sort((a, b) => Number(isCurrent(b, snapshot, now)) - Number(isCurrent(a, snapshot, now)) || b.seenAt - a.seenAt);
	for (const host of ordered) {
		if (host.isOnline === false) continue;
		const value = read(host);
		if (value !== null && value !== undefined) return {value, from: host};
	}
	return {value: null, from: undefined};
}

/** The BMC essentials for a machine's row: power, health, inlet temperature, watts. */
export function bmcSummary(machine: Machine): {readonly power: string; readonly health: BmcEntity['health']; readonly inletCelsius: number | null; readonly watts: number | null} | undefined {
	const bmc = machine.bmcs[0];
	if (!bmc) return undefined;
	return {power: bmc.powerState, health: bmc.health, inletCelsius: inletTemperature(bmc)?.celsius ?? null, watts: bmc.powerWatts};
}

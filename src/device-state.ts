// A topology device's state, derived from its entities: up when any of them is current and
// online, down when they report it down (or every outlet feeding it is off), stale when its
// data is old, unknown when nothing reports on it.
import type {Entity} from './entities.js';
import {staleness} from './staleness.js';
import type {Snapshot} from './store.js';
import type {Device} from './topology.js';

export type DeviceState = 'up' | 'down' | 'stale' | 'unknown';

export function deviceState(snapshot: Snapshot, device: Device, now: number): DeviceState {
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

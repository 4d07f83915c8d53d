// Whether an entity's values are current, and how old they are. An entity is stale when its
// source is not answering (down, not yet polled, disabled), when the source's last poll was
// partial and did not include it, or when it is older than twice the source's interval.
import type {Entity} from './entities.js';
import type {Snapshot} from './model.js';

export type Staleness = {readonly isStale: boolean; readonly ageSec: number};

export function staleness(entity: Entity, snapshot: Snapshot, now: number): Staleness {
	const ageSec = Math.max(0, Math.round((now - entity.seenAt) / 1000));
	const source = snapshot.sources[entity.source];
	if (!source) return {isStale: true, ageSec};
	const isSourceCurrent = source.status === 'ok' || source.status === 'degraded';
	const isMissed = source.lastSuccess !== null && entity.seenAt < source.lastSuccess;
	const isOld = now - entity.seenAt > 2 * source.interval * 1000;
	return {isStale: !isSourceCurrent || isMissed || isOld, ageSec};
}

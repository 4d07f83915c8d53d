// The one line a pane shows when nothing could ever fill it: no source configured of a plugin
// type that reports its kinds (the registry says which, through the snapshot's providers), or no
// plugin at all for them yet.
import type {EntityKind} from '../src/entities.js';
import type {Snapshot} from '../src/store.js';

export type PaneSources = {
	readonly kinds: readonly EntityKind[];
	/** What the pane shows, in the plural: "GPU", "Proxmox guest", "power" (… sources configured). */
	readonly noun: string;
};

export function noSourcesLine(snapshot: Snapshot, spec: PaneSources): string | undefined {
	if (spec.kinds.some(kind => snapshot.byKind[kind].length > 0)) return undefined;
	const types = [...new Set(spec.kinds.flatMap(kind => snapshot.providers[kind] ?? []))];
	if (Object.values(snapshot.sources).some(source => types.includes(source.type))) return undefined;
	if (types.length === 0) return `No plugin in this version reports ${spec.noun} data: nothing to show here yet`;
	const list = types.length === 1 ? types[0]! : `${types.slice(0, -1).join(', ')} or ${types.at(-1)!}`;
	return `No ${spec.noun} sources configured — add a source of type ${list}: see README › Config`;
}

export const nothingYet = 'nothing reported yet';
const waiting = 'waiting for the first answer from ';

/** Whether an empty table's line reports a problem (a source down) rather than a wait. */
export function isProblemLine(line: string): boolean {
	return line !== nothingYet && !line.startsWith(waiting);
}

/** What an empty table says: the sources that would fill it are down (with their error) or not polled yet. */
export function emptyLine(snapshot: Snapshot, spec: PaneSources): string {
	const types = new Set(spec.kinds.flatMap(kind => snapshot.providers[kind] ?? []));
	const sources = Object.values(snapshot.sources).filter(source => types.has(source.type));
	const down = sources.filter(source => source.status === 'down' || source.status === 'disabled');
	if (down.length > 0) return down.map(source => `${source.lastError ?? `${source.id} ${source.status}`}`).join(' · ');
	const pending = sources.filter(source => source.status === 'pending');
	if (pending.length > 0) return `${waiting}${pending.map(source => source.id).join(', ')}`;
	return nothingYet;
}

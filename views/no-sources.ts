// The one line a pane shows when nothing could ever fill it: no source of its plugin types.
import type {EntityKind} from '../src/entities.js';
import type {Snapshot} from '../src/store.js';

export type PaneSources = {readonly kinds: readonly EntityKind[]; readonly types: readonly string[]; readonly line: string};

export function noSourcesLine(snapshot: Snapshot, spec: PaneSources): string | undefined {
	if (spec.kinds.some(kind => snapshot.byKind[kind].length > 0)) return undefined;
	if (Object.values(snapshot.sources).some(source => spec.types.includes(source.type))) return undefined;
	return spec.line;
}

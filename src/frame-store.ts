// The console's view of the store, advanced on the clock's tick: however many sources finish a
// poll within a second, the screen is drawn once for that second (with the clock in the header),
// the way htop and btop refresh on a fixed tick. Keys still redraw at once: they change the
// console's own state, not the store.
import type {Snapshot} from './store.js';

type Subscribable = {subscribe(listener: () => void): () => void};

export type StoreView = {getSnapshot(): Snapshot; subscribe(listener: () => void): () => void};

export function frameStore(store: StoreView, tick: Subscribable): StoreView & {close(): void} {
	let visible = store.getSnapshot();
	const listeners = new Set<() => void>();
	const unsubscribe = tick.subscribe(() => {
		const latest = store.getSnapshot();
		if (latest === visible) return;
		visible = latest;
		for (const listener of listeners) listener();
	});
	return {
		getSnapshot: () => visible,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		close: unsubscribe,
	};
}

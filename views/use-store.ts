// Reads one slice of the store: the component re-renders only when the selector's result
// changes identity (selectors are memoized on their inputs: src/selectors.ts).
import {useSyncExternalStore} from 'react';
import type {Snapshot, Store} from '../src/store.js';
import type {Clock} from './clock.js';

export type StoreLike = Pick<Store, 'getSnapshot' | 'subscribe'>;

export function useSlice<R>(store: StoreLike, selector: (snapshot: Snapshot) => R): R {
	return useSyncExternalStore(store.subscribe, () => selector(store.getSnapshot()));
}

export function useNow(clock: Clock): number {
	return useSyncExternalStore(clock.subscribe, clock.now);
}

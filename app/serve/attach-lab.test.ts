import {describe, expect, it} from 'vitest';
import type {SourceHealth} from '../../src/model.js';
import {emptySnapshot, setSources, Store} from '../../src/store.js';
import {firstRound} from './attach-lab.js';

const source = (id: string, status: SourceHealth['status']): SourceHealth => ({id, type: 't', name: id, status, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0});

describe('an attached one-shot waits for the service first poll round', () => {
	it('resolves once no source is pending', async () => {
		const store = new Store(setSources(emptySnapshot('lab'), [source('a', 'ok'), source('b', 'pending')]));
		let isDone = false;
		const waiting = firstRound(store, 60_000).then(() => {
			isDone = true;
		});
		await Promise.resolve();
		expect(isDone).toBe(false);
		store.apply(snapshot => ({...snapshot, sources: {...snapshot.sources, b: source('b', 'down')}}));
		await waiting;
		expect(isDone).toBe(true);
	});

	it('gives up at its bound, and does not wait at all when nothing is pending', async () => {
		const pending = new Store(setSources(emptySnapshot('lab'), [source('a', 'pending')]));
		const started = performance.now();
		await firstRound(pending, 30);
		expect(performance.now() - started).toBeGreaterThanOrEqual(25);
		await firstRound(new Store(setSources(emptySnapshot('lab'), [source('a', 'ok'), source('d', 'disabled')])), 60_000);
	});
});

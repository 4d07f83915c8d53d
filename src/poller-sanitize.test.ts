// The sanitising edge: whatever a plugin returns or throws, the store holds no raw control.
import {describe, expect, it} from 'vitest';
import {Poller} from './poller.js';
import {emptySnapshot, setAlerts, setSources, Store} from './store.js';
import {isUnsafeText} from './sanitize.js';
import {guestDraft} from '../test/support/entities.js';
import type {Alert} from './alerts.js';

const evil = 'x\u001B]52;c;Zm9v\u0007\u009B2J\u202E';
const source = {id: 's', type: 't', name: 's', status: 'pending' as const, interval: 5, lastSuccess: null, downSince: null, lastError: null, errorName: null, latencyMs: null, consecutiveFailures: 0};

const anyUnsafe = (value: unknown): boolean => {
	if (typeof value === 'string') return isUnsafeText(value);
	if (value && typeof value === 'object') return Object.entries(value).some(([key, item]) => isUnsafeText(key) || anyUnsafe(item));
	return false;
};

describe('poller edge', () => {
	it('sanitises every string of every draft, the partial note and an error message', async () => {
		const store = new Store(setSources(emptySnapshot('t'), [source]));
		let shouldFail = false;
		const instance = {
			poll: async () => {
				if (shouldFail) throw new Error(`HTTP 500: ${evil}`);
				return {entities: [guestDraft('s', 101, 'pve1', {name: evil, tags: [evil]})], partial: `node ${evil} offline`};
			},
		};
		const poller = new Poller(store, [{id: 's', interval: 5, timeout: 2, instance}]);
		await poller.pollOnce();
		const snapshot = store.getSnapshot();
		const guest = snapshot.entities.get('guest:s/101')!;
		expect(anyUnsafe(guest)).toBe(false);
		expect(guest.name).toBe('x\\x1b]52;c;Zm9v\\x07\\x9b2J\\u202e');
		expect(snapshot.sources.s!.lastError).toBe('node x\\x1b]52;c;Zm9v\\x07\\x9b2J\\u202e offline');
		shouldFail = true;
		await poller.pollOnce();
		expect(store.getSnapshot().sources.s!.lastError).toBe('s: poll: HTTP 500: x\\x1b]52;c;Zm9v\\x07\\x9b2J\\u202e');
	});

	it('sanitises alert messages as they enter the store', () => {
		const alert = {id: 'a', ruleId: 'r', source: 's', subject: 'guest:s/101', severity: 'warning', message: `disk ${evil}`, since: 0, impact: []} as unknown as Alert;
		const snapshot = setAlerts(emptySnapshot('t'), [alert]);
		expect(snapshot.alerts[0]!.message).toBe('disk x\\x1b]52;c;Zm9v\\x07\\x9b2J\\u202e');
	});
});

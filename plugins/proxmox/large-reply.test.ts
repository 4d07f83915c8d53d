// Bounded work per poll against the real simulator on 127.0.0.1: the replyBytes and rows caps
// fail the poll with one line naming the cap, and a large /cluster/resources is parsed in slices
// that hand the event loop back.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DeviceReplyError} from '../../src/errors.js';
import {defaultCaps} from '../../src/caps.js';
import type {PluginInstance} from '../../src/plugin-api.js';
import {PveClient} from './client.js';
import {plugin} from './index.js';
import {parseResourcesInSlices, buildEntitiesInSlices} from './sliced.js';
import {buildEntities} from './parse-entities.js';
import {PveSimulator, startPveSimulator} from './sim/simulator.js';
import {localTransport} from '../../src/local-transport.js';

let sim: PveSimulator;
beforeAll(async () => {
	sim = await startPveSimulator({extraGuests: 20_000});
});
afterAll(async () => sim.stop());

function instance(caps?: Partial<typeof defaultCaps>): PluginInstance {
	return plugin.create({id: 'pve-big', type: 'proxmox', interval: 5, timeout: 30, host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.tokenSecret, fingerprint: sim.fingerprint, ...(caps ? {caps: {...defaultCaps, ...caps}} : {})}, {
		transport: () => undefined,
		localTransport,
		warn: () => {},
		requestPoll: () => {},
	});
}

describe('proxmox: large replies', () => {
	it('reads 20,000 guests within the default caps', async () => {
		const pve = instance();
		try {
			const result = await pve.poll(AbortSignal.timeout(30_000));
			expect(result.entities.filter(entity => entity.kind === 'guest').length).toBeGreaterThan(20_000);
		} finally {
			await pve.close?.();
		}
	});

	it('fails a reply over the replyBytes cap with one line naming it', async () => {
		const pve = instance({replyBytes: 100_000});
		try {
			const error = await pve.poll(AbortSignal.timeout(30_000)).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(DeviceReplyError);
			expect((error as Error).message).toMatch(/^pve-big: GET \/cluster\/resources: reply exceeds the replyBytes cap of 100000 bytes \(got (over 100000 bytes|\d+ bytes)\): raise caps.replyBytes/);
		} finally {
			await pve.close?.();
		}
	});

	it('fails a reply over the rows cap before parsing it', async () => {
		const pve = instance({rows: 1000});
		try {
			const error = await pve.poll(AbortSignal.timeout(30_000)).catch((caught: unknown) => caught);
			expect((error as Error).message).toMatch(/^pve-big: GET \/cluster\/resources: reply exceeds the rows cap of 1000 rows \(got \d+\)/);
		} finally {
			await pve.close?.();
		}
	});

	it('parses and builds in slices: a timer set as the parse starts fires before it ends', async () => {
		const client = new PveClient({source: 'pve-big', host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.tokenSecret, fingerprint: sim.fingerprint, timeoutMs: 30_000});
		try {
			const raw = await client.clusterResources(AbortSignal.timeout(30_000));
			const signal = AbortSignal.timeout(30_000);
			let hasFired = false;
			setTimeout(() => {
				hasFired = true;
			}, 0);
			const resources = await parseResourcesInSlices(raw, 'pve-big', defaultCaps, signal);
			expect(hasFired).toBe(true);
			hasFired = false;
			setTimeout(() => {
				hasFired = true;
			}, 0);
			const input = {source: 'pve-big', now: Date.now(), status: null, resources, ha: null, nodeDetails: new Map(), pci: new Map(), previous: new Map()};
			const built = await buildEntitiesInSlices(input, signal);
			expect(hasFired).toBe(true);
			expect(built.entities.filter(entity => entity.kind === 'guest')).toHaveLength(resources.guests.length);
			// The same entities as the one-go build, whatever the order.
			const byId = (list: readonly {id: string}[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
			const whole = buildEntities(input);
			expect(byId(built.entities)).toEqual(byId(whole.entities));
			expect(built.notes).toEqual(whole.notes);
			expect(built.counters.size).toBe(whole.counters.size);
			expect(new Map(built.counters)).toEqual(whole.counters);
		} finally {
			await client.close();
		}
	});
});

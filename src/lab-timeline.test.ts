// The lab records into its timeline: a source going down and coming back, and the entities it
// dropped; a lab opened later (a restart) reads what happened before it started.
import {Type} from '@sinclair/typebox';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {resolveConfig} from './config.js';
import {openLab} from './lab.js';
import type {PluginDefinition, PollResult} from './plugin-api.js';
import {guestDraft} from '../test/support/entities.js';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-lab-timeline-'));
	writeFileSync(path.join(dir, 'config.json'), '{}', {mode: 0o600});
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

let reply: () => PollResult = () => ({entities: []});
const scripted: PluginDefinition = {
	type: 'scripted',
	description: 'test plugin answering what the test says',
	schema: Type.Object({}),
	defaults: {interval: 5, timeout: 5},
	create: () => ({
		poll: async () => reply(),
		// Stops a guest the way a real plugin does: the next poll reports it stopped.
		actions: [{id: 'guest.stop', kind: 'guest', label: 'Stop', risk: 'low', run: async targets => {
			const stopped = new Set(targets.map(target => target.id));
			const before = reply;
			reply = () => ({entities: before().entities.map(entity => (stopped.has(entity.id) ? {...entity, status: 'stopped'} as typeof entity : entity))});
			return {ok: true, message: `stopped ${targets.length}`};
		}}],
	}),
};

describe('lab timeline', () => {
	it('records source down/up and removals while running, and a restarted lab reads them', async () => {
		const config = await resolveConfig({lab: 't', sources: [{id: 'pve', type: 'scripted'}]}, path.join(dir, 'config.json'), [scripted], {});
		const lab = openLab({config, stateDir: dir, shouldPersist: true});
		reply = () => ({entities: [guestDraft('pve', 100, 'n1'), guestDraft('pve', 101, 'n1')]});
		await lab.poller.pollOnce();
		reply = () => {
			throw new Error('connect ECONNREFUSED 127.0.0.1:8006');
		};
		await lab.poller.pollOnce();
		reply = () => ({entities: [guestDraft('pve', 100, 'n1')]});
		await lab.poller.pollOnce();
		await lab.close();

		const later = openLab({config, stateDir: dir, shouldRestore: true});
		const all = later.timeline.read();
		// The source going down raised an alert and opened an incident; both ended when it came back.
		expect(all.filter(event => !event.type.startsWith('source.') && event.type !== 'entity.removed').map(event => event.type)).toEqual(['incident.closed', 'alert.cleared', 'incident.opened', 'alert.raised']);
		const events = all.filter(event => event.type.startsWith('source.') || event.type === 'entity.removed');
		expect(events.map(event => [event.type, event.source, event.entity])).toEqual([
			['entity.removed', 'pve', 'guest:pve/101'],
			['source.up', 'pve', undefined],
			['source.down', 'pve', undefined],
		]);
		expect(events[2]!.message).toBe('pve: poll: connect ECONNREFUSED 127.0.0.1:8006');
		expect(later.store.getSnapshot().entities.has('guest:pve/101')).toBe(false);
		await later.close();
	});

	it('records transitions and operator actions, mirrors them into the store, and a restarted lab shows them before polling', async () => {
		const config = await resolveConfig({lab: 't', sources: [{id: 'pve', type: 'scripted'}]}, path.join(dir, 'config.json'), [scripted], {});
		const lab = openLab({config, stateDir: dir, shouldPersist: true});
		reply = () => ({entities: [guestDraft('pve', 100, 'n1'), guestDraft('pve', 101, 'n1')]});
		await lab.poller.pollOnce();
		const plan = lab.actions.plan('guest.stop', ['guest:pve/101']);
		await lab.actions.execute(plan, {isConfirmed: true}, {origin: 'cli'});
		await lab.poller.pollOnce();
		await lab.poller.pollOnce();
		const expected = [
			['transition', 'guest:pve/101', 'VM 101 vm101 stopped on n1'],
			['action', 'guest:pve/101', 'guest.stop vm101: ok — stopped 1 [cli]'],
		];
		expect(lab.timeline.read().map(event => [event.type, event.entity, event.message])).toEqual(expected);
		// The pane's slice follows (one microtask later).
		await Promise.resolve();
		expect(lab.store.getSnapshot().timeline?.map(event => [event.type, event.entity, event.message])).toEqual(expected);
		expect(lab.timeline.read()[1]!.details).toMatchObject({action: 'guest.stop', targets: ['guest:pve/101'], result: 'ok', risk: 'low', origin: 'cli'});
		await lab.close();

		const later = openLab({config, stateDir: dir, shouldRestore: true});
		expect(later.store.getSnapshot().timeline?.map(event => [event.type, event.entity, event.message])).toEqual(expected);
		await later.close();
	});

	it('records nothing for a one-shot (no persistence)', async () => {
		const config = await resolveConfig({lab: 't', sources: [{id: 'pve', type: 'scripted'}]}, path.join(dir, 'config.json'), [scripted], {});
		reply = () => {
			throw new Error('refused');
		};
		const lab = openLab({config, stateDir: dir});
		await lab.poller.pollOnce();
		await lab.close();
		expect(lab.timeline.read()).toEqual([]);
	});
});

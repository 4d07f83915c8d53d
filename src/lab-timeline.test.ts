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
	create: () => ({poll: async () => reply()}),
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

// The automations pane at 80×24 and 200×60, filled from the Home Assistant fixture and MQTT
// topics through the real parsers: columns, states, filter, detail, and `a` asking for actions.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {EntityDraft} from '../src/entities.js';
import {parseStates, toEntities} from '../plugins/homeassistant/parse.js';
import {TopicTable} from '../plugins/mqtt/topics.js';
import {repoRoot} from '../test/support/cli.js';
import {appStarter, expectFits, keys} from './test-fixtures/harness.js';
import {labStore, t0} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter({pane: 'automations'});

function automationStore() {
	const states = parseStates(JSON.parse(readFileSync(path.join(repoRoot, 'fixtures', 'homeassistant', 'states.json'), 'utf8')), {source: 'ha', operation: 'test'});
	const ha = toEntities(states, {source: 'ha', hub: 'Lab HA', sensors: new Set(['sensor.rack_temperature']), watch: new Map([['automation.nightly_backup', 3600]]), runsOn: 'guest:pve-demo/105'});
	const table = new TopicTable();
	table.message('lab/rack-a/temperature', '26.9', t0 - 5000, false, 10);
	table.message('zigbee2mqtt/ups-relay', '{"state":"ON"}', t0 - 60_000, true, 10);
	table.message('zigbee2mqtt/ups-relay/availability', 'offline', t0, true, 10);
	const mq = table.entities({source: 'mq', hub: 'broker', runsOn: null, maxTopics: 10});
	const store = labStore({drafts: {ha: ha as EntityDraft[], mq: mq as EntityDraft[]}});
	store.apply(s => ({...s, providers: {...s.providers, automation: ['homeassistant', 'mqtt']}}));
	return store;
}

describe.each([
	[80, 24],
	[200, 60],
])('automations pane at %i×%i', (width, height) => {
	it('shows one table across hubs with kind, state and last trigger, and fits', async () => {
		const app = start({width, height, store: automationStore(), now: Date.parse('2026-12-02T06:00:00Z')});
		const frame = await app.waitForText('Nightly backup');
		expectFits(frame, width, height);
		expect(frame).toMatch(/UPS on battery: gr.*Lab HA/);
		expect(frame).toMatch(/Leak alarm \(zigbee\).*unavail/);
		expect(frame).toMatch(/ups-relay.*broker.*topic.*unavail/);
		if (width >= 200) {
			expect(frame).toMatch(/Rack fan boost.*running/);
			expect(frame).toMatch(/Rack temperature.*27\.4 °C/);
			expect(frame).toContain('MODE');
		}
	});

	it('filters by state, opens the detail with attributes and recent runs, and asks for actions with a', async () => {
		const app = start({width, height, store: automationStore(), now: Date.parse('2026-12-02T06:00:00Z')});
		await app.waitForText('Nightly backup');
		app.press('/');
		for (const char of 'state:unavailable') app.press(char);
		app.press(keys.enter);
		const filtered = await app.waitFor(frame => !frame.includes('Nightly backup') && frame.includes('Leak alarm'));
		expect(filtered).toContain('ups-relay');
		app.press(keys.enter);
		const detail = await app.waitForText('› detail');
		expectFits(detail, width, height);
		expect(detail).toMatch(/State\s+unavailable/);
		app.press(keys.escape);
		await app.waitFor(frame => !frame.includes('› detail'));
		app.press('a');
		await app.waitFor(() => app.actions.calls.some(call => call.method === 'available' && String(call.args[0]).startsWith('automation:')));
	});
});

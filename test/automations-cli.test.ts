// `labdeck automations --json` over the three hub plugins' simulators: one document, valid against
// the output schema, with the automation fields. Needs `npm run build`.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startHomeAssistantDemo, type HaDemo} from '../plugins/homeassistant/sim/index.js';
import {startHomeSeerDemo, type HsDemo} from '../plugins/homeseer/sim/index.js';
import {startMqttDemo, type MqttDemo} from '../plugins/mqtt/sim/index.js';
import {repoRoot, runCli, tempHome} from './support/cli.js';
import {schemaErrors} from './support/schema.js';

const home = tempHome();
const fixturesDir = `${repoRoot}/fixtures`;
let ha: HaDemo;
let hs: HsDemo;
let mq: MqttDemo;
beforeAll(async () => {
	[ha, hs, mq] = await Promise.all([startHomeAssistantDemo({fixturesDir, runsOn: 'guest:pve-demo/105'}), startHomeSeerDemo({fixturesDir}), startMqttDemo({fixturesDir})]);
});
afterAll(async () => {
	await Promise.all([ha.stop(), hs.stop(), mq.stop()]);
	home.cleanup();
});

describe('labdeck automations --json', () => {
	it('lists automations of every hub with their state, kind and last trigger', async () => {
		const config = home.writeConfig({lab: 'autolab', sources: [...ha.sources, ...hs.sources, ...mq.sources]});
		const result = await runCli(['automations', '--json', '--config', config], {env: home.env});
		expect(result.stderr).toBe('');
		const document = JSON.parse(result.stdout) as {items: {id: string; kind: string; hub: string; automationType: string; state: string; runsOn: string | null}[]};
		expect(schemaErrors(document)).toBe('');
		expect(result.code).toBe(0);
		const byId = new Map(document.items.map(item => [item.id, item]));
		expect(byId.get('automation:ha-demo/automation.zigbee_leak_alarm')).toMatchObject({hub: 'Home Assistant', automationType: 'automation', state: 'unavailable', runsOn: 'guest:pve-demo/105'});
		expect(byId.get('automation:hs4-demo/event/12')).toMatchObject({hub: 'HS4 Pi', automationType: 'event'});
		expect(byId.get('automation:mqtt-demo/stat/ups-relay/POWER')).toMatchObject({automationType: 'topic', state: 'on'});
	});
});

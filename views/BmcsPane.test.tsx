// The BMCs pane: the generic kind pane over the bmc kind module, filled by the real redfish plugin
// polling simulated BMCs of the demo's three shapes (iLO 4, iDRAC 9 with a failed supply and fan,
// CIMC), at 80×24 and 200×60: the table, a filter, and the detail with the BMC's own readings.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {EntityDraft} from '../src/entities.js';
import {createInstance, startLab} from '../plugins/redfish/test-helpers.js';
import type {BmcLab} from '../plugins/redfish/sim/index.js';
import {appStarter, expectFits, keys} from './test-fixtures/harness.js';
import {labStore} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter({pane: 'kind.bmc'});
let lab: BmcLab;
const drafts: Record<string, EntityDraft[]> = {};

beforeAll(async () => {
	lab = await startLab([{name: 'pve1', shape: 'ilo4'}, {name: 'pve2', shape: 'idrac9'}, {name: 'pve3', shape: 'cimc-m6'}]);
	lab.bmc('pve2').failPsu(0);
	lab.bmc('pve2').failFan(0);
	for (const bmc of lab.bmcs) {
		const instance = createInstance(bmc);
		try {
			drafts[`bmc-${bmc.name}`] = [...(await instance.poll(AbortSignal.timeout(5000))).entities];
		} finally {
			await instance.close?.();
		}
	}
});

afterAll(async () => {
	await lab.stop();
});

function bmcStore() {
	const store = labStore({drafts});
	store.apply(s => ({...s, providers: {...s.providers, bmc: ['redfish']}}));
	return store;
}

describe.each([
	[80, 24],
	[200, 60],
])('BMCs pane at %i×%i', (width, height) => {
	it('lists every BMC with power, health and its supplies; the failed one reads critical and lost', async () => {
		const app = start({width, height, store: bmcStore()});
		const frame = await app.waitForText(/BMCs 3\n/);
		expectFits(frame, width, height);
		expect(frame).toMatch(/NAME +POWER +HEALTH/);
		expect(frame).toMatch(/pve2.* on +critical/);
		expect(frame).toMatch(/pve1.* on +ok/);
		if (width >= 200) {
			expect(frame).toMatch(/pve2.*lost/);
			expect(frame).toMatch(/MODEL/);
			expect(frame).toMatch(/PowerEdge/);
		}
	});

	it('filters by health and opens the detail with the failed supply and fan', async () => {
		const app = start({width, height, store: bmcStore()});
		await app.waitForText(/BMCs 3\n/);
		app.press('/', ...'health:critical', keys.enter);
		const filtered = await app.waitForText('BMCs 1/3');
		expect(filtered).toContain('pve2');
		expect(filtered.split('\n').filter(line => /^(›| ) +pve\d/.test(line))).toEqual([expect.stringMatching(/pve2/)]);
		app.press(keys.enter);
		const detail = await app.waitForText('BMCs › detail');
		expectFits(detail, width, height);
		expect(detail).toMatch(/PowerEdge R640/);
		expect(detail).toMatch(/Fan1A: 0 RPM critical/);
		expect(detail).toMatch(/PS1 Status: critical, in 0 W/);
		if (height >= 60) expect(detail).toMatch(/Power supplies \(redundancy lost\)/);
	});
});

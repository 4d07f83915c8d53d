// The generic kind pane: a registered kind without a dedicated pane (storage) gets a tab, a `:`
// alias and a table, filter, sort and detail built from its kind module alone.
import {describe, expect, it} from 'vitest';
import type {EntityDraft, StorageEntity} from '../src/entities.js';
import {genericKinds} from '../src/kinds/index.js';
import {appStarter, expectFits, keys} from './test-fixtures/harness.js';
import {labStore, proxmoxDrafts} from './test-fixtures/lab.js';
import {setColorless} from './theme.js';

setColorless(true);
const start = appStarter();

function storage(name: string, node: string, used: number, total: number, over: Partial<StorageEntity> = {}): EntityDraft {
	return {id: `storage:pve-demo/${node}/${name}`, kind: 'storage', source: 'pve-demo', localId: `${node}/${name}`, name, node, storageType: 'zfspool', usedBytes: used, totalBytes: total, isShared: false, isActive: true, content: ['images'], ...over};
}

const G = 2 ** 30;
const withStorage = () =>
	labStore({drafts: {'pve-demo': [...proxmoxDrafts(), storage('local-zfs', 'pve1', 50 * G, 100 * G), storage('tank', 'pve2', 95 * G, 100 * G), storage('nfs-iso', 'pve1', 10 * G, 200 * G, {isShared: true, storageType: 'nfs', content: ['iso']})]}});

describe('generic kind pane', () => {
	it('storage has no dedicated pane, so the registry gives it one', () => {
		expect(genericKinds.map(module => module.kind)).toContain('storage');
	});
	it.each([
		[80, 24],
		[200, 60],
	])('`:storage` opens a table from the module at %i×%i; filter, sort and detail work', async (width, height) => {
		const app = start({width, height, store: withStorage()});
		await app.waitForText('Hosts');
		app.press(':', ...'storage', keys.enter);
		const frame = await app.waitForText(/Storage 3\n/);
		expectFits(frame, width, height);
		expect(frame).toMatch(/local-zfs\s+pve1\s+50%/);
		expect(frame).toMatch(/tank\s+pve2\s+95%/);
		app.press('/', ...'shared:yes', keys.enter);
		const filtered = await app.waitForText('Storage 1/3');
		expect(filtered).toMatch(/nfs-iso/);
		expect(filtered).not.toMatch(/tank/);
		app.press(keys.escape);
		await app.waitForText(/Storage 3\n/);
		app.press('s', 's', 's', 's', 's', 'R');
		const sorted = await app.waitForText('sort USED↓');
		expect(sorted.indexOf('tank')).toBeLessThan(sorted.indexOf('local-zfs'));
		app.press(keys.enter);
		const detail = await app.waitForText('Storage › detail');
		expect(detail).toMatch(/tank@pve2/);
		expect(detail).toMatch(/used\s+95G\/100G \(95%\)/);
	});
	it('Tab walks from the last dedicated pane into the generic ones', async () => {
		const app = start({store: withStorage(), pane: 'hosts'});
		await app.waitForText('Hosts');
		app.press(keys.tab);
		await app.waitForText(/Storage 3\n/);
	});
});

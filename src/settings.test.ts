// Console settings: conf writes them (mode 0600), the first frame reads them without conf, and a
// broken or hostile file is no settings rather than a failed start.
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {openSettings, paneViewSaver, readSettings, settingsFile} from './settings.js';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'labdeck-settings-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

describe('console settings', () => {
	it('lives in the config directory', () => {
		expect(settingsFile({XDG_CONFIG_HOME: dir})).toBe(path.join(dir, 'labdeck', 'console-settings.json'));
	});

	it('round-trips the last pane through conf and the first frame\'s plain read', async () => {
		const file = settingsFile({XDG_CONFIG_HOME: dir});
		expect(readSettings(file)).toEqual({});
		const store = await openSettings(file);
		store.setLastPane('gpus');
		expect(readSettings(file)).toEqual({lastPane: 'gpus'});
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect((await openSettings(file)).get()).toEqual({lastPane: 'gpus'});
	});

	it('takes a broken or hostile file as no settings', async () => {
		const file = path.join(dir, 'console-settings.json');
		writeFileSync(file, '{"lastPane": ');
		expect(readSettings(file)).toEqual({});
		const store = await openSettings(file);
		expect(store.get()).toEqual({});
		store.setLastPane('power');
		expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({lastPane: 'power'});
		writeFileSync(file, JSON.stringify({lastPane: '\u001B]0;owned\u0007'}));
		expect(readSettings(file)).toEqual({});
	});

	it('remembers each pane\'s sort and filter; an empty view forgets the pane', async () => {
		const file = settingsFile({XDG_CONFIG_HOME: dir});
		const store = await openSettings(file);
		store.setLastPane('hosts');
		store.setPaneView('hosts', {sort: {column: 'cpu', isDescending: true}, filter: 'state:up'});
		store.setPaneView('vms', {filter: 'tag:gpu'});
		expect(readSettings(file)).toEqual({lastPane: 'hosts', panes: {hosts: {sort: {column: 'cpu', isDescending: true}, filter: 'state:up'}, vms: {filter: 'tag:gpu'}}});
		store.setPaneView('vms', {});
		expect(readSettings(file).panes).toEqual({hosts: {sort: {column: 'cpu', isDescending: true}, filter: 'state:up'}});
	});

	it('drops hostile pane views: control characters, bad keys, wrong types', () => {
		const file = path.join(dir, 'console-settings.json');
		writeFileSync(file, JSON.stringify({panes: {hosts: {filter: 'x\u001B]0;owned\u0007'}, 'Bad Key': {filter: 'a'}, vms: {sort: {column: 'cpu', isDescending: 'yes'}, filter: 7}, gpus: [1], power: {filter: 'ok', sort: {column: 'load', isDescending: false}}}}));
		expect(readSettings(file)).toEqual({panes: {power: {filter: 'ok', sort: {column: 'load', isDescending: false}}}});
	});

	it('saves pane views behind a debounce: a burst is one write of the last view; flush writes what is pending', async () => {
		const file = settingsFile({XDG_CONFIG_HOME: dir});
		const writes: string[] = [];
		const store = openSettings(file).then(opened => ({...opened, setPaneView: (pane: string, view: Parameters<typeof opened.setPaneView>[1]) => {
			writes.push(pane);
			opened.setPaneView(pane, view);
		}}));
		const saver = paneViewSaver(store, 20);
		saver.save('hosts', {filter: 'p'});
		saver.save('hosts', {filter: 'pv'});
		saver.save('hosts', {filter: 'pve'});
		await vi.waitFor(() => expect(writes).toEqual(['hosts']));
		expect(readSettings(file).panes).toEqual({hosts: {filter: 'pve'}});
		const slow = paneViewSaver(store, 60_000);
		slow.save('gpus', {sort: {column: 'temp', isDescending: true}});
		await slow.flush();
		expect(writes).toEqual(['hosts', 'gpus']);
		expect(readSettings(file).panes?.gpus).toEqual({sort: {column: 'temp', isDescending: true}});
	});
});

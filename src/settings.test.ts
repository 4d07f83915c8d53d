// Console settings: conf writes them (mode 0600), the first frame reads them without conf, and a
// broken or hostile file is no settings rather than a failed start.
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openSettings, readSettings, settingsFile} from './settings.js';

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
});

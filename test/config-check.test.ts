// `labdeck config check` on a config that names a device twice: exit 1 and one line naming both
// places, in text and in --json; never merged.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../app/cli/main.js';

const dir = mkdtempSync(path.join(tmpdir(), 'labdeck-check-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function check(config: unknown, json = false): Promise<{code: number; out: string}> {
	const file = path.join(dir, 'config.json');
	writeFileSync(file, JSON.stringify(config), {mode: 0o600});
	let out = '';
	const code = await main(['config', 'check', '--config', file, ...(json ? ['--json'] : [])], {out: text => (out += text), err: () => {}, env: {LABDECK_STATE_DIR: dir}, isTty: false});
	return {code, out};
}

describe('config check', () => {
	const sources = [{id: 'this', type: 'local'}];
	it('fails on a device id given twice, naming both entries', async () => {
		const text = await check({sources, devices: [{id: 'pve1', power: ['outlet:pdu/1']}, {id: 'pve1', entities: ['host:pve/pve1']}]});
		expect(text.code).toBe(1);
		expect(text.out).toContain('ERR config.json: devices[1] repeats the id "pve1" of devices[0]'.replace('config.json', path.join(dir, 'config.json')));
		const json = await check({sources, devices: [{id: 'pve1'}, {id: 'pve1'}]}, true);
		expect(json.code).toBe(1);
		const document = JSON.parse(json.out) as {isValid: boolean; errors: string[]; devices: number};
		expect(document).toMatchObject({isValid: false, devices: 1});
		expect(document.errors).toHaveLength(1);
	});

	it('passes the same config with one entry per device', async () => {
		expect((await check({sources, devices: [{id: 'pve1', power: ['outlet:pdu/1'], entities: ['host:pve/pve1']}]})).code).toBe(0);
	});
});

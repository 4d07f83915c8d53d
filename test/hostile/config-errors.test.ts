// `status` when config errors disabled sources: all of them → exit 1 saying so; some → the
// usual code, each disabled source named on stderr.
import {afterAll, describe, expect, it} from 'vitest';
import {runCli, tempHome} from '../support/cli.js';

const home = tempHome();
afterAll(() => home.cleanup());

describe('status with sources disabled by config errors', () => {
	it('exits 1 when every source is disabled, and says so', async () => {
		const config = home.writeConfig({sources: [{id: 'pve', type: 'proxmox', port: 'x'}, {id: 'ups', type: 'nut'}]});
		const result = await runCli(['status', '--config', config], {env: home.env});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('labdeck: pve is disabled by a config error: source "pve" (proxmox): ');
		expect(result.stderr).toContain('labdeck: every source is disabled by a config error');
	});

	it('keeps the code of a partly disabled config, naming the disabled source on stderr', async () => {
		const config = home.writeConfig({sources: [{id: 'local', type: 'local'}, {id: 'pve', type: 'proxmox', port: 'x'}, {id: 'off', type: 'local', enabled: false}]});
		const result = await runCli(['status', '--json', '--config', config], {env: home.env});
		expect(result.code).toBe(0);
		expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^labdeck: pve is disabled by a config error: source "pve" \(proxmox\): /)]);
		JSON.parse(result.stdout);
	});
});

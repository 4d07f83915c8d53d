// Hostile nvidia-smi error output: a local "nvidia-smi" (the `command` field) that fails printing
// OSC 0, OSC 52, CSI 2J, BEL, C1 CSI and RLO on stdout and stderr. The real nvidia plugin reports
// it; `status` and `gpus`, text and --json, carry none of it raw.
import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runCli, tempHome} from '../support/cli.js';
import {firstRawControl, poisoned} from './sequences.js';

const home = tempHome();
afterAll(() => home.cleanup());

describe('hostile nvidia-smi output', () => {
	it('a failing nvidia-smi whose output is full of sequences is reported escaped', async () => {
		const script = path.join(home.dir, 'nvidia-smi');
		const text = poisoned('NVIDIA-SMI has failed');
		writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' '${text}'\nprintf '%s\\n' '${text}' >&2\nexit 9\n`);
		chmodSync(script, 0o755);
		const config = home.writeConfig({sources: [{id: 'gpus', type: 'nvidia', command: script, timeout: 3}]});
		for (const command of ['status', 'gpus']) {
			const plain = await runCli([command, '--config', config], {env: home.env});
			expect(firstRawControl(plain.stdout + plain.stderr), command).toBeUndefined();
			const json = await runCli([command, '--json', '--config', config], {env: home.env});
			expect(firstRawControl(json.stdout + json.stderr), command).toBeUndefined();
		}
		const status = JSON.parse((await runCli(['status', '--json', '--config', config], {env: home.env})).stdout) as {sources: {status: string; lastError: string}[]};
		expect(status.sources[0]?.status).toBe('down');
		expect(status.sources[0]?.lastError).toContain('NVIDIA-SMI has failed\\x1b]52;c;');
	});
});

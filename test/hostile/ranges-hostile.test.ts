// Implausible numbers from a device: a local "nvidia-smi" (the `command` field) whose XML carries
// `1e308 C`, `-300 %` and `1e308 %`. The real nvidia plugin and the poll edge's ranges make them
// unknown: `gpus --json` has null, the text has no `1e+308`/`-300%`, and `status` names the note.
// The same for a UPS behind the NUT simulator saying `input.voltage: -300` and `battery.temperature:
// 1e308` (the simulator computes charge and load itself, so those two cannot be poisoned through it).
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {startNutSimulator} from '../../plugins/nut/sim/simulator.js';
import {repoRoot, runCli, tempHome} from '../support/cli.js';
import {fixture} from '../support/nut.js';

const home = tempHome();
afterAll(() => home.cleanup());

describe('implausible device numbers', () => {
	it('nvidia-smi 1e308 C and -300 % become unknown, with a note on the source', async () => {
		const xml = readFileSync(path.join(repoRoot, 'fixtures/nvidia/gpu-box-1.xml'), 'utf8');
		const poisoned = xml.replace('<gpu_temp>71 C</gpu_temp>', '<gpu_temp>1e308 C</gpu_temp>').replace('<fan_speed>41 %</fan_speed>', '<fan_speed>-300 %</fan_speed>').replace('<gpu_util>87 %</gpu_util>', '<gpu_util>1e308 %</gpu_util>');
		expect(poisoned).not.toBe(xml);
		const reply = path.join(home.dir, 'reply.xml');
		writeFileSync(reply, poisoned);
		const script = path.join(home.dir, 'nvidia-smi');
		writeFileSync(script, `#!/bin/sh\ncat '${reply}'\n`);
		chmodSync(script, 0o755);
		const config = home.writeConfig({sources: [{id: 'gpus', type: 'nvidia', command: script, timeout: 5}]});
		const json = await runCli(['gpus', '--json', '--config', config], {env: home.env});
		expect(json.code, json.stderr).toBe(0);
		const document = JSON.parse(json.stdout) as {items: {index: number; temperature: {celsius: unknown}; fanPercent: unknown; utilization: {gpu: unknown}}[]; sources: {status: string; note: string | null}[]};
		const first = document.items.find(item => item.index === 0)!;
		expect(first.temperature.celsius).toBeNull();
		expect(first.fanPercent).toBeNull();
		expect(first.utilization.gpu).toBeNull();
		const second = document.items.find(item => item.index === 1)!;
		expect(second.temperature.celsius).toBe(64);
		expect(document.sources[0]?.status).toBe('ok');
		// The temperature is the nvidia parser's own to refuse (above 150 °C); utilisation and fan the kind's ranges.
		expect(document.sources[0]?.note).toBe('2 values out of range cleared: gpu:gpus/0 utilization.gpu = 1e+308 (plausible 0…100%)');
		const text = await runCli(['gpus', '--config', config], {env: home.env});
		expect(text.code, text.stderr).toBe(0);
		expect(text.stdout).not.toMatch(/e\+\d{2,}|-300\s?%|\b1 ?°C/);
		const status = await runCli(['status', '--config', config], {env: home.env});
		expect(status.stdout).toContain('note: 2 values out of range cleared: gpu:gpus/0 utilization.gpu');
	});

	it('NUT input.voltage -300 and battery.temperature 1e308 are null in power --json and absent from the text', async () => {
		const dev = fixture('desk.dev').replace(/^input\.voltage: .*$/m, 'input.voltage: -300').replace(/^battery\.temperature: .*$/m, 'battery.temperature: 1e308');
		expect(dev).toMatch(/^battery\.temperature: 1e308$/m);
		const sim = await startNutSimulator({ups: {desk: dev}});
		try {
			const config = home.writeConfig({sources: [{id: 'ups', type: 'nut', host: '127.0.0.1', port: sim.port, tls: 'off'}]});
			const json = await runCli(['power', '--json', '--config', config], {env: home.env});
			expect(json.code, json.stderr).toBe(0);
			const ups = (JSON.parse(json.stdout) as {items: {kind: string; inputVolts: unknown; batteryTempCelsius: unknown}[]}).items.find(item => item.kind === 'ups');
			expect(ups?.inputVolts).toBeNull();
			expect(ups?.batteryTempCelsius).toBeNull();
			expect(json.stdout).not.toMatch(/-300|e\+308/);
			const text = await runCli(['power', '--config', config], {env: home.env});
			expect(text.code, text.stderr).toBe(0);
			expect(text.stdout).not.toMatch(/-300|e\+\d{2,}/);
		} finally {
			await sim.stop();
		}
	});
});

// Hostile NUT: an outlet description and the UPS model carrying terminal sequences, through the
// real nut plugin against the NUT simulator (the upsd protocol over TCP): the CLI's text and
// `--json` carry none of them raw.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startNutSimulator, type NutSimulator} from '../../plugins/nut/sim/simulator.js';
import {fixture} from '../support/nut.js';
import {runCli, tempHome} from '../support/cli.js';
import {firstRawControl, hostile, poisoned} from './sequences.js';

const home = tempHome();
let sim: NutSimulator;

beforeAll(async () => {
	const dev = fixture('desk.dev').replace('outlet.1.desc: Workstation', `outlet.1.desc: ${poisoned('Workstation')}`).replace(/^ups\.model: .*$/m, `ups.model: 5PX${hostile.title}`);
	sim = await startNutSimulator({ups: {desk: dev}});
});

afterAll(async () => {
	await sim?.stop();
	home.cleanup();
});

describe('hostile NUT text', () => {
	it('an outlet description with OSC 52, CSI 2J, blink, BEL, C1 and RLO prints escaped', async () => {
		const config = home.writeConfig({sources: [{id: 'ups', type: 'nut', host: '127.0.0.1', port: sim.port, tls: 'off'}]});
		const text = await runCli(['power', '--config', config], {env: home.env});
		expect(text.code, text.stderr).toBe(0);
		expect(firstRawControl(text.stdout + text.stderr)).toBeUndefined();
		expect(text.stdout).toContain('Workstation\\x1b]52;c;cm0gLXJmIH4=\\x07');
		const json = await runCli(['power', '--json', '--config', config], {env: home.env});
		expect(firstRawControl(json.stdout + json.stderr)).toBeUndefined();
		const items = (JSON.parse(json.stdout) as {items: Record<string, unknown>[]}).items;
		expect(JSON.stringify(items)).toContain('Workstation\\\\x1b]52;c;cm0gLXJmIH4=\\\\x07');
	});
});

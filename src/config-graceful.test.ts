// A device's `graceful` block: guests, the shed stages in order, and a timeout per stage; unknown
// stages and bad timeouts are named in a warning and left out.
import {describe, expect, it} from 'vitest';
import {parseTopology} from './config-topology.js';

describe('graceful shed config', () => {
	it('reads guests, stages and timeouts, and names what it drops', () => {
		const warnings: string[] = [];
		const topology = parseTopology({devices: [{id: 'gpu-box', graceful: {guests: ['guest:pve/120'], stages: ['os', 'guests', 'reboot'], timeoutSec: {os: 90, guests: -1}}}]}, 'lab.json', warnings);
		expect(topology.devices[0]!.graceful).toEqual({guests: ['guest:pve/120'], stages: ['os', 'guests'], timeoutSec: {os: 90}});
		expect(warnings).toEqual([
			'lab.json: device "gpu-box": graceful.stages: unknown stage "reboot" (known: guests, os, outlet)',
			'lab.json: device "gpu-box": graceful.timeoutSec.guests must be a known stage with a positive number of seconds',
		]);
	});
});

// Ready for the demo lab (not wired in by this plugin): one simulated BMC per demo machine (an
// iLO 4, an iDRAC 9 and a CIMC shape), their sources, and the bridge from BMC power changes to
// the demo world's `power` events ({device, isOn}), so a force-off through a BMC takes the
// machine's other sources (its Proxmox node and guests) down and a power-on brings them back.
// The `psu-failure` scenario fails a supply on the second machine, then a fan.
import type {EventEmitter} from 'node:events';

/** The demo world this starter plugs into: its event bus, scenario and fixtures folder. */
export type DemoWorld = {readonly events: EventEmitter; readonly scenario: string | undefined; readonly fixturesDir: string; readonly tmpDir?: string};
/** What the starter gives the demo lab: source blocks and a stop. */
export type DemoContribution = {readonly sources: readonly Record<string, unknown>[]; stop(): Promise<void>};
import {startBmcLab, type BmcShape, type PowerEvent} from './index.js';

export type DemoMachine = {
	/** Topology device id of the machine (`pve1`). */
	readonly device: string;
	readonly shape: BmcShape;
};

export const demoMachines: readonly DemoMachine[] = [
	{device: 'pve1', shape: 'ilo4'},
	{device: 'pve2', shape: 'idrac9'},
	{device: 'pve3', shape: 'cimc-m6'},
];

/** Source id of a demo machine's BMC (`pve1-bmc`), and its entity ids follow from it. */
export const demoBmcSource = (device: string): string => `${device}-bmc`;

export async function startBmcDemo(world: DemoWorld, machines: readonly DemoMachine[] = demoMachines, options: {psuFailureAfterMs?: number; fanFailureAfterMs?: number} = {}): Promise<DemoContribution> {
	const lab = await startBmcLab(machines.map(machine => ({name: machine.device, shape: machine.shape})), {fixturesDir: world.fixturesDir});
	const forward = (event: PowerEvent) => world.events.emit('power', {device: event.bmc, isOn: event.isOn});
	lab.events.on('power', forward);
	const timers: NodeJS.Timeout[] = [];
	if (world.scenario === 'psu-failure' && machines[1]) {
		const name = machines[1].device;
		timers.push(setTimeout(() => lab.psuFailure(name, options.fanFailureAfterMs ?? 20_000), options.psuFailureAfterMs ?? 15_000));
	}
	return {
		sources: lab.bmcs.map(bmc => ({
			id: demoBmcSource(bmc.name), type: 'redfish', name: `${bmc.name} BMC`, interval: 10, timeout: 10,
			host: bmc.host, port: bmc.port, user: bmc.user, password: bmc.password, fingerprint: bmc.fingerprint,
		})),
		stop: async () => {
			for (const timer of timers) clearTimeout(timer);
			lab.events.off('power', forward);
			await lab.stop();
		},
	};
}

// The demo's server BMCs: one simulated Redfish BMC per device lab.ts gives a part (`bmcSource`,
// `shape`: a fixture shape of fixtures/redfish/). Power follows the demo world both ways: the
// machine losing its outlet shows Off on its BMC, and a BMC reset (force-off, power-on…) is a
// `power` event for the machine, so its Proxmox node and SSH host go down or come back. A
// power-on while the machine's outlet is off fails (no input power), as on a real server. The
// psu-failure drill fails a supply of one machine (redundancy lost), then a fan.
import {bmcShapes, startBmcLab, type BmcShape, type PowerEvent} from '../../../plugins/redfish/sim/index.js';
import {field, type SimulatorAdapter} from '../types.js';

const isShape = (value: string): value is BmcShape => (bmcShapes as readonly string[]).includes(value);

export const start: SimulatorAdapter = async (entry, parts, world) => {
	const machines = parts.map(({device, part}) => {
		const where = `${device.id} on ${entry.source}`;
		const shape = field(part, 'shape', where);
		if (!isShape(shape)) throw new Error(`demo lab: ${where}: "shape" must be one of ${bmcShapes.join(', ')}`);
		return {device: device.id, source: field(part, 'bmcSource', where), shape, outlet: device.outlet};
	});
	const lab = await startBmcLab(machines.map(machine => ({name: machine.device, shape: machine.shape, hostName: machine.device})), {fixturesDir: world.fixturesDir});
	const isOutletOn = new Map(machines.map(machine => [machine.device, true]));
	// Set while this adapter changes a BMC or emits for one, so that its own echo is not taken back.
	let isSyncing = false;
	const syncing = (run: () => void) => {
		isSyncing = true;
		try {
			run();
		} finally {
			isSyncing = false;
		}
	};
	const onBmcPower = (event: PowerEvent) => {
		if (isSyncing) return;
		if (event.isOn && isOutletOn.get(event.bmc) === false) {
			const bmc = lab.bmc(event.bmc);
			syncing(() => bmc.setPower(false));
			bmc.model.addEvent('Warning', `Power on (${event.resetType}) failed: no input power`);
			return;
		}
		syncing(() => world.events.emit('power', {device: event.bmc, isOn: event.isOn}));
	};
	const onWorldPower = (event: {device?: string; isOn?: boolean}) => {
		if (isSyncing || typeof event.isOn !== 'boolean' || !isOutletOn.has(event.device ?? '')) return;
		const isOn = event.isOn;
		syncing(() => lab.bmc(event.device!).setPower(isOn));
	};
	const onOutlet = (event: {pdu?: string; outlet?: number; state?: string}) => {
		const machine = machines.find(item => item.outlet && `pdu:${item.outlet.pdu}/pdu` === event.pdu && item.outlet.number === event.outlet);
		if (machine) isOutletOn.set(machine.device, event.state === 'on');
	};
	lab.events.on('power', onBmcPower);
	world.events.on('power', onWorldPower);
	world.events.on('outlet', onOutlet);
	const drill = world.scenario?.psuFailure;
	const timer = drill && isOutletOn.has(drill.device) ? setTimeout(() => lab.psuFailure(drill.device, drill.fanAfterSec * 1000), drill.afterSec * 1000) : undefined;
	timer?.unref();
	const systemIds = (device: string) => lab.bmc(device).model.systems().map(system => String(system.Id ?? '').replace(/[^A-Za-z0-9._-]/g, '-'));
	return {
		sources: machines.map(machine => {
			const bmc = lab.bmc(machine.device);
			return {
				id: machine.source, type: 'redfish', name: `${machine.device} BMC`, interval: 10, timeout: 10,
				host: bmc.host, port: bmc.port, user: bmc.user, password: bmc.password, fingerprint: bmc.fingerprint,
			};
		}),
		entities: Object.fromEntries(machines.map(machine => [machine.device, systemIds(machine.device).map(id => `bmc:${machine.source}/${id}`)])),
		async stop() {
			clearTimeout(timer);
			lab.events.off('power', onBmcPower);
			world.events.off('power', onWorldPower);
			world.events.off('outlet', onOutlet);
			await lab.stop();
		},
	};
};

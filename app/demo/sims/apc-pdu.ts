// The demo's APC PDU: the PDU simulator on a fixture, its outlets feeding the devices lab.ts wires
// to them (their draw, and 'power' events for the device when an outlet switches). A device whose
// `restore` is 'off' (a server with a BMC) stays off when its outlet comes back on, until it is
// powered on through its BMC.
import {join} from 'node:path';
import {startPduSimulator} from '../../../plugins/apc-pdu/sim/simulator.js';
import {field, outletsOf, type SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (entry, parts, world) => {
	const outlets = outletsOf(world.lab, entry.source);
	const pduEntity = `pdu:${entry.source}/pdu`;
	const stayOff = new Set(world.lab.devices.filter(device => device.restore === 'off').map(device => device.id));
	const simulator = await startPduSimulator({
		fixture: join(world.fixturesDir, field(entry, 'fixture', entry.source)),
		outletWatts: outlet => outlets.find(item => item.number === outlet)?.watts ?? 0,
		volts: world.lab.volts,
		events: world.events,
		pduEntityId: pduEntity,
	});
	const onOutlet = (event: {pdu?: string; outlet?: number; state?: string}) => {
		const device = event.pdu === pduEntity ? outlets.find(item => item.number === event.outlet)?.device : undefined;
		if (!device) return;
		if (event.state === 'off') world.events.emit('power', {device, isOn: false});
		else if (event.state === 'on' && !stayOff.has(device)) world.events.emit('power', {device, isOn: true});
	};
	world.events.on('outlet', onOutlet);
	return {
		sources: [{
			id: entry.source, type: 'apc-pdu', name: entry.name, interval: 5, timeout: 4,
			host: '127.0.0.1', port: simulator.port, version: '2c', community: simulator.community, writeCommunity: simulator.writeCommunity,
		}],
		entities: Object.fromEntries(parts.map(({device}) => [device.id, [pduEntity]])),
		async stop() {
			world.events.off('outlet', onOutlet);
			await simulator.close();
		},
	};
};

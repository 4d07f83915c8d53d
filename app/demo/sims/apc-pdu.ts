// The demo's APC PDU: the PDU simulator on a fixture, its outlets feeding the devices lab.ts wires
// to them (their draw, and 'power' events for the device when an outlet switches).
import {join} from 'node:path';
import {startPduSimulator} from '../../../plugins/apc-pdu/sim/simulator.js';
import {field, outletsOf, type SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (entry, parts, world) => {
	const outlets = outletsOf(world.lab, entry.source);
	const pduEntity = `pdu:${entry.source}/pdu`;
	const simulator = await startPduSimulator({
		fixture: join(world.fixturesDir, field(entry, 'fixture', entry.source)),
		outletWatts: outlet => outlets.find(item => item.number === outlet)?.watts ?? 0,
		volts: world.lab.volts,
		events: world.events,
		pduEntityId: pduEntity,
		devices: new Map(outlets.map(item => [item.number, item.device])),
	});
	return {
		sources: [{
			id: entry.source, type: 'apc-pdu', name: entry.name, interval: 5, timeout: 4,
			host: '127.0.0.1', port: simulator.port, version: '2c', community: simulator.community, writeCommunity: simulator.writeCommunity,
		}],
		entities: Object.fromEntries(parts.map(({device}) => [device.id, [pduEntity]])),
		stop: async () => simulator.close(),
	};
};

// The demo's SNMP UPS: the UPS simulator on a fixture, its load the outlets of the PDU it feeds
// (switched off on the PDU: less load), on battery in the mains-lost drill.
import {join} from 'node:path';
import {startUpsSimulator} from '../../../plugins/ups/sim/simulator.js';
import {field, outletsOf, type SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (entry, parts, world) => {
	const pdu = field(entry, 'feeds', entry.source);
	const simulator = await startUpsSimulator({
		fixture: join(world.fixturesDir, field(entry, 'fixture', entry.source)),
		outletWatts: new Map(outletsOf(world.lab, pdu).map(item => [item.number, item.watts])),
		pduEntityId: `pdu:${pdu}/pdu`,
		nominalWatts: typeof entry.nominalWatts === 'number' ? entry.nominalWatts : 2700,
		capacityWh: typeof entry.capacityWh === 'number' ? entry.capacityWh : 600,
		events: world.events,
	});
	const mainsLost = world.scenario?.mainsLostAfterSec;
	const timer = mainsLost === undefined ? undefined : setTimeout(() => simulator.setMains(false), mainsLost * 1000);
	timer?.unref();
	if (mainsLost === 0) simulator.setMains(false);
	return {
		sources: [{
			id: entry.source, type: 'ups', name: entry.name, interval: 5, timeout: 4,
			host: '127.0.0.1', port: simulator.port, version: '2c', community: simulator.community,
			...(typeof entry.nominalWatts === 'number' ? {nominalWatts: entry.nominalWatts} : {}),
		}],
		entities: Object.fromEntries(parts.map(({device}) => [device.id, [`ups:${entry.source}/ups`]])),
		async stop() {
			clearTimeout(timer);
			await simulator.close();
		},
	};
};

// The demo's Wake-on-LAN: a loopback listener; a magic packet for a device's MAC (lab.ts) powers
// that device on in the demo world.
import {startWolListener} from '../../../plugins/wol/sim/simulator.js';
import {field, type SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (entry, parts, world) => {
	const hosts = parts.map(({device, part}) => ({device: device.id, name: field(part, 'host', device.id), mac: field(part, 'mac', device.id).toLowerCase()}));
	const listener = await startWolListener({
		onWake(mac) {
			const host = hosts.find(candidate => candidate.mac === mac.toLowerCase());
			if (host) world.events.emit('power', {device: host.device, isOn: true});
		},
	});
	return {
		sources: [{
			id: entry.source, type: 'wol', name: entry.name, interval: 60, timeout: 2,
			hosts: hosts.map(host => ({name: host.name, mac: host.mac, broadcast: listener.address, port: listener.port})),
		}],
		entities: Object.fromEntries(hosts.map(host => [host.device, [`host:${entry.source}/${host.name}`]])),
		stop: async () => listener.stop(),
	};
};

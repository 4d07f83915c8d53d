// The demo's NUT server: one UPS from a `.dev` fixture; the device lab.ts puts on one of its
// outlets follows that outlet (an instant command switching it emits a 'power' event). The battery
// runs 6× faster than the wall clock, so a mains-lost drill reaches low battery in minutes.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {startNutSimulator} from '../../../plugins/nut/sim/simulator.js';
import {field, type SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (entry, parts, world) => {
	const ups = field(entry, 'ups', entry.source);
	const password = 'labdeck-demo';
	const started = Date.now();
	const simulator = await startNutSimulator({
		ups: {[ups]: readFileSync(join(world.fixturesDir, field(entry, 'fixture', entry.source)), 'utf8')},
		now: () => started + (Date.now() - started) * 6,
		users: {labdeck: {password, instcmds: 'ALL'}},
		onCommand(_ups, _command, model) {
			for (const {device, part} of parts) {
				const outlet = typeof part.outlet === 'number' ? part.outlet : 1;
				world.events.emit('power', {device: device.id, isOn: model.outletState(outlet) ?? model.isLoadOn});
			}
		},
	});
	const onScenario = (event: {name?: string}) => simulator.setMains(event.name !== 'power-outage');
	world.events.on('scenario', onScenario);
	const mainsLost = world.scenario?.mainsLostAfterSec;
	const timer = mainsLost === undefined ? undefined : setTimeout(() => simulator.setMains(false), mainsLost * 1000);
	timer?.unref();
	if (mainsLost === 0) simulator.setMains(false);
	return {
		sources: [{id: entry.source, type: 'nut', name: entry.name, host: '127.0.0.1', port: simulator.port, user: 'labdeck', password, tls: 'auto', interval: 2, timeout: 2}],
		entities: {},
		async stop() {
			clearTimeout(timer);
			world.events.off('scenario', onScenario);
			await simulator.stop();
		},
	};
};

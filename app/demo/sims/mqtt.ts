// The demo's MQTT broker: an embedded aedes broker on loopback (no daemon needed) with a drifting
// rack temperature and a UPS relay whose state follows its command topic (fixtures/mqtt/).
import {startMqttDemo} from '../../../plugins/mqtt/sim/index.js';
import type {SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (entry, _parts, world) => {
	const demo = await startMqttDemo({fixturesDir: world.fixturesDir, sourceId: entry.source});
	return {sources: demo.sources.map(source => ({...source, name: entry.name, timeout: 5})), entities: {}, stop: async () => demo.stop()};
};

// The demo's HomeSeer HS4 hub: the HS4 simulator from fixtures (its events, the rack fan and UPS
// relay devices shown, the fan settable).
import {startHomeSeerDemo} from '../../../plugins/homeseer/sim/index.js';
import type {SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (entry, _parts, world) => {
	const demo = await startHomeSeerDemo({fixturesDir: world.fixturesDir, sourceId: entry.source});
	return {sources: demo.sources.map(source => ({...source, name: entry.name, timeout: 5})), entities: {}, stop: async () => demo.stop()};
};

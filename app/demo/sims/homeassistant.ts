// The demo's Home Assistant: the HA simulator from fixtures, running on the Proxmox guest that the
// entry's `runsOn` names: that guest stopping (an action, its node losing power) takes the
// simulator down, so its automations go stale under one cause; the guest running again (started,
// or recovered by HA on another node) brings it back.
import {startHomeAssistantDemo} from '../../../plugins/homeassistant/sim/index.js';
import {field, type SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (entry, _parts, world) => {
	const runsOn = field(entry, 'runsOn', entry.source);
	const demo = await startHomeAssistantDemo({fixturesDir: world.fixturesDir, sourceId: entry.source, runsOn});
	const onGuest = (event: {guest?: string; isRunning?: boolean}) => {
		if (event.guest === runsOn && typeof event.isRunning === 'boolean') demo.simulator.setDown(!event.isRunning);
	};
	world.events.on('guest', onGuest);
	return {
		sources: demo.sources.map(source => ({...source, name: entry.name, timeout: 5})),
		entities: {},
		async stop() {
			world.events.off('guest', onGuest);
			await demo.stop();
		},
	};
};

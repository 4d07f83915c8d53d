// The demo's Proxmox cluster: the PVE API simulator; each device lab.ts says it plays is one of
// its nodes (`node`), which goes offline when the device loses power or in the node-down drill.
// Guests starting and stopping (an action, a node lost, HA recovery) become `guest` events, so a
// hub that runs on a guest (Home Assistant) follows it.
import {startPveSimulator} from '../../../plugins/proxmox/sim/simulator.js';
import {field, type SimulatorAdapter} from '../types.js';

/** How often guest states are compared for `guest` events, ms (the simulator advances lazily). */
const guestWatchMs = 1000;

export const start: SimulatorAdapter = async (entry, parts, world) => {
	const simulator = await startPveSimulator({fixturesDir: world.fixturesDir, tmpDir: world.tmpDir});
	const nodes = new Map(parts.map(({device, part}) => [device.id, field(part, 'node', `${device.id} on ${entry.source}`)]));
	const running = new Map<number, boolean>();
	const watchGuests = () => {
		simulator.state.advance();
		for (const guest of simulator.state.guests.values()) {
			const isRunning = guest.status === 'running' && simulator.state.node(guest.node)?.isOnline === true;
			const was = running.get(guest.vmid);
			running.set(guest.vmid, isRunning);
			if (was !== undefined && was !== isRunning) world.events.emit('guest', {guest: `guest:${entry.source}/${guest.vmid}`, isRunning});
		}
	};
	const setNode = (node: string, isOnline: boolean) => {
		simulator.setNodeOnline(node, isOnline);
		watchGuests();
	};
	const onPower = (event: {device?: string; isOn?: boolean}) => {
		const node = event.device === undefined ? undefined : nodes.get(event.device);
		if (node && typeof event.isOn === 'boolean') setNode(node, event.isOn);
	};
	world.events.on('power', onPower);
	watchGuests();
	const watcher = setInterval(watchGuests, guestWatchMs);
	watcher.unref();
	// A node shut down or rebooted through the API takes its device (and its SSH host) with it.
	simulator.state.onNodePower = (node, isOn) => {
		const device = [...nodes].find(([, name]) => name === node)?.[0];
		if (device) world.events.emit('power', {device, isOn});
	};
	const down = world.scenario?.nodeDown;
	const downNode = down ? nodes.get(down.device) : undefined;
	if (down && downNode) simulator.later(down.afterSec * 1000, () => setNode(downNode, false));
	return {
		sources: [{
			id: entry.source, type: 'proxmox', name: entry.name, interval: 5, timeout: 5,
			host: '127.0.0.1', port: simulator.port, tokenId: simulator.tokenId, token: simulator.tokenSecret, fingerprint: simulator.fingerprint,
		}],
		entities: Object.fromEntries([...nodes].map(([device, node]) => [device, [`host:${entry.source}/${node}`]])),
		async stop() {
			clearInterval(watcher);
			world.events.off('power', onPower);
			await simulator.stop();
		},
	};
};

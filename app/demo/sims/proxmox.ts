// The demo's Proxmox cluster: the PVE API simulator; each device lab.ts says it plays is one of
// its nodes (`node`), which goes offline when the device loses power or in the node-down drill.
import {startPveSimulator} from '../../../plugins/proxmox/sim/simulator.js';
import {field, type SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (entry, parts, world) => {
	const simulator = await startPveSimulator({fixturesDir: world.fixturesDir, tmpDir: world.tmpDir});
	const nodes = new Map(parts.map(({device, part}) => [device.id, field(part, 'node', `${device.id} on ${entry.source}`)]));
	const onPower = (event: {device?: string; isOn?: boolean}) => {
		const node = event.device === undefined ? undefined : nodes.get(event.device);
		if (node && typeof event.isOn === 'boolean') simulator.setNodeOnline(node, event.isOn);
	};
	world.events.on('power', onPower);
	// A node shut down or rebooted through the API takes its device (and its SSH host) with it.
	simulator.state.onNodePower = (node, isOn) => {
		const device = [...nodes].find(([, name]) => name === node)?.[0];
		if (device) world.events.emit('power', {device, isOn});
	};
	const down = world.scenario?.nodeDown;
	const downNode = down ? nodes.get(down.device) : undefined;
	if (down && downNode) simulator.later(down.afterSec * 1000, () => simulator.setNodeOnline(downNode, false));
	return {
		sources: [{
			id: entry.source, type: 'proxmox', name: entry.name, interval: 5, timeout: 5,
			host: '127.0.0.1', port: simulator.port, tokenId: simulator.tokenId, token: simulator.tokenSecret, fingerprint: simulator.fingerprint,
		}],
		entities: Object.fromEntries([...nodes].map(([device, node]) => [device, [`host:${entry.source}/${node}`]])),
		async stop() {
			world.events.off('power', onPower);
			await simulator.stop();
		},
	};
};

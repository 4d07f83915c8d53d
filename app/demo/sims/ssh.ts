// The demo's SSH hosts: one simulator process serving every device lab.ts says it plays (each on
// its own loopback port, profile from fixtures/ssh/hosts.json, GPUs from an nvidia-smi fixture), a
// client key in the run's temp folder, the host key pinned; plus an nvidia source per host that
// runs nvidia-smi through it. A device losing power drops its host.
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {generateEd25519Key} from '../../../plugins/ssh/keygen.js';
import type {HostProfile} from '../../../plugins/ssh/sim/sim-host.js';
import {startSshSimulator, type SimHostSpec} from '../../../plugins/ssh/sim/simulator.js';
import {field, type SimulatorAdapter} from '../types.js';

export const start: SimulatorAdapter = async (_entry, parts, world) => {
	const profiles = JSON.parse(readFileSync(join(world.fixturesDir, 'ssh', 'hosts.json'), 'utf8')) as Record<string, HostProfile>;
	const hosts = parts.map(({device, part}) => {
		const where = `${device.id} on ${part.source}`;
		const gpuFixture = typeof part.gpuFixture === 'string' ? part.gpuFixture : undefined;
		return {device: device.id, source: field(part, 'sshSource', where), profile: field(part, 'profile', where), gpuSource: typeof part.gpuSource === 'string' ? part.gpuSource : undefined, gpuFixture};
	});
	const clientKey = generateEd25519Key({comment: 'labdeck-demo'});
	const keyFile = join(world.tmpDir, 'ssh-demo-key');
	writeFileSync(keyFile, clientKey.private, {mode: 0o600});
	const overheat = world.scenario?.gpuOverheat;
	const specs: SimHostSpec[] = hosts.map(host => {
		const profile = profiles[host.profile];
		if (!profile) throw new Error(`demo lab: ${host.device}: no profile "${host.profile}" in fixtures/ssh/hosts.json`);
		return {
			name: host.device,
			profile,
			...(host.gpuFixture ? {gpuXml: readFileSync(join(world.fixturesDir, host.gpuFixture), 'utf8')} : {}),
			overheatGpu: overheat?.device === host.device ? overheat.gpu : undefined,
		};
	});
	// An OS shutdown or reboot over SSH powers the whole device off (its Proxmox node too).
	const simulator = await startSshSimulator({hosts: specs, authorizedKeys: [clientKey.public], onPower: (device, isOn) => world.events.emit('power', {device, isOn})});
	const onPower = (event: {device?: string; isOn?: boolean}) => {
		if (typeof event.device === 'string') simulator.hosts.get(event.device)?.setPower(event.isOn !== false);
	};
	world.events.on('power', onPower);
	const sources: Record<string, unknown>[] = [];
	const entities: Record<string, string[]> = {};
	for (const host of hosts) {
		const simHost = simulator.hosts.get(host.device)!;
		sources.push({id: host.source, type: 'ssh', name: host.device, host: '127.0.0.1', port: simHost.port, user: 'labdeck', keyFile, hostKey: simulator.hostKey, interval: 5, timeout: 5});
		const gpuCount = host.gpuSource ? simHost.nvidia?.gpuCount ?? 0 : 0;
		if (host.gpuSource) sources.push({id: host.gpuSource, type: 'nvidia', via: host.source, interval: 5, timeout: 10});
		entities[host.device] = [`host:${host.source}/${simHost.name}`, ...Array.from({length: gpuCount}, (_, index) => `gpu:${host.gpuSource}/${index}`)];
	}
	return {
		sources,
		entities,
		async stop() {
			world.events.off('power', onPower);
			await simulator.stop();
		},
	};
};

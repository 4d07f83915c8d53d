// The demo lab's SSH side: one simulator process serving gpu-box-1, gpu-box-2 and pve2 (each on
// its own loopback port), a client key written to the run's temp folder, the host key pinned in
// the config; it also contributes the nvidia sources that run nvidia-smi through these hosts.
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import type {DemoContribution, DemoWorld} from '../../src/plugin-api.js';
import type {HostProfile} from './sim-host.js';
import {startSshSimulator, type SimHostSpec} from './simulator.js';
import {generateEd25519Key} from './keygen.js';

const demoHosts = [
	{name: 'gpu-box-1', source: 'gpu-box-1', gpus: 'gpus-box-1', fixture: 'gpu-box-1.xml', outlet: 4, u: 30},
	{name: 'gpu-box-2', source: 'gpu-box-2', gpus: 'gpus-box-2', fixture: 'gpu-box-2.xml', outlet: 5, u: 34},
	{name: 'pve2', source: 'pve2-ssh', gpus: 'gpus-pve2', fixture: 'pve2.xml', outlet: undefined, u: undefined},
] as const;

export async function demo(world: DemoWorld): Promise<DemoContribution> {
	const profiles = JSON.parse(readFileSync(join(world.fixturesDir, 'ssh', 'hosts.json'), 'utf8')) as Record<string, HostProfile>;
	const clientKey = generateEd25519Key({comment: 'labdeck-demo'});
	const keyFile = join(world.tmpDir, 'ssh-demo-key');
	writeFileSync(keyFile, clientKey.private, {mode: 0o600});
	const specs: SimHostSpec[] = demoHosts.map(host => ({
		name: host.name,
		profile: profiles[host.name]!,
		gpuXml: readFileSync(join(world.fixturesDir, 'nvidia', host.fixture), 'utf8'),
		overheatGpu: world.scenario === 'gpu-overheat' && host.name === 'gpu-box-1' ? 0 : undefined,
	}));
	const simulator = await startSshSimulator({hosts: specs, authorizedKeys: [clientKey.public]});
	const onPower = (event: {device?: string; isOn?: boolean}) => {
		if (typeof event.device === 'string') simulator.hosts.get(event.device)?.setPower(event.isOn !== false);
	};
	world.events.on('power', onPower);
	const sources: Record<string, unknown>[] = [];
	const devices: Record<string, unknown>[] = [];
	for (const host of demoHosts) {
		const port = simulator.hosts.get(host.name)!.port;
		const gpuCount = simulator.hosts.get(host.name)!.nvidia?.gpuCount ?? 0;
		sources.push(
			{id: host.source, type: 'ssh', name: host.name, host: '127.0.0.1', port, user: 'labdeck', keyFile, hostKey: simulator.hostKey, interval: 5, timeout: 5},
			{id: host.gpus, type: 'nvidia', via: host.source, interval: 5, timeout: 10},
		);
		const entities = [`host:${host.source}/${host.name}`, ...Array.from({length: gpuCount}, (_, index) => `gpu:${host.gpus}/${index}`)];
		devices.push(host.u === undefined
			? {id: host.name, entities}
			: {id: host.name, name: host.name, rack: 'main', u: host.u, height: 4, power: [`outlet:pdu-a/${host.outlet}`], entities});
	}
	return {
		sources,
		devices,
		async stop() {
			world.events.off('power', onPower);
			await simulator.stop();
		},
	};
}

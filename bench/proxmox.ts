// Proxmox: one poll round against the simulator with 3 nodes and 2,000 guests (wall time and the
// client's CPU), the simulator in its own process.
import {spawn} from 'node:child_process';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {plugin} from '../plugins/proxmox/index.js';
import {localTransport} from '../src/local-transport.js';

export async function benchProxmox(): Promise<Record<string, number | string>> {
	const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'pve-sim-child.ts'), '2000'], {stdio: ['pipe', 'pipe', 'inherit']});
	try {
		const line = await new Promise<string>((resolve, reject) => {
			createInterface({input: child.stdout}).once('line', resolve);
			child.once('exit', code => reject(new Error(`simulator exited ${code}`)));
		});
		const sim = JSON.parse(line) as {port: number; fingerprint: string; tokenId: string; token: string};
		const instance = plugin.create({id: 'pve-bench', type: 'proxmox', interval: 5, timeout: 10, host: '127.0.0.1', port: sim.port, tokenId: sim.tokenId, token: sim.token, fingerprint: sim.fingerprint}, {
			transport: () => undefined,
			localTransport,
			warn: () => {},
			requestPoll: () => {},
		});
		const walls: number[] = [];
		const cpus: number[] = [];
		let guests = 0;
		for (let round = 0; round < 6; round++) {
			const cpu = process.cpuUsage();
			const started = performance.now();
			const result = await instance.poll(AbortSignal.timeout(10_000));
			walls.push(performance.now() - started);
			const used = process.cpuUsage(cpu);
			cpus.push((used.user + used.system) / 1000);
			guests = result.entities.filter(entity => entity.kind === 'guest').length;
		}
		await instance.close?.();
		const warm = walls.slice(1).sort((a, b) => a - b);
		const warmCpu = cpus.slice(1).sort((a, b) => a - b);
		return {
			'guests polled': guests,
			'first poll incl. TLS handshake (ms)': walls[0]!,
			'poll round, median of 5 (ms; target ≤ 300)': warm[2]!,
			'client CPU per poll, median (ms)': warmCpu[2]!,
		};
	} finally {
		child.stdin.end();
		child.kill('SIGTERM');
	}
}

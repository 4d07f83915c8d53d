// Benchmark: one poll round over 32 simulated SSH hosts with 4 GPUs each (host script + nvidia-smi
// per host, all hosts at once), first with new connections, then over the reused ones; and the
// parse time of the largest nvidia-smi XML in the shared corpus. Simulator and client share this
// process (and its cores), so the figures are an upper bound for the client side.
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {localTransport} from '../src/local-transport.js';
import type {PluginInstance, SourceConfig} from '../src/plugin-api.js';
import {plugin as nvidia} from '../plugins/nvidia/index.js';
import {parseNvidiaXml} from '../plugins/nvidia/parse.js';
import {plugin as ssh} from '../plugins/ssh/index.js';
import type {HostProfile} from '../plugins/ssh/sim/sim-host.js';
import {startSshSimulator} from '../plugins/ssh/sim/simulator.js';
import {generateEd25519Key} from '../plugins/ssh/keygen.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const corpus = fileURLToPath(new URL('../../shared/corpus/nvidia-smi/', import.meta.url));

/** A 4-GPU host: the two RTX 3090 of gpu-box-1 and the P40 + RTX 3060 of gpu-box-2. */
function fourGpuXml(): string {
	const a = readFileSync(join(fixtures, 'nvidia', 'gpu-box-1.xml'), 'utf8');
	const b = readFileSync(join(fixtures, 'nvidia', 'gpu-box-2.xml'), 'utf8');
	const blocks = (xml: string) => xml.match(/<gpu id="[^"]*">[\s\S]*?<\/gpu>/g) ?? [];
	const head = a.slice(0, a.indexOf('<gpu id=')).replace(/<attached_gpus>\d+</, '<attached_gpus>4<');
	return `${head}${[...blocks(a), ...blocks(b)].join('\n')}\n</nvidia_smi_log>\n`;
}

async function timed(task: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await task();
	return performance.now() - started;
}

export async function benchSshGpus(): Promise<Record<string, number | string>> {
	const hostCount = 32;
	const dir = mkdtempSync(join(tmpdir(), 'labdeck-bench-ssh-'));
	const key = generateEd25519Key();
	const keyFile = join(dir, 'id');
	writeFileSync(keyFile, key.private, {mode: 0o600});
	const profiles = JSON.parse(readFileSync(join(fixtures, 'ssh', 'hosts.json'), 'utf8')) as Record<string, HostProfile>;
	const gpuXml = fourGpuXml();
	const names = Array.from({length: hostCount}, (_, index) => `gpu-node-${index + 1}`);
	const simulator = await startSshSimulator({hosts: names.map(name => ({name, profile: profiles['gpu-box-1']!, gpuXml})), authorizedKeys: [key.public]});
	const instances = new Map<string, PluginInstance>();
	const deps = {transport: (id: string) => instances.get(id)?.transport, localTransport, warn: () => {}, requestPoll: () => {}};
	const hosts: PluginInstance[] = [];
	const gpus: PluginInstance[] = [];
	const gpusXmlOnly: PluginInstance[] = [];
	for (const name of names) {
		const base = {interval: 5, timeout: 10};
		const host = ssh.create({...base, id: name, type: 'ssh', host: '127.0.0.1', port: simulator.hosts.get(name)!.port, user: 'bench', keyFile, hostKey: simulator.hostKey} as SourceConfig, deps);
		instances.set(name, host);
		hosts.push(host);
		gpus.push(nvidia.create({...base, id: `gpus-${name}`, type: 'nvidia', via: name}, deps));
		gpusXmlOnly.push(nvidia.create({...base, id: `xml-${name}`, type: 'nvidia', via: name, fastPath: false}, deps));
	}
	const round = (gpuSources: readonly PluginInstance[]) => Promise.all([...hosts, ...gpuSources].map(async instance => instance.poll(AbortSignal.timeout(10_000))));
	const result: Record<string, number | string> = {hosts: hostCount, gpusPerHost: 4};
	try {
		result.firstRoundMs = await timed(() => round(gpus));
		result.secondRoundReusedCsvMs = await timed(() => round(gpus));
		result.thirdRoundReusedXmlMs = await timed(() => round(gpusXmlOnly));
		const gpuCount = (await Promise.all(gpus.map(async instance => (await instance.poll(AbortSignal.timeout(10_000))).entities.length))).reduce((a, b) => a + b, 0);
		result.gpusSeen = gpuCount;
	} finally {
		for (const instance of instances.values()) await instance.close?.();
		await simulator.stop();
		rmSync(dir, {recursive: true, force: true});
	}
	const files = existsSync(corpus) ? readdirSync(corpus).filter(name => name.endsWith('.xml')) : [];
	if (files.length === 0) {
		result.largestCorpusXml = 'skipped: ../shared/corpus/nvidia-smi absent';
	} else {
		const largest = files.map(name => ({name, size: statSync(join(corpus, name)).size})).sort((a, b) => b.size - a.size)[0]!;
		const xml = readFileSync(join(corpus, largest.name), 'utf8');
		for (let index = 0; index < 20; index++) parseNvidiaXml(xml, {source: 'bench', host: 'bench'});
		const samples = Array.from({length: 50}, () => {
			const started = performance.now();
			parseNvidiaXml(xml, {source: 'bench', host: 'bench'});
			return performance.now() - started;
		}).sort((a, b) => a - b);
		result.largestCorpusXml = `${largest.name} (${Math.round(largest.size / 1024)} KiB)`;
		result.largestCorpusXmlParseMedianMs = samples[25]!;
	}
	return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	console.log(await benchSshGpus());
}

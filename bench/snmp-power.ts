// Benchmark: one poll of a 24-outlet APC PDU plus a UPS (labdeck's apc-pdu and ups plugins,
// in-process) against snmpsimd, beside net-snmp's C tools (snmpget + snmpbulkwalk, Debian `snmp`)
// fetching the same OIDs from the same agent in the same run. Median of N rounds.
import {spawn, spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {PluginDeps, SourceConfig} from '../src/plugin-api.js';
import {plugin as apcPdu} from '../plugins/apc-pdu/index.js';
import {pollScalars as pduScalars, pollSubtrees as pduSubtrees} from '../plugins/apc-pdu/oids.js';
import {findSnmpsimd, startSnmpsim} from '../protocols/snmp/sim/snmpsim.js';
import {plugin as ups} from '../plugins/ups/index.js';
import {upsScalars, upsSubtrees} from '../plugins/ups/oids.js';

const pduFixture = fileURLToPath(new URL('../fixtures/apc-pdu/ap8959-24-rpdu2.snmprec', import.meta.url));
const upsFixture = fileURLToPath(new URL('../fixtures/ups/smart-ups-3000-nmc2.snmprec', import.meta.url));
const rounds = 15;
const deps: PluginDeps = {transport: () => undefined, localTransport: {host: 'local', exec: async () => ({stdout: '', stderr: '', code: 0})}, warn: () => {}, requestPoll: () => {}};

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

function run(command: string, args: readonly string[]): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.on('error', reject);
		child.on('exit', code => (code === 0 ? resolve(0) : reject(new Error(`${command} exited ${code}: ${stderr.trim()}`))));
	});
}

export async function benchSnmpPower(): Promise<Record<string, number | string>> {
	if (!findSnmpsimd()) return {skipped: 'snmpsimd is not installed'};
	if (spawnSync('which', ['snmpbulkwalk']).status !== 0) return {skipped: 'net-snmp C tools (snmpget, snmpbulkwalk) are not installed'};
	const sim = await startSnmpsim([pduFixture, upsFixture]);
	try {
		const target = `127.0.0.1:${sim.port}`;
		const base = {interval: 10, timeout: 5, host: '127.0.0.1', port: sim.port, version: '2c', maxRepetitions: 25};
		const pduConfig: SourceConfig = {...base, id: 'bench-pdu', type: 'apc-pdu', community: 'ap8959-24-rpdu2'};
		const upsConfig: SourceConfig = {...base, id: 'bench-ups', type: 'ups', community: 'smart-ups-3000-nmc2'};
		const pdu = apcPdu.create(pduConfig, deps);
		const upsInstance = ups.create(upsConfig, deps);
		const labdeckRound = async () => {
			const started = performance.now();
			const [pduResult] = await Promise.all([pdu.poll(AbortSignal.timeout(10_000)), upsInstance.poll(AbortSignal.timeout(10_000))]);
			if (pduResult.entities.length !== 25) throw new Error(`expected 25 PDU entities, got ${pduResult.entities.length}`);
			return performance.now() - started;
		};
		const common = ['-v2c', '-r', '1', '-t', '5', '-On', '-Oq'];
		const cCommands = (community: string, scalars: readonly string[], subtrees: readonly string[]) => [
			['snmpget', [...common, '-c', community, target, ...scalars]],
			...subtrees.map(oid => ['snmpbulkwalk', [...common, '-Cr25', '-c', community, target, oid]]),
		] as [string, string[]][];
		const commands = [...cCommands('ap8959-24-rpdu2', pduScalars, pduSubtrees), ...cCommands('smart-ups-3000-nmc2', upsScalars, upsSubtrees)];
		const cParallel = async () => {
			const started = performance.now();
			await Promise.all(commands.map(async ([command, args]) => run(command, args)));
			return performance.now() - started;
		};
		const cSequential = async () => {
			const started = performance.now();
			for (const [command, args] of commands) await run(command, args);
			return performance.now() - started;
		};
		await labdeckRound();
		await cParallel();
		const labdeck: number[] = [];
		const parallel: number[] = [];
		const sequential: number[] = [];
		for (let round = 0; round < rounds; round++) {
			labdeck.push(await labdeckRound());
			parallel.push(await cParallel());
			sequential.push(await cSequential());
		}
		const labdeckMs = median(labdeck);
		const parallelMs = median(parallel);
		const sequentialMs = median(sequential);
		return {
			agent: 'snmpsimd (Debian), 127.0.0.1',
			outlets: 24,
			rounds,
			cToolInvocations: commands.length,
			labdeckPollMs: Number(labdeckMs.toFixed(2)),
			cToolsParallelMs: Number(parallelMs.toFixed(2)),
			cToolsSequentialMs: Number(sequentialMs.toFixed(2)),
			ratioVsCParallel: Number((labdeckMs / parallelMs).toFixed(2)),
			ratioVsCSequential: Number((labdeckMs / sequentialMs).toFixed(2)),
		};
	} finally {
		await sim.stop();
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	console.log(JSON.stringify(await benchSnmpPower(), null, 2));
}

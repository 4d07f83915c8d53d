// The nvidia plugin end to end: nvidia-smi on simulated hosts, reached through the ssh plugin.
import {afterEach, describe, expect, it} from 'vitest';
import type {Entity, EntityDraft, GpuEntity} from '../../src/entities.js';
import {ActionRefusedError, DeviceReplyError, TimeoutError} from '../../src/errors.js';
import type {ActionDef, ActionRunContext, ActionView, PluginInstance, SourceConfig} from '../../src/plugin-api.js';
import {plugin as ssh} from '../ssh/index.js';
import {gpuFixture, hostProfile, startRig, type Rig} from '../../test/support/ssh-rig.js';
import {plugin as nvidia} from './index.js';
import {gpuRules} from '../../src/kind-rules.js';
import {testRunContext, testView} from '../../test/support/actions.js';

let rig: Rig | undefined;
afterEach(async () => {
	await rig?.stop();
	rig = undefined;
});

async function lab(options: {now?: () => number; overheat?: boolean} = {}): Promise<Rig> {
	rig = await startRig([
		{name: 'gpu-box-1', profile: hostProfile('gpu-box-1'), gpuXml: gpuFixture('gpu-box-1.xml'), overheatGpu: options.overheat ? 0 : undefined},
		{name: 'gpu-box-2', profile: hostProfile('gpu-box-2'), gpuXml: gpuFixture('gpu-box-2.xml')},
	], {now: options.now});
	for (const name of ['gpu-box-1', 'gpu-box-2']) rig.instances.set(name, ssh.create(rig.sshConfig(name), rig.deps));
	return rig;
}

function gpusOf(rig: Rig, via: string, extra: Record<string, unknown> = {}): PluginInstance {
	const config: SourceConfig = {id: `gpus-${via}`, type: 'nvidia', interval: 5, timeout: 2, via, ...extra};
	const instance = nvidia.create(config, rig.deps);
	rig.instances.set(config.id, instance);
	return instance;
}

const poll = async (instance: PluginInstance) => (await instance.poll(AbortSignal.timeout(5000))).entities as GpuEntity[];
const asEntities = (drafts: readonly EntityDraft[]): Entity[] => drafts.map(draft => ({...draft, seenAt: 0}) as Entity);

const view = (entities: readonly Entity[]): ActionView => testView(entities);
const context = (params: Record<string, string>, entities: readonly Entity[]): ActionRunContext => testRunContext({signal: AbortSignal.timeout(5000), params, view: view(entities)});

function action(instance: PluginInstance, id: string): ActionDef {
	return instance.actions!.find(candidate => candidate.id === id)!;
}

describe('nvidia plugin through the SSH simulator', () => {
	it('reads every GPU with the ssh host name, then uses the CSV fast path', async () => {
		const rig = await lab();
		const gpus = gpusOf(rig, 'gpu-box-1');
		const first = await poll(gpus);
		expect(first.map(gpu => [gpu.id, gpu.name, gpu.host, gpu.pciBusId])).toEqual([
			['gpu:gpus-gpu-box-1/0', 'NVIDIA GeForce RTX 3090', 'gpu-box-1', '0000:01:00.0'],
			['gpu:gpus-gpu-box-1/1', 'NVIDIA GeForce RTX 3090', 'gpu-box-1', '0000:21:00.0'],
		]);
		expect(first[0]!.processes.length).toBeGreaterThan(0);
		const second = await poll(gpus);
		expect(second[0]!.processes).toEqual(first[0]!.processes);
		expect(second[0]!.power.maxLimitWatts).toBe(390);
		const commands = rig.simulator.hosts.get('gpu-box-1')!.commands;
		expect(commands.at(-2)).toBe('nvidia-smi -q -x');
		expect(commands.at(-1)).toMatch(/^nvidia-smi --query-gpu=index,pci.bus_id,.* --format=csv,noheader,nounits$/);
	});

	it('sets a power limit, and shows nvidia-smi refusing an out-of-range one', async () => {
		const rig = await lab();
		const gpus = gpusOf(rig, 'gpu-box-2', {sudo: true});
		const entities = asEntities(await poll(gpus));
		const p40 = entities.filter(entity => entity.kind === 'gpu' && entity.index === 0);
		const setLimit = action(gpus, 'gpu.set-power-limit');
		expect(setLimit.risk).toBe('high');
		expect(setLimit.validate!(p40, {watts: '400'}, view(entities))).toMatch(/outside the range .* 125–250 W/);
		expect(setLimit.validate!(p40, {watts: 'lots'}, view(entities))).toMatch(/not a number/);
		expect(setLimit.describe!(p40, {watts: '200'}, view(entities))).toEqual(['GPU 0 (Tesla P40) on gpu-box-2: power limit 250 W → 200 W']);
		const outcome = await setLimit.run(p40, context({watts: '200'}, entities));
		expect(outcome.ok).toBe(true);
		expect(rig.simulator.hosts.get('gpu-box-2')!.commands.at(-1)).toBe('sudo -n nvidia-smi -i 0 -pl 200');
		expect(rig.deps.pollRequests).toBe(1);
		const after = await poll(gpus);
		expect(after[0]!.power.limitWatts).toBe(200);
		// Skipping validation, the device's own refusal comes back word for word.
		const refused = await setLimit.run(p40, context({watts: '100'}, entities)).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(ActionRefusedError);
		expect((refused as Error).message).toContain('Provided power limit 100.00 W is not a valid power limit which should be between 125.00 W and 250.00 W');
	});

	it('kills a GPU process chosen from the GPU\'s list', async () => {
		const rig = await lab();
		const gpus = gpusOf(rig, 'gpu-box-1');
		const entities = asEntities(await poll(gpus));
		const gpu0 = entities.filter(entity => entity.id === 'gpu:gpus-gpu-box-1/0');
		const kill = action(gpus, 'gpu.kill-process');
		expect(kill.risk).toBe('destructive');
		expect(kill.params![0]!.choices!(gpu0, view(entities))).toEqual(['24511', '2113']);
		expect(kill.validate!(gpu0, {pid: '999'}, view(entities))).toMatch(/does not run on the selected GPU/);
		expect(kill.describe!(gpu0, {pid: '24511'}, view(entities))[0]).toMatch(/kill pid 24511 \(\/opt\/conda\/envs\/train\/bin\/python, 17\.7 GiB of GPU memory\) on GPU 0 \(NVIDIA GeForce RTX 3090\) on gpu-box-1/);
		await kill.run(gpu0, context({pid: '24511'}, entities));
		const after = await poll(gpus);
		expect(after[0]!.processes.map(process => process.pid)).toEqual([2113]);
		expect(after[0]!.utilization.gpu).toBe(0);
		await expect(kill.run(gpu0, context({pid: '24511'}, entities))).rejects.toThrow(/No such process/);
	});

	it('starts a GPU hot and heats it past its slowdown threshold in the gpu-overheat scenario, and the alert rules see it', async () => {
		let now = Date.now();
		const rig = await lab({now: () => now, overheat: true});
		const gpus = gpusOf(rig, 'gpu-box-1', {fastPath: false});
		const start = (await poll(gpus))[0]!;
		expect(start.temperature.celsius).toBe(86);
		now += 10_000;
		expect((await poll(gpus))[0]!.temperature.celsius).toBe(91);
		now += 120_000;
		const hot = (await poll(gpus))[0]!;
		expect(hot.temperature.celsius).toBeGreaterThanOrEqual(hot.temperature.slowdownCelsius!);
		expect(hot.throttleReasons).toEqual(expect.arrayContaining(['hw-slowdown', 'hw-thermal-slowdown', 'sw-thermal']));
		const [warning, critical] = gpuRules;
		const entity = {...hot, seenAt: now} as Entity;
		expect(warning!.metric(entity, now)! >= warning!.trigger).toBe(true);
		expect(critical!.metric(entity, now)! >= critical!.trigger).toBe(true);
		expect(critical!.message(entity, 0, now)).toMatch(/past its slowdown threshold 95 °C/);
	});

	it('reports garbage and a host that never answers as this source\'s errors only', async () => {
		const rig = await lab();
		const box1 = gpusOf(rig, 'gpu-box-1');
		const box2 = gpusOf(rig, 'gpu-box-2');
		rig.simulator.hosts.get('gpu-box-1')!.mode = 'garbage';
		await expect(poll(box1)).rejects.toThrow(DeviceReplyError);
		await expect(poll(box1)).rejects.toThrow(/^gpus-gpu-box-1: nvidia-smi -q -x: not nvidia-smi XML/);
		expect(await poll(box2)).toHaveLength(2);
		rig.simulator.hosts.get('gpu-box-1')!.mode = 'exec-hang';
		const started = Date.now();
		await expect(poll(box1)).rejects.toThrow(TimeoutError);
		expect(Date.now() - started).toBeLessThan(3000);
	});

	it('falls back to the XML when a driver refuses the --query-gpu fields', async () => {
		const rig = await lab();
		const gpus = gpusOf(rig, 'gpu-box-1', {command: 'nvidia-smi'});
		await poll(gpus);
		const sim = rig.simulator.hosts.get('gpu-box-1')!.nvidia!;
		const original = sim.csv.bind(sim);
		sim.csv = () => ({stdout: 'Field "pci.bus_id" is not a valid field to query.\n', stderr: '', code: 2});
		expect(await poll(gpus)).toHaveLength(2);
		expect(rig.deps.warnings[0]).toMatch(/--query-gpu failed/);
		sim.csv = original;
	});
});

// GPU actions: set the power limit (checked against the card's min/max before asking) and kill a
// GPU process. Both run through the source's transport; nvidia-smi's own refusal is shown as is.
import type {Entity, GpuEntity} from '../../src/entities.js';
import {ActionRefusedError} from '../../src/errors.js';
import type {ActionDef} from '../../src/plugin-api.js';
import {firstLine, type NvidiaRunner} from './client.js';

function gpus(targets: readonly Entity[]): GpuEntity[] {
	return targets.filter((entity): entity is GpuEntity => entity.kind === 'gpu');
}

function label(gpu: GpuEntity): string {
	return `GPU ${gpu.index} (${gpu.name}) on ${gpu.host}`;
}

function gib(bytes: number | null): string {
	return bytes === null ? '? GiB' : `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

export function gpuActions(source: string, runner: NvidiaRunner, afterRun: () => void): ActionDef[] {
	const isOurs = (entity: Entity) => entity.kind === 'gpu' && entity.source === source;
	const setPowerLimit: ActionDef = {
		id: 'gpu.set-power-limit',
		kind: 'gpu',
		label: 'Set power limit',
		risk: 'high',
		timeoutMs: 30_000,
		params: [{name: 'watts', label: 'Power limit (W)', isRequired: true}],
		appliesTo: entity => isOurs(entity) && entity.kind === 'gpu' && entity.power.maxLimitWatts !== null,
		validate(targets, params) {
			const watts = Number(params.watts);
			if (params.watts === undefined || params.watts.trim() === '' || !Number.isFinite(watts)) return `power limit "${params.watts ?? ''}" is not a number of watts`;
			for (const gpu of gpus(targets)) {
				const {minLimitWatts: min, maxLimitWatts: max} = gpu.power;
				if (min === null || max === null) return `${label(gpu)} does not report its power limit range`;
				if (watts < min || watts > max) return `${watts} W is outside the range of ${label(gpu)}: ${min}–${max} W`;
			}
			return undefined;
		},
		describe(targets, params) {
			return gpus(targets).map(gpu => `${label(gpu)}: power limit ${gpu.power.limitWatts ?? '?'} W → ${params.watts ?? '?'} W`);
		},
		async run(targets, context) {
			const watts = Number(context.params.watts);
			const done: string[] = [];
			try {
				for (const gpu of gpus(targets)) {
					const operation = 'gpu.set-power-limit';
					const result = await runner.run(['-i', String(gpu.index), '-pl', String(watts)], {signal: context.signal, timeoutMs: 20_000, operation, isAction: true});
					if (result.code !== 0) throw new ActionRefusedError({source, operation}, 'device', `${label(gpu)}: ${firstLine(result)}`);
					done.push(`GPU ${gpu.index}`);
				}
			} finally {
				afterRun();
			}
			return {ok: true, message: `power limit set to ${watts} W on ${done.join(', ')}`, details: {watts}};
		},
	};

	const killProcess: ActionDef = {
		id: 'gpu.kill-process',
		kind: 'gpu',
		label: 'Kill GPU process',
		risk: 'destructive',
		timeoutMs: 20_000,
		params: [{
			name: 'pid',
			label: 'Process',
			isRequired: true,
			choices: targets => gpus(targets).flatMap(gpu => gpu.processes.map(process => String(process.pid))),
		}],
		appliesTo: entity => isOurs(entity) && entity.kind === 'gpu' && entity.processes.length > 0,
		validate(targets, params) {
			const pid = Number(params.pid);
			if (!Number.isInteger(pid) || pid <= 0) return `"${params.pid ?? ''}" is not a process id`;
			if (!gpus(targets).some(gpu => gpu.processes.some(process => process.pid === pid))) return `pid ${pid} does not run on the selected GPU`;
			return undefined;
		},
		describe(targets, params) {
			const pid = Number(params.pid);
			return gpus(targets).flatMap(gpu => gpu.processes
				.filter(process => process.pid === pid)
				.map(process => `kill pid ${pid} (${process.name || 'unnamed'}, ${gib(process.usedMemoryBytes)} of GPU memory) on ${label(gpu)}`));
		},
		async run(targets, context) {
			const pid = String(Number(context.params.pid));
			const operation = 'gpu.kill-process';
			const gpu = gpus(targets).find(candidate => candidate.processes.some(process => String(process.pid) === pid));
			try {
				const result = await runner.exec(['kill', pid], {signal: context.signal, timeoutMs: 10_000, operation, isAction: true});
				if (result.code !== 0) throw new ActionRefusedError({source, operation}, 'device', `kill ${pid}: ${firstLine(result)}`);
			} finally {
				afterRun();
			}
			return {ok: true, message: `sent SIGTERM to pid ${pid}${gpu ? ` on ${label(gpu)}` : ''}`, details: {pid: Number(pid)}};
		},
	};
	return [setPowerLimit, killProcess];
}

// The `nvidia` plugin: every GPU of a machine from nvidia-smi, locally or on a host reached
// through an ssh source (`via`). The full XML is read at start, after actions and every
// `fullInterval` seconds; polls in between use the much cheaper `--query-gpu` CSV and merge it.
import type {EntityDraft} from '../../src/entities.js';
import {DeviceReplyError} from '../../src/errors.js';
import {Type} from '@sinclair/typebox';
import {definePlugin, type PluginConfig, type PluginDeps} from '../../src/plugin-api.js';
import {gpuActions} from './actions.js';
import {firstLine, nvidiaRunner} from './client.js';
import {fieldsFor, mergeQuery, parseQueryCsv, queryArgsFor} from './parse-csv.js';
import {parseNvidiaXmlInSlices} from './sliced.js';
import {capsOf} from '../../src/caps.js';

type GpuDraft = Extract<EntityDraft, {kind: 'gpu'}>;

const schema = Type.Object({
	via: Type.Optional(Type.String({minLength: 1, description: 'An ssh source to run nvidia-smi through (this machine when absent)'})),
	command: Type.Optional(Type.String({minLength: 1, description: 'The nvidia-smi command; nvidia-smi when absent'})),
	sudo: Type.Optional(Type.Boolean({description: 'Run actions with sudo -n'})),
	fastPath: Type.Optional(Type.Boolean({description: 'Poll with --query-gpu between full XML reads; true when absent'})),
	fullInterval: Type.Optional(Type.Number({exclusiveMinimum: 0, description: 'Seconds between full XML reads; 30 when absent'})),
});

export type NvidiaConfig = PluginConfig<typeof schema>;

function create(config: NvidiaConfig, deps: PluginDeps) {
	const runner = nvidiaRunner(config, deps);
	const timeoutMs = config.timeout * 1000;
	const caps = capsOf(config);
	const fullEveryMs = (config.fullInterval ?? 30) * 1000;
	let isFastPathOn = config.fastPath !== false;
	let last: GpuDraft[] | undefined;
	let lastFullAtMs = 0;
	let needsFull = true;

	async function readFull(signal: AbortSignal): Promise<GpuDraft[]> {
		const operation = 'nvidia-smi -q -x';
		const result = await runner.run(['-q', '-x'], {signal, timeoutMs, operation});
		if (result.code !== 0 && !result.stdout.trimStart().startsWith('<')) {
			throw new DeviceReplyError({source: config.id, operation}, `nvidia-smi failed: ${firstLine(result)}`);
		}
		last = await parseNvidiaXmlInSlices(result.stdout, {source: config.id, host: runner.host}, caps, signal);
		lastFullAtMs = Date.now();
		needsFull = false;
		return last;
	}

	async function readFast(signal: AbortSignal, base: readonly GpuDraft[]): Promise<GpuDraft[]> {
		const fields = fieldsFor(base);
		const result = await runner.run(queryArgsFor(fields), {signal, timeoutMs, operation: 'nvidia-smi --query-gpu'});
		if (result.code !== 0) {
			// An old driver that does not know a field: use the XML from now on.
			isFastPathOn = false;
			deps.warn(`${config.id}: --query-gpu failed (${firstLine(result)}); reading the full XML every poll`);
			return readFull(signal);
		}
		const merged = mergeQuery(base, parseQueryCsv(result.stdout, {source: config.id}, fields));
		return merged ?? readFull(signal);
	}

	return {
		async poll(signal: AbortSignal) {
			const isDue = needsFull || !last || !isFastPathOn || Date.now() - lastFullAtMs >= fullEveryMs;
			const entities = isDue ? await readFull(signal) : await readFast(signal, last!);
			return {entities};
		},
		actions: gpuActions(config.id, runner, () => {
			needsFull = true;
			deps.requestPoll();
		}),
	};
}

export const plugin = definePlugin({
	type: 'nvidia',
	description: 'NVIDIA GPUs from nvidia-smi (XML, with a --query-gpu fast path), locally or through an ssh source',
	schema,
	sourceRefs: ['via'],
	defaults: {interval: 5, timeout: 10},
	create,
});

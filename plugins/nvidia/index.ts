// The `nvidia` plugin: every GPU of a machine from nvidia-smi, locally or on a host reached
// through an ssh source (`via`). The full XML is read at start, after actions and every
// `fullInterval` seconds; polls in between use the much cheaper `--query-gpu` CSV and merge it.
import type {EntityDraft} from '../../src/entities.js';
import {DeviceReplyError} from '../../src/errors.js';
import type {PluginDefinition, PluginDeps, SourceConfig} from '../../src/plugin-api.js';
import {gpuActions} from './actions.js';
import {firstLine, nvidiaRunner} from './client.js';
import {mergeQuery, parseQueryCsv, queryArgs} from './parse-csv.js';
import {parseNvidiaXmlInSlices} from './sliced.js';
import {capsOf} from '../../src/caps.js';

type GpuDraft = Extract<EntityDraft, {kind: 'gpu'}>;

function create(config: SourceConfig, deps: PluginDeps) {
	const runner = nvidiaRunner(config, deps);
	const timeoutMs = config.timeout * 1000;
	const caps = capsOf(config);
	const fullEveryMs = (typeof config.fullInterval === 'number' ? config.fullInterval : 30) * 1000;
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
		const result = await runner.run(queryArgs, {signal, timeoutMs, operation: 'nvidia-smi --query-gpu'});
		if (result.code !== 0) {
			// An old driver that does not know a field: use the XML from now on.
			isFastPathOn = false;
			deps.warn(`${config.id}: --query-gpu failed (${firstLine(result)}); reading the full XML every poll`);
			return readFull(signal);
		}
		const merged = mergeQuery(base, parseQueryCsv(result.stdout, {source: config.id}));
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


export const plugin: PluginDefinition = {
	type: 'nvidia',
	description: 'NVIDIA GPUs from nvidia-smi (XML, with a --query-gpu fast path), locally or through an ssh source',
	schema: {
		type: 'object',
		properties: {
			via: {type: 'string', minLength: 1},
			command: {type: 'string', minLength: 1},
			sudo: {type: 'boolean'},
			fastPath: {type: 'boolean'},
			fullInterval: {type: 'number', exclusiveMinimum: 0},
		},
	},
	defaults: {interval: 5, timeout: 10},
	create,
};

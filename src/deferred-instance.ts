// A source whose secret comes from a `…Command`: the plugin instance is created at its first poll,
// once the command has answered (within its own timeout, bounded by the poll's signal too), so a
// slow or hanging command delays only this source. A failed command fails that poll (the source
// is down, naming the field) and is tried again at the next one.
import type {PluginInstance, SourceConfig} from './plugin-api.js';
import {runSecretCommands, secretCommandTimeoutMs, type SecretCommands} from './secrets.js';

export function deferredInstance(config: SourceConfig, commands: SecretCommands, create: (config: SourceConfig) => PluginInstance, onReady: (instance: PluginInstance) => void): PluginInstance {
	let real: PluginInstance | undefined;
	let creating: Promise<PluginInstance> | undefined;
	let isClosed = false;
	const ensure = async (signal: AbortSignal): Promise<PluginInstance> => {
		if (real) return real;
		// Within the poll's budget, so that the error names the field rather than the poll's timeout.
		creating ??= runSecretCommands(commands, config.id, {signal, timeoutMs: Math.min(secretCommandTimeoutMs, Math.max(100, config.timeout * 900))})
			.then(secrets => {
				const instance = create({...config, ...secrets});
				if (isClosed) void instance.close?.();
				real = instance;
				onReady(instance);
				return instance;
			})
			.finally(() => {
				creating = undefined;
			});
		return creating;
	};
	return {
		async poll(signal) {
			return (await ensure(signal)).poll(signal);
		},
		get actions() {
			return real?.actions;
		},
		get transport() {
			return real?.transport;
		},
		async close() {
			isClosed = true;
			await real?.close?.();
		},
	};
}

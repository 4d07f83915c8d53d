// The plugin registry: one line per device type. Adding a device type touches its folder under
// plugins/, its fixtures/ folder and one line here. A plugin's code (and its protocol library:
// ssh2, net-snmp, undici…) is loaded only when a source of its type is configured, so a command
// that polls this machine alone does not load the SSH and SNMP stacks.
import type {PluginCatalog, PluginDefinition} from '../src/plugin-api.js';

const loaders: Readonly<Record<string, () => Promise<PluginDefinition>>> = {
	local: async () => (await import('./local/index.js')).plugin,
	proxmox: async () => (await import('./proxmox/index.js')).plugin,
	ssh: async () => (await import('./ssh/index.js')).plugin,
	nvidia: async () => (await import('./nvidia/index.js')).plugin,
	'apc-pdu': async () => (await import('./apc-pdu/index.js')).plugin,
	ups: async () => (await import('./ups/index.js')).plugin,
	nut: async () => (await import('./nut/index.js')).plugin,
	wol: async () => (await import('./wol/index.js')).plugin,
};

export const plugins: PluginCatalog = {
	types: Object.keys(loaders),
	async load(types = Object.keys(loaders)) {
		const wanted = [...new Set(types)].filter(type => type in loaders);
		return Promise.all(wanted.map(async type => loaders[type]!()));
	},
};

// The plugin registry: one line per device type. Adding a device type touches its folder under
// plugins/, its fixtures/ folder and one line here. A plugin's code (and its protocol library:
// ssh2, net-snmp, undici…) is loaded only when a source of its type is configured, so a command
// that polls this machine alone does not load the SSH and SNMP stacks.
import type {PluginCatalog, PluginDefinition} from '../src/plugin-api.js';

type Entry = {readonly kinds: PluginCatalog['kinds'][string]; load(): Promise<PluginDefinition>};

const entries: Readonly<Record<string, Entry>> = {
	local: {kinds: ['host'], load: async () => (await import('./local/index.js')).plugin},
	proxmox: {kinds: ['host', 'guest', 'storage'], load: async () => (await import('./proxmox/index.js')).plugin},
	ssh: {kinds: ['host'], load: async () => (await import('./ssh/index.js')).plugin},
	nvidia: {kinds: ['gpu'], load: async () => (await import('./nvidia/index.js')).plugin},
	'apc-pdu': {kinds: ['pdu', 'outlet', 'ats'], load: async () => (await import('./apc-pdu/index.js')).plugin},
	ups: {kinds: ['ups'], load: async () => (await import('./ups/index.js')).plugin},
	nut: {kinds: ['ups', 'pdu', 'outlet', 'ats'], load: async () => (await import('./nut/index.js')).plugin},
	wol: {kinds: ['host'], load: async () => (await import('./wol/index.js')).plugin},
	redfish: {kinds: ['bmc'], load: async () => (await import('./redfish/index.js')).plugin},
	homeassistant: {kinds: ['automation'], load: async () => (await import('./homeassistant/index.js')).plugin},
	homeseer: {kinds: ['automation'], load: async () => (await import('./homeseer/index.js')).plugin},
	mqtt: {kinds: ['automation'], load: async () => (await import('./mqtt/index.js')).plugin},
};

export const plugins: PluginCatalog = {
	types: Object.keys(entries),
	kinds: Object.fromEntries(Object.entries(entries).map(([type, entry]) => [type, entry.kinds])),
	async load(types = Object.keys(entries)) {
		const wanted = [...new Set(types)].filter(type => type in entries);
		return Promise.all(wanted.map(async type => entries[type]!.load()));
	},
};

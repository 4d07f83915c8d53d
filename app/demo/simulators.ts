// The demo lab's simulator adapters, one line each, loaded only when the demo starts. An adapter
// starts a plugin's simulator (plugins/<type>/sim/) for the devices lab.ts says it plays.
import type {SimulatorAdapter} from './types.js';

export const simulatorAdapters: Readonly<Record<string, () => Promise<SimulatorAdapter>>> = {
	proxmox: async () => (await import('./sims/proxmox.js')).start,
	ssh: async () => (await import('./sims/ssh.js')).start,
	'apc-pdu': async () => (await import('./sims/apc-pdu.js')).start,
	ups: async () => (await import('./sims/ups.js')).start,
	nut: async () => (await import('./sims/nut.js')).start,
	wol: async () => (await import('./sims/wol.js')).start,
	redfish: async () => (await import('./sims/redfish.js')).start,
	homeassistant: async () => (await import('./sims/homeassistant.js')).start,
	homeseer: async () => (await import('./sims/homeseer.js')).start,
	mqtt: async () => (await import('./sims/mqtt.js')).start,
};

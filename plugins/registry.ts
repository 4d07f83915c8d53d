// The plugin registry: one line per device type. Adding a device type touches its folder under
// plugins/, its fixtures/ folder and one line here.
import type {PluginDefinition} from '../src/plugin-api.js';
import {plugin as ssh} from './ssh/index.js';
import {plugin as nvidia} from './nvidia/index.js';
import {plugin as proxmox} from './proxmox/index.js';
import {plugin as local} from './local/index.js';
import {plugin as wol} from './wol/index.js';
import {plugin as apcPdu} from './apc-pdu/index.js';
import {plugin as ups} from './ups/index.js';
import {plugin as nut} from './nut/index.js';

export const plugins: readonly PluginDefinition[] = [
	ssh,
	nvidia,
	proxmox,
	local,
	wol,
	apcPdu,
	ups,
	nut,
];

export function findPlugin(type: string): PluginDefinition | undefined {
	return plugins.find(plugin => plugin.type === type);
}

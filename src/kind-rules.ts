// The default alert rules of every registered kind (each kind module's `rules`): they run over
// every entity of their kind, whichever plugin reported it. Plugins add rules of their own
// protocol (a Proxmox node offline, a failed task) through `PluginDefinition.alertRules`.
import type {AlertRule} from './model.js';
import {kindModules} from './kinds/index.js';

export const kindRules: readonly AlertRule[] = kindModules.flatMap(module => module.rules ?? []);
export {gpuRules} from './kinds/gpu.js';
export {pduRules} from './kinds/pdu.js';
export {upsRules} from './kinds/ups.js';
export {hostRules} from './kinds/host.js';

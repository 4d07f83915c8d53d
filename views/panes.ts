// The panes, in number-key order.
import type {ComponentType} from 'react';
import type {PaneId} from '../src/keys.js';
import {AlertsPane} from './AlertsPane.js';
import {AutomationsPane} from './AutomationsPane.js';
import {GpusPane} from './GpusPane.js';
import {HostsPane} from './HostsPane.js';
import type {PaneProps} from './pane-handle.js';
import {PowerPane} from './PowerPane.js';
import {RacksPane} from './RacksPane.js';
import {VmsPane} from './VmsPane.js';

export const panes: readonly {readonly id: PaneId; readonly title: string; readonly component: ComponentType<PaneProps>}[] = [
	{id: 'racks', title: 'Racks', component: RacksPane},
	{id: 'gpus', title: 'GPUs', component: GpusPane},
	{id: 'vms', title: 'VMs', component: VmsPane},
	{id: 'power', title: 'Power', component: PowerPane},
	{id: 'automations', title: 'Automations', component: AutomationsPane},
	{id: 'alerts', title: 'Alerts', component: AlertsPane},
	{id: 'hosts', title: 'Hosts', component: HostsPane},
];

// The kind registry: one line per entity kind. The console (tables, generic panes, `:` aliases),
// the CLI (`labdeck <command>`, text tables), the alert engine (default rules), the store
// (history metrics) and the output schema read kinds from here.
import type {EntityKind} from '../entities.js';
import {gpuKind} from './gpu.js';
import {guestKind} from './guest.js';
import {hostKind} from './host.js';
import type {KindModule} from './kind-module.js';
import {outletKind} from './outlet.js';
import {pduKind} from './pdu.js';
import {storageKind} from './storage.js';
import {upsKind} from './ups.js';
// Registration lines written by their owners' branches:
import {bmcKind} from './bmc.js';
import {automationKind} from './automation.js';
import {atsKind} from './ats.js';

export const kindModules: readonly KindModule[] = [
	hostKind as KindModule,
	guestKind as KindModule,
	gpuKind as KindModule,
	outletKind as KindModule,
	pduKind as KindModule,
	upsKind as KindModule,
	storageKind as KindModule,
	bmcKind as KindModule,
	automationKind as KindModule,
	atsKind as KindModule,
];

const byKind = new Map<string, KindModule>(kindModules.map(module => [module.kind, module]));

/** The module of a kind; undefined for a kind no module describes yet. */
export function kindModule(kind: EntityKind | string): KindModule | undefined {
	return byKind.get(kind);
}

/** Kinds that no dedicated pane shows: each gets a generic pane and its own `labdeck <command>`. */
export const genericKinds: readonly KindModule[] = kindModules.filter(module => module.shownBy === undefined);

// How the layout talks to the focused pane: it offers each key to the pane first (after an open
// dialog or the command line); the pane says whether it consumed it.
import type {MutableRefObject} from 'react';
import type {Entity} from '../src/entities.js';
import type {CommandId, KeyBindings} from '../src/keys.js';
import type {Topology} from '../src/topology.js';
import type {ActionRunner} from './action-runner.js';
import type {Clock} from './clock.js';
import type {StoreLike} from './use-store.js';

export type PaneHandle = {
	/** Returns true when the pane used the key (text entry consumes every key). */
	handle(command: CommandId | undefined, key: string | undefined, input: string): boolean;
	/** The marked rows' entities, or the selected row's; what `a` acts on. */
	selection(): readonly Entity[];
};

export type PaneProps = {
	readonly store: StoreLike;
	readonly topology: Topology;
	readonly clock: Clock;
	readonly width: number;
	readonly height: number;
	readonly bindings: KeyBindings;
	/** The pane registers its key handler here while it is mounted. */
	readonly handleRef: MutableRefObject<PaneHandle | null>;
	/** For plans shown in a pane (the power pane's shed-load plan); panes never execute. */
	readonly actions: ActionRunner;
	/** Asks the layout to start an action (the confirm flow) on these entities. */
	readonly onRequestAction: (actionId: string, targets: readonly Entity[]) => void;
	/** Asks the layout to show a pane (Enter on an incident jumps to its subject's pane). */
	readonly onGoto?: (pane: string, entityId?: string) => void;
};

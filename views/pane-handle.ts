// How the layout talks to the focused pane. Keys are routed by priority in use-console.ts: an
// open dialog, then the command line and help, then the focused pane, then global keys. A pane
// registers its handler (in a layout effect, never during render) through `keys`; the handler
// says whether it consumed the key. Table state (filter, sort, cursor, marks, scroll) lives in
// `memory`, owned by the console, so that it survives switching panes.
import type {Entity} from '../src/entities.js';
import type {CommandId, KeyBindings} from '../src/keys.js';
import type {Topology} from '../src/topology.js';
import type {ActionRunner} from './action-runner.js';
import type {Clock} from './clock.js';
import type {TableState} from './table-model.js';
import type {StoreLike} from './use-store.js';

export type PaneHandle = {
	/** Returns true when the pane used the key (text entry consumes every key). */
	handle(command: CommandId | undefined, key: string | undefined, input: string): boolean;
	/** The marked rows' entities, or the selected row's; what `a` acts on. */
	selection(): readonly Entity[];
};

export type PaneKeys = {
	/** Makes `handle` the focused pane's handler; returns the unregister function (an effect's cleanup). */
	register(handle: PaneHandle): () => void;
};

/** The focused pane's saved table state, kept by the console across pane switches. */
export type PaneMemory = {
	get(): TableState | undefined;
	set(state: TableState): void;
};

export type PaneProps = {
	readonly store: StoreLike;
	readonly topology: Topology;
	readonly clock: Clock;
	readonly width: number;
	readonly height: number;
	readonly bindings: KeyBindings;
	/** Where the pane registers its key handler while it is mounted. */
	readonly keys: PaneKeys;
	/** The pane's table state across switches. */
	readonly memory: PaneMemory;
	/** For plans shown in a pane (the power pane's shed-load plan); panes never execute. */
	readonly actions: ActionRunner;
	/** Asks the layout to start an action (the confirm flow) on these entities. */
	readonly onRequestAction: (actionId: string, targets: readonly Entity[]) => void;
};

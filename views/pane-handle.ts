// How the layout talks to the focused pane. Keys are routed by priority in use-console.ts: an
// open dialog, then the command line and help, then the focused pane, then global keys. A pane
// registers its handler (in a layout effect, never during render) through `router`, with the
// bindings it declares; the handler says whether it consumed the key, or why the key is disabled. Table state (filter, sort, cursor, marks, scroll) lives in
// `memory`, owned by the console, so that it survives switching panes.
import type {Entity} from '../src/entities.js';
import type {PaneView} from '../src/settings.js';
import type {CommandId, KeyBindings} from '../src/keys.js';
import type {Topology} from '../src/topology.js';
import type {ActionRunner} from './action-runner.js';
import type {Clock} from './clock.js';
import type {TableState} from './table-model.js';
import type {StoreLike} from './use-store.js';

/** A key command a pane handles, declared next to its handler, with the reason when it cannot run now. */
export type PaneBinding = {
	readonly command: CommandId;
	/** Why the command does nothing now (shown on the status line); undefined when it can run. */
	disabled?(): string | undefined;
};

export type PaneHandle = {
	/** The pane's declared bindings: a command in this list that is disabled answers with its reason. */
	readonly bindings: readonly PaneBinding[];
	/** Returns true when the pane used the key (text entry consumes every key). */
	handle(command: CommandId | undefined, key: string | undefined, input: string): boolean;
	/** The marked rows' entities, or the selected row's; what `a` acts on. */
	selection(): readonly Entity[];
};

export type PaneRouter = {
	/** Makes `handle` the focused pane's handler; returns the unregister function (an effect's cleanup). */
	register(handle: PaneHandle): () => void;
};

/** The focused pane's saved table state, kept by the console across pane switches. */
export type PaneMemory = {
	get(): TableState | undefined;
	set(state: TableState): void;
	/** The pane's sort and filter remembered from an earlier run, to seed a table with no state yet. */
	readonly remembered?: PaneView;
	/** Called when the pane's sort or filter changes (the console saves it between runs). */
	remember?(view: PaneView): void;
};

export type PaneProps = {
	readonly store: StoreLike;
	readonly topology: Topology;
	readonly clock: Clock;
	readonly width: number;
	readonly height: number;
	readonly bindings: KeyBindings;
	/** Where the pane registers its key handler while it is mounted. */
	readonly router: PaneRouter;
	/** The pane's table state across switches. */
	readonly memory: PaneMemory;
	/** For plans shown in a pane (the power pane's shed-load plan); panes never execute. */
	readonly actions: ActionRunner;
	/** Asks the layout to start an action (the confirm flow) on these entities. */
	readonly onRequestAction: (actionId: string, targets: readonly Entity[]) => void;
	/** Asks the layout to show a pane (Enter on an incident jumps to its subject's pane). */
	readonly onGoto?: (pane: string, entityId?: string) => void;
};

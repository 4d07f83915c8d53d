// The plugin contract. A plugin folder exports one `PluginDefinition`; the registry
// (plugins/registry.ts) lists them, one line each. Plugins import only this module, the entity
// types and the error classes from src/.
import type {Static, TObject} from '@sinclair/typebox';
import type {Entity, EntityDraft, EntityKind} from './entities.js';
import type {AlertRule, Device} from './model.js';
import type {SourceCaps} from './caps.js';

export type Risk = 'read' | 'low' | 'high' | 'destructive';

/** The fields every source block has, whatever its type. */
export type SourceBase = {
	readonly id: string;
	readonly type: string;
	/** Seconds between polls. */
	readonly interval: number;
	/** Seconds one poll may take before it is aborted. */
	readonly timeout: number;
	readonly enabled?: boolean;
	/** Display name; the id when absent. */
	readonly name?: string;
	/** Seconds an entity may go unseen in successful polls before it is dropped (config resolves the default). */
	readonly expireAfter?: number;
	/** Bounds on one poll's reply; read them with capsOf() (src/caps.ts), which fills the defaults. */
	readonly caps?: SourceCaps;
};

/** A source block after validation, with secrets (`tokenEnv`, `tokenCommand`) resolved. */
export type SourceConfig = SourceBase & Readonly<Record<string, unknown>>;

export type PollResult = {
	readonly entities: readonly EntityDraft[];
	/**
	 * Set when the source answered only in part (a node of a cluster is offline, a table could not
	 * be read): the source becomes `degraded` with this one-line message, and entities missing
	 * from this result are kept (stale) instead of being dropped, until they have gone unseen for
	 * the source's `expireAfter`.
	 */
	readonly partial?: string;
	/**
	 * With `partial`: the reply still listed every entity the source has (a Proxmox cluster with a
	 * node offline lists all its guests), so entities missing from it are dropped at once.
	 */
	readonly isListComplete?: boolean;
};

export type ExecResult = {readonly stdout: string; readonly stderr: string; readonly code: number | null};

/** Runs commands on a machine: the local one (execFile) or a remote one (the ssh plugin). */
export type CommandTransport = {
	/** Host name, for display. */
	readonly host: string;
	exec(argv: readonly string[], options: {signal: AbortSignal; timeoutMs: number; maxBuffer?: number}): Promise<ExecResult>;
};

export type PluginDeps = {
	/** Transport of another source (`via: "<ssh source id>"`); undefined when there is none. */
	transport(sourceId: string): CommandTransport | undefined;
	/** The local machine's transport. */
	readonly localTransport: CommandTransport;
	/** Non-fatal notes (a fallback taken, a field ignored); shown in `doctor` and the log. */
	warn(message: string): void;
	/** Ask the poller to poll this source again now (after an action). */
	requestPoll(): void;
	/**
	 * One poll round and out (`labdeck status --json` and the other one-shot queries): a live
	 * subscription whose updates nobody would see (Home Assistant's WebSocket) is not opened.
	 */
	readonly isOneShot?: boolean;
};

export type ActionParam = {
	readonly name: string;
	readonly label: string;
	/** Allowed values, from the targets (a migration's nodes); free text when absent. */
	choices?(targets: readonly Entity[], view: ActionView): readonly string[];
	readonly isRequired?: boolean;
};

/** What an action sees of the lab while it plans: the store's entities and the topology. */
export type ActionView = {
	entity(id: string): Entity | undefined;
	entities(kind?: EntityKind): readonly Entity[];
	/** Ids of everything that depends on the entity (powered by it, running on it…), transitively. */
	dependents(id: string): readonly string[];
	/** The topology's devices (racks, power feeds, shedding priorities). */
	devices(): readonly Device[];
	/** Ids of the actions offered now for an entity (machine actions find their BMC, outlet or Wake-on-LAN route). */
	actions?(id: string): readonly string[];
};

export type ActionRunContext = {
	readonly signal: AbortSignal;
	readonly params: Readonly<Record<string, string>>;
	readonly view: ActionView;
	/** One-line progress for the status line ("task 45 %"). */
	progress(message: string): void;
	/** `--no-wait`: start the work and return its handle instead of waiting for it. */
	readonly noWait: boolean;
	/**
	 * Runs another action (of any source) as a step of this one, already confirmed by the user's
	 * answer to this action's gate; each step is audited. Used by plans such as `power.shed-load`.
	 */
	invoke(actionId: string, targetIds: readonly string[], params?: Readonly<Record<string, string>>, options?: {readonly timeoutMs?: number}): Promise<ActionOutcome>;
	/** Polls the sources of these entities now (a plan re-reading a UPS after a step). */
	requestPoll(entityIds: readonly string[]): void;
};

export type ActionOutcome = {
	/** One line for the status line and the audit log. */
	readonly message: string;
	readonly ok: boolean;
	/** Machine-readable details for `--json` (a task's UPID, the new state read back…). */
	readonly details?: Readonly<Record<string, unknown>>;
};

export type ActionDef = {
	/** `kind.verb`, e.g. `guest.shutdown`. */
	readonly id: string;
	readonly kind: EntityKind;
	readonly label: string;
	/** The risk, fixed or computed from the targets (an outlet powering a host is destructive). */
	readonly risk: Risk | ((targets: readonly Entity[], view: ActionView) => Risk);
	/** Whether the action makes sense for this entity (start only for stopped guests…). */
	appliesTo?(entity: Entity): boolean;
	readonly params?: readonly ActionParam[];
	/** Time budget of one run, ms; the action layer aborts it after that. Default 60 s. */
	readonly timeoutMs?: number;
	/**
	 * The targets are not what goes down (a plan run on a UPS): describe() lists the real blast
	 * radius, and the gate leaves out the generic "what depends on the target" list.
	 */
	readonly describesImpact?: boolean;
	/** What will happen, one line per effect, beyond the generic impact list. */
	describe?(targets: readonly Entity[], params: Readonly<Record<string, string>>, view: ActionView): readonly string[];
	/** A one-line reason to refuse before asking (a power limit outside the card's range). */
	validate?(targets: readonly Entity[], params: Readonly<Record<string, string>>, view: ActionView): string | undefined;
	run(targets: readonly Entity[], context: ActionRunContext): Promise<ActionOutcome>;
};

export type PluginInstance = {
	poll(signal: AbortSignal): Promise<PollResult>;
	readonly actions?: readonly ActionDef[];
	/** Offered to other sources that name this one in `via`. */
	readonly transport?: CommandTransport;
	/** Releases what the instance holds (sockets, sessions, child processes) when the lab closes. */
	close?(): Promise<void> | void;
};

/**
 * The TypeBox schema of a plugin's config block (the fields beyond SourceBase): one definition
 * that the config loader validates with ajv and that gives `create` its typed config.
 */
export type ConfigSchema = TObject;

/** A validated source block of a plugin with this schema, secrets resolved. */
export type PluginConfig<Schema extends TObject> = SourceBase & Static<Schema>;

export type {AlertRule} from './model.js';

export type PluginDefinition<Schema extends TObject = TObject> = {
	/** kebab-case, equal to the folder name. */
	readonly type: string;
	/** One line for `config check` and the README. */
	readonly description: string;
	readonly schema: Schema;
	/** Secret fields; each may also be given as `<field>Env` or `<field>Command`. */
	readonly secretFields?: readonly string[];
	/**
	 * Fields whose string value names another source (`via`, `jump`): those sources are created
	 * first, so that `deps.transport(id)` finds them.
	 */
	readonly sourceRefs?: readonly string[];
	readonly defaults: {readonly interval: number; readonly timeout: number};
	/**
	 * A rule across fields that the schema does not state (one of two credentials), run after
	 * validation and secret resolution: a one-line reason disables the source.
	 */
	check?(config: PluginConfig<Schema>): string | undefined;
	create(config: PluginConfig<Schema>, deps: PluginDeps): PluginInstance;
	readonly alertRules?: readonly AlertRule[];
};

/** Types a plugin definition by its schema (the registry holds them as `PluginDefinition`). */
export function definePlugin<Schema extends TObject>(definition: PluginDefinition<Schema>): PluginDefinition {
	return definition as unknown as PluginDefinition;
}

/** The registry's view of the plugins: every type, each loaded only when a source needs it. */
export type PluginCatalog = {
	readonly types: readonly string[];
	/** The entity kinds each type reports (panes say which plugins would fill them). */
	readonly kinds: Readonly<Record<string, readonly EntityKind[]>>;
	/** The definitions of these types (unknown ones skipped); every plugin when absent. */
	load(types?: readonly string[]): Promise<readonly PluginDefinition[]>;
};

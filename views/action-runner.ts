// What the console needs from the action layer (src/actions.ts's ActionLayer satisfies it
// structurally). Views request actions; they never run plugin code themselves.
import type {Entity} from '../src/entities.js';
import type {ActionPlan as CorePlan, Refusal} from '../src/actions.js';
import type {ActionOutcome, ActionParam, Risk} from '../src/plugin-api.js';

export type ActionChoice = {
	readonly id: string;
	readonly label: string;
	readonly risk: Risk;
	/** The action's params, asked for before planning (plan() refuses a missing required param). */
	readonly params?: readonly ActionParam[];
};

/** The action layer's plan, less the plugin definitions that run it (views never call those). */
export type ActionPlan = Omit<CorePlan, 'groups'>;

export type ActionRunner = {
	available(entity: Entity): readonly ActionChoice[];
	/** Throws (ActionRefusedError) when the action cannot run; with params missing it returns the plan and its paramSpecs. */
	plan(actionId: string, targetIds: readonly string[], params?: Record<string, string>): ActionPlan;
	execute(
		plan: ActionPlan,
		confirmation: {isConfirmed: boolean; typed?: string},
		options: {origin: 'console' | 'cli'; onProgress?: (line: string) => void},
	): Promise<ActionOutcome>;
	readonly isReadonly: boolean;
	/** Writes the audit record of a refusal decided here (a cancelled confirm gate, `--readonly`). */
	refuse?(refusal: Refusal): unknown;
};

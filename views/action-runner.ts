// What the console needs from the action layer (src/actions.ts's ActionLayer satisfies it
// structurally). Views request actions; they never run plugin code themselves.
import type {Entity} from '../src/entities.js';
import type {ActionOutcome, ActionParam, Risk} from '../src/plugin-api.js';

export type ActionChoice = {
	readonly id: string;
	readonly label: string;
	readonly risk: Risk;
	/** The action's params, asked for before planning (plan() refuses a missing required param). */
	readonly params?: readonly ActionParam[];
};

export type ActionPlan = {
	readonly actionId: string;
	readonly label: string;
	readonly risk: Risk;
	readonly targets: readonly Entity[];
	/** What will happen, one line each. */
	readonly lines: readonly string[];
	readonly impact: readonly {readonly target: string; readonly dependents: readonly string[]}[];
	/** Destructive actions: the text the user must type. */
	readonly confirmName: string | undefined;
	readonly params: Record<string, string>;
	readonly paramSpecs: readonly ActionParam[];
};

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
};

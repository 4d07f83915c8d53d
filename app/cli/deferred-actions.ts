// The console's action layer while the plugins are still loading: no actions are offered yet,
// and once the real ActionLayer is attached every call goes to it.
import type {ActionLayer, ActionPlan, Confirmation, ExecuteOptions, Refusal} from '../../src/actions.js';
import type {Entity} from '../../src/entities.js';
import {ActionRefusedError} from '../../src/errors.js';
import type {ActionOutcome} from '../../src/plugin-api.js';

export class DeferredActions {
	readonly isReadonly: boolean;
	#layer: ActionLayer | undefined;
	readonly #pendingRefusals: Refusal[] = [];

	constructor(isReadonly: boolean) {
		this.isReadonly = isReadonly;
	}

	attach(layer: ActionLayer): void {
		this.#layer = layer;
		for (const refusal of this.#pendingRefusals.splice(0)) layer.refuse(refusal);
	}

	/** Audited by the layer; refusals made before it is attached are recorded when it is. */
	refuse(refusal: Refusal): void {
		if (this.#layer) this.#layer.refuse(refusal);
		else this.#pendingRefusals.push(refusal);
	}

	available(entity: Entity): ReturnType<ActionLayer['available']> {
		return this.#layer?.available(entity) ?? [];
	}

	plan(actionId: string, targetIds: readonly string[], params?: Readonly<Record<string, string>>): ActionPlan {
		if (!this.#layer) throw new ActionRefusedError({source: 'labdeck', operation: actionId}, 'unsupported', 'still starting: the sources are loading');
		return this.#layer.plan(actionId, targetIds, params);
	}

	async execute(plan: ActionPlan, confirmation: Confirmation, options: ExecuteOptions): Promise<ActionOutcome> {
		if (!this.#layer) throw new ActionRefusedError({source: 'labdeck', operation: plan.actionId}, 'unsupported', 'still starting: the sources are loading');
		return this.#layer.execute(plan, confirmation, options);
	}
}

// Which UPS the power pane's `S` acts on, and its shed-load plan as text. The plan comes from the
// action layer (`power.shed-load`'s describe(), pure: no I/O), so the pane shows exactly what
// the confirm dialog will show; a refusal (runtime already above the target, no priorities
// configured, still starting) becomes its one-line reason.
import type {UpsEntity} from '../src/entities.js';
import type {PowerView} from '../src/selectors.js';
import type {ActionRunner} from './action-runner.js';

export const shedLoadActionId = 'power.shed-load';

/** The selected UPS when there is one; else the UPS on battery with the least runtime; else the first UPS. */
export function shedTarget(view: PowerView, selected: UpsEntity | undefined): UpsEntity | undefined {
	if (selected) return selected;
	let best: UpsEntity | undefined;
	for (const ups of view.onBattery) if (!best || (ups.runtimeSec ?? Number.POSITIVE_INFINITY) < (best.runtimeSec ?? Number.POSITIVE_INFINITY)) best = ups;
	return best ?? view.upses[0];
}

export type PlanLines = {readonly upsName: string; readonly lines: readonly string[]; readonly refused: string | undefined};

export function shedPlanLines(actions: ActionRunner, ups: UpsEntity): PlanLines {
	try {
		return {upsName: ups.name, lines: actions.plan(shedLoadActionId, [ups.id]).lines, refused: undefined};
	} catch (error) {
		const reason = reasonOf(error);
		return {upsName: ups.name, lines: [], refused: reason.startsWith(`${ups.name}: `) ? reason.slice(ups.name.length + 2) : reason};
	}
}

/** "ups-a: power.shed-load: UPS A: runtime already at or above the target" → the part after the action id. */
function reasonOf(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const at = message.indexOf(`${shedLoadActionId}: `);
	return (at >= 0 ? message.slice(at + shedLoadActionId.length + 2) : message).split('\n')[0]!;
}

// Plans: actions that act across plugins, in the core. The shed-load planner (shed-load-plan.ts,
// pure) and the `power.shed-load` action (shed-load-action.ts), registered by global-actions.ts
// (ActionLayerOptions.globalActions): it works over whatever UPS, outlet and guest entities the
// plugins report, plus the topology's devices.
export {createShedLoadAction, describePlan, shedLoadAction, type ShedLoadOptions} from './shed-load-action.js';
export {defaultTargetRuntimeSec, planShedLoad, projectRuntime, type PlanDevice, type PlanInput, type PlanStep, type ShedPlan} from './shed-load-plan.js';

// power-plan: NOT a polling plugin (no PluginDefinition, not in plugins/registry.ts). It holds the
// shed-load planner (plan.ts, pure) and the `power.shed-load` action (action.ts), which the core
// attaches as a global action (ActionLayerOptions.globalActions): the action works over whatever
// UPS, outlet and guest entities the real plugins report, plus the topology's devices.
export {createShedLoadAction, describePlan, shedLoadAction, type ShedLoadOptions} from './shed-load-action.js';
export {defaultTargetRuntimeSec, planShedLoad, projectRuntime, type PlanDevice, type PlanInput, type PlanStep, type ShedPlan} from './shed-load-plan.js';

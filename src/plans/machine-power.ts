// Machine power actions that act through whatever can reach the machine, found through the
// topology's device: `host.power-on` switches its outlets on if they are off, then presses the
// button through its BMC (`bmc.power-on`) or sends a Wake-on-LAN packet (`host.wake` on the
// device's Wake-on-LAN entry), or as a last resort power-cycles an outlet only it uses; `host.power-off` cuts it hard through its BMC (`bmc.force-off`) or
// else its outlets (`outlet.off`). Each route step runs through the action layer's `invoke`, so it
// is audited as a step of the confirmed action.
import type {BmcEntity, Entity, OutletEntity} from '../entities.js';
import type {ActionDef, ActionOutcome, ActionRunContext, ActionView} from '../plugin-api.js';
import type {Device} from '../model.js';

export type PowerRouteStep = {readonly action: string; readonly targets: readonly string[]; readonly why: string};

/** The device a machine's entity lives in. */
export function machineDevice(view: ActionView, entityId: string): Device | undefined {
	return view.devices().find(device => device.entities.includes(entityId));
}

function offers(view: ActionView, entity: Entity, action: string, fallback: boolean): boolean {
	return view.actions ? view.actions(entity.id).includes(action) : fallback;
}

function members(view: ActionView, device: Device): Entity[] {
	return device.entities.map(id => view.entity(id)).filter((entity): entity is Entity => entity !== undefined);
}

function outlets(view: ActionView, device: Device): OutletEntity[] {
	return device.power.map(id => view.entity(id)).filter((entity): entity is OutletEntity => entity?.kind === 'outlet');
}

/** How to power a machine on: its dead outlets first, then its BMC's button, else Wake-on-LAN. */
export function powerOnRoute(view: ActionView, device: Device): PowerRouteStep[] {
	const steps: PowerRouteStep[] = [];
	const off = outlets(view, device).filter(outlet => outlet.state === 'off' && offers(view, outlet, 'outlet.on', true));
	if (off.length > 0) steps.push({action: 'outlet.on', targets: off.map(outlet => outlet.id), why: `switch on ${off.map(outlet => outlet.name).join(', ')}`});
	const entities = members(view, device);
	const bmc = entities.find((entity): entity is BmcEntity => entity.kind === 'bmc' && offers(view, entity, 'bmc.power-on', entity.powerState !== 'on'));
	const wol = entities.find(entity => entity.kind === 'host' && offers(view, entity, 'host.wake', false));
	if (bmc) steps.push({action: 'bmc.power-on', targets: [bmc.id], why: `press the power button through BMC ${bmc.name}`});
	else if (wol) steps.push({action: 'host.wake', targets: [wol.id], why: `send a Wake-on-LAN packet (${wol.source})`});
	else if (off.length === 0) {
		// Last resort: cycle its own outlets, for firmware set to power on when power returns.
		const own = outlets(view, device).filter(outlet => outlet.state === 'on' && offers(view, outlet, 'outlet.reboot', true)
			&& view.devices().every(other => other.id === device.id || !other.power.includes(outlet.id)));
		if (own.length > 0) steps.push({action: 'outlet.reboot', targets: own.map(outlet => outlet.id), why: `power-cycle ${own.map(outlet => outlet.name).join(', ')} (its firmware must power on when power returns)`});
	}
	return steps;
}

/** How to cut a machine hard: its BMC's force-off, else its outlets. */
export function powerOffRoute(view: ActionView, device: Device): PowerRouteStep[] {
	const bmc = members(view, device).find(entity => entity.kind === 'bmc' && offers(view, entity, 'bmc.force-off', (entity as BmcEntity).powerState !== 'off'));
	if (bmc) return [{action: 'bmc.force-off', targets: [bmc.id], why: `force off through BMC ${bmc.name}`}];
	const on = outlets(view, device).filter(outlet => outlet.state !== 'off' && offers(view, outlet, 'outlet.off', true));
	return on.length > 0 ? [{action: 'outlet.off', targets: on.map(outlet => outlet.id), why: `switch off ${on.map(outlet => outlet.name).join(', ')}`}] : [];
}

type Route = (view: ActionView, device: Device) => PowerRouteStep[];

function machineAction(spec: {id: string; label: string; risk: 'low' | 'destructive'; route: Route; none: string; effect: string}): ActionDef {
	// A power-on that has to cycle an outlet is as risky as the outlet cycle.
	const riskOf = (targets: readonly Entity[], view: ActionView) => (spec.risk === 'low' && plan(targets, view).some(entry => entry.steps.some(step => step.action === 'outlet.reboot')) ? 'high' as const : spec.risk);
	const plan = (targets: readonly Entity[], view: ActionView) => targets.map(target => {
		const device = machineDevice(view, target.id);
		return {target, device, steps: device ? spec.route(view, device) : []};
	});
	return {
		id: spec.id,
		kind: 'host',
		label: spec.label,
		risk: riskOf,
		timeoutMs: 300_000,
		appliesTo: entity => entity.kind === 'host',
		validate(targets, _params, view) {
			const missing = plan(targets, view).find(entry => entry.steps.length === 0);
			if (!missing) return undefined;
			const bmc = missing.device ? members(view, missing.device).find((entity): entity is BmcEntity => entity.kind === 'bmc') : undefined;
			if (bmc && bmc.powerState === (spec.id === 'host.power-on' ? 'on' : 'off')) return `${missing.device!.name} is already ${bmc.powerState} (BMC ${bmc.name})`;
			return missing.device
				? `no way to ${spec.none} ${missing.device.name}: its device has ${spec.id === 'host.power-on' ? 'no BMC, no Wake-on-LAN entry and no outlet of its own' : 'no BMC and no outlet that is on'}`
				: `${missing.target.name} is in no topology device: list it in a device's "entities" with its BMC, outlet or Wake-on-LAN entry`;
		},
		describe: (targets, _params, view) => plan(targets, view).flatMap(entry => [
			`${spec.effect} ${entry.device?.name ?? entry.target.name}:`,
			...entry.steps.map((step, index) => `  ${index + 1}. ${step.why} (${step.action})`),
		]),
		async run(targets, context) {
			return runRoutes(plan(targets, context.view), context);
		},
	};
}

async function runRoutes(entries: readonly {target: Entity; device: Device | undefined; steps: readonly PowerRouteStep[]}[], context: ActionRunContext): Promise<ActionOutcome> {
	const done: string[] = [];
	for (const entry of entries) {
		const name = entry.device?.name ?? entry.target.name;
		for (const step of entry.steps) {
			context.progress(`${name}: ${step.why}`);
			const outcome = await context.invoke(step.action, step.targets);
			if (!outcome.ok) return {ok: false, message: `${name}: ${step.action} failed: ${outcome.message}`, details: {done}};
			done.push(`${name}: ${step.action}`);
		}
	}
	return {ok: true, message: done.join('; '), details: {done}};
}

export const powerOnAction: ActionDef = machineAction({id: 'host.power-on', label: 'Power on (BMC, Wake-on-LAN or outlet)', risk: 'low', route: powerOnRoute, none: 'power on', effect: 'powers on'});
export const powerOffAction: ActionDef = machineAction({id: 'host.power-off', label: 'Power off hard (BMC or outlet)', risk: 'destructive', route: powerOffRoute, none: 'cut power to', effect: 'cuts power to (no OS shutdown)'});

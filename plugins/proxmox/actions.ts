// Guest actions: each POSTs once (never retried), gets a UPID, then follows
// /nodes/{node}/tasks/{upid}/status with progress until the task stops, and reports its exit
// status. `noWait` returns the UPIDs instead. Several targets run side by side.
import {setTimeout as sleep} from 'node:timers/promises';
import type {Entity, GuestEntity} from '../../src/entities.js';
import {ActionRefusedError, TimeoutError, isLabdeckError} from '../../src/errors.js';
import type {ActionDef, ActionOutcome, ActionRunContext, ActionView, Risk} from '../../src/plugin-api.js';
import type {GuestCommand, PveClient} from './client.js';
import {HttpStatusError} from './engine.js';
import {parseUpid} from './parse.js';

export type ActionDeps = {
	readonly source: string;
	readonly client: PveClient;
	requestPoll(): void;
	/** First and longest pause between task status reads, ms. */
	readonly taskPollMs?: readonly [number, number];
};

type Verb = GuestCommand | 'migrate';

type Spec = {
	readonly verb: Verb;
	readonly label: string;
	readonly risk: Risk;
	readonly timeoutMs: number;
	readonly when: (guest: GuestEntity) => boolean;
	readonly effect: (guest: GuestEntity, params: Readonly<Record<string, string>>) => string;
};

const isOn = (guest: GuestEntity) => guest.status === 'running' || guest.status === 'paused' || guest.status === 'suspended';

const specs: readonly Spec[] = [
	{verb: 'start', label: 'Start', risk: 'low', timeoutMs: 120_000, when: guest => guest.status === 'stopped' && !guest.isTemplate, effect: guest => `starts ${describeGuest(guest)}`},
	{verb: 'shutdown', label: 'Shut down', risk: 'high', timeoutMs: 300_000, when: guest => guest.status === 'running', effect: guest => `asks ${describeGuest(guest)} to shut down cleanly (ACPI / init)`},
	{verb: 'reboot', label: 'Reboot', risk: 'high', timeoutMs: 300_000, when: guest => guest.status === 'running', effect: guest => `reboots ${describeGuest(guest)} cleanly`},
	{verb: 'stop', label: 'Stop (hard)', risk: 'destructive', timeoutMs: 120_000, when: isOn, effect: guest => `pulls the plug on ${describeGuest(guest)}: unsaved data is lost`},
	{verb: 'reset', label: 'Reset (hard)', risk: 'destructive', timeoutMs: 60_000, when: guest => guest.guestType === 'qemu' && isOn(guest), effect: guest => `hard-resets ${describeGuest(guest)} like a reset button`},
	{
		verb: 'migrate', label: 'Migrate', risk: 'high', timeoutMs: 1_800_000,
		when: guest => (guest.status === 'running' || guest.status === 'stopped') && !guest.lock,
		effect: (guest, params) => `moves ${describeGuest(guest)} from ${guest.node} to ${params.target ?? '?'}${guest.status === 'running' ? (guest.guestType === 'qemu' ? ' while running (live)' : ' (restarts it)') : ''}`,
	},
];

function describeGuest(guest: GuestEntity): string {
	return `${guest.guestType === 'qemu' ? 'VM' : 'CT'} ${guest.vmid} (${guest.name}) on ${guest.node}`;
}

function guests(targets: readonly Entity[]): GuestEntity[] {
	return targets.filter((target): target is GuestEntity => target.kind === 'guest');
}

/** Online nodes of this source other than the targets' own. */
function targetNodes(source: string, targets: readonly Entity[], view: ActionView): string[] {
	const own = new Set(guests(targets).map(guest => guest.node));
	return view.entities('host')
		.filter(host => host.kind === 'host' && host.source === source && host.role === 'node' && host.isOnline === true && !own.has(host.localId))
		.map(host => host.localId)
		.sort();
}

export function guestActions(deps: ActionDeps): ActionDef[] {
	return specs.map((spec): ActionDef => ({
		id: `guest.${spec.verb}`,
		kind: 'guest',
		label: spec.label,
		risk: spec.risk,
		timeoutMs: spec.timeoutMs,
		appliesTo: entity => entity.kind === 'guest' && entity.source === deps.source && spec.when(entity),
		params: spec.verb === 'migrate' ? [{name: 'target', label: 'Target node', isRequired: true, choices: (targets, view) => targetNodes(deps.source, targets, view)}] : undefined,
		describe: (targets, params) => guests(targets).map(guest => spec.effect(guest, params)),
		validate: (targets, params, view) => validate(spec, deps.source, targets, params, view),
		run: async (targets, context) => run(spec, deps, guests(targets), context),
	}));
}

function validate(spec: Spec, source: string, targets: readonly Entity[], params: Readonly<Record<string, string>>, view: ActionView): string | undefined {
	const list = guests(targets);
	if (list.length === 0) return 'no guest selected';
	const unfit = list.find(guest => guest.source !== source || !spec.when(guest));
	if (unfit) return `${spec.label.toLowerCase()} does not apply to ${unfit.guestType === 'qemu' ? 'VM' : 'CT'} ${unfit.vmid} (${unfit.status})`;
	if (spec.verb !== 'migrate') return undefined;
	const target = params.target;
	if (!target) return 'choose a target node';
	if (!targetNodes(source, targets, view).includes(target)) return `${target} is not another online node of this cluster`;
	const pinned = list.find(guest => guest.status === 'running' && (guest.pciDevices.length > 0 || guest.pciMappings.length > 0));
	if (pinned) return `VM ${pinned.vmid} has passed-through PCI devices (${[...pinned.pciDevices, ...pinned.pciMappings.map(name => `mapping ${name}`)].join(', ')}): shut it down before migrating`;
	return undefined;
}

type Result = {readonly guest: GuestEntity; readonly upid: string | null; readonly exitstatus: string | null; readonly ok: boolean; readonly error?: string};

async function run(spec: Spec, deps: ActionDeps, targets: readonly GuestEntity[], context: ActionRunContext): Promise<ActionOutcome> {
	const operation = `guest.${spec.verb}`;
	const started = Date.now();
	const states = new Map<number, string>();
	const report = () => context.progress(`${operation}: ${[...states].map(([vmid, state]) => `${vmid} ${state}`).join(', ')} (${Math.round((Date.now() - started) / 1000)} s)`);
	try {
		const results = await Promise.all(targets.map(async (guest): Promise<Result> => {
			let upid: string;
			try {
				const reply = spec.verb === 'migrate'
					? await deps.client.migrate(guest.node, guest.guestType, guest.vmid, context.params.target ?? '', guest.status === 'running', context.signal)
					: await deps.client.guestCommand(guest.node, guest.guestType, guest.vmid, spec.verb, context.signal);
				if (typeof reply !== 'string' || !parseUpid(reply)) throw new ActionRefusedError({source: deps.source, operation}, 'device', `no task id in the reply (${JSON.stringify(reply)?.slice(0, 60)})`);
				upid = reply;
			} catch (error) {
				if (error instanceof HttpStatusError && error.status !== 595) return {guest, upid: null, exitstatus: null, ok: false, error: `refused: ${error.reason}`};
				throw error;
			}
			if (context.noWait) return {guest, upid, exitstatus: null, ok: true};
			states.set(guest.vmid, 'running');
			report();
			const exitstatus = await waitForTask(deps, upid, context, operation, () => report());
			states.set(guest.vmid, exitstatus);
			report();
			return {guest, upid, exitstatus, ok: exitstatus === 'OK' || exitstatus.startsWith('WARNINGS')};
		}));
		return outcome(spec, results, context.noWait);
	} finally {
		deps.requestPoll();
	}
}

/** Reads the task status until it stops; returns its exit status. Transient read errors are tolerated. */
export async function waitForTask(deps: ActionDeps, upid: string, context: ActionRunContext, operation: string, tick: () => void): Promise<string> {
	const node = parseUpid(upid)!.node;
	const [first, longest] = deps.taskPollMs ?? [100, 1000];
	const waitStart = Date.now();
	let pause = first;
	let failures = 0;
	for (;;) {
		try {
			const status = await deps.client.taskStatus(node, upid, context.signal) as {status?: unknown; exitstatus?: unknown} | null;
			failures = 0;
			if (status?.status === 'stopped') return typeof status.exitstatus === 'string' ? status.exitstatus : 'unknown exit status';
		} catch (error) {
			if (context.signal.aborted) throw new TimeoutError({source: deps.source, operation: `${operation}: task ${upid} still running`}, Date.now() - waitStart, {cause: error});
			if (isLabdeckError(error) && error.name === 'AuthError') throw error;
			if (++failures >= 5) throw error;
		}
		tick();
		try {
			await sleep(pause, undefined, {signal: context.signal});
		} catch (error) {
			throw new TimeoutError({source: deps.source, operation: `${operation}: task ${upid} still running`}, Date.now() - waitStart, {cause: error});
		}
		pause = Math.min(longest, pause * 2);
	}
}

function outcome(spec: Spec, results: readonly Result[], isNoWait: boolean): ActionOutcome {
	const failed = results.filter(result => !result.ok);
	const details = {tasks: results.map(result => ({vmid: result.guest.vmid, node: result.guest.node, upid: result.upid, exitstatus: result.exitstatus, ...(result.error ? {error: result.error} : {})}))};
	const names = (list: readonly Result[]) => list.map(result => result.guest.vmid).join(', ');
	if (isNoWait && failed.length === 0) return {ok: true, message: `${spec.label} started for ${names(results)}`, details};
	if (failed.length === 0) return {ok: true, message: `${spec.label}: ${names(results)} done (OK)`, details};
	const first = failed[0]!;
	const why = first.error ?? first.exitstatus ?? 'failed';
	return {ok: false, message: `${spec.label} failed for ${names(failed)}: ${why}`, details};
}

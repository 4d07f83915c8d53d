// `labdeck act <entity-id> <action>`: the action layer from a script. Never prompts without a
// TTY: `--yes` confirms low and high risk, `--confirm <name>` a destructive action, and without
// them the command exits 5 saying which flag to pass. `--dry-run` prints the plan. Targets may be
// ids, vmids, names or unique id suffixes (resolve-entity.ts); progress prints once per state.
import {createInterface} from 'node:readline/promises';
import type {ActionPlan} from '../../src/actions.js';
import type {EntityKind} from '../../src/entities.js';
import {kindModule} from '../../src/kinds/index.js';
import {ActionRefusedError} from '../../src/errors.js';
import type {Lab} from '../../src/lab.js';
import {cliMessage, exitCodes, type ExitCode, type Io} from './context.js';
import {resolveEntity} from './resolve-entity.js';

export type ActOptions = {
	readonly entityIds: readonly string[];
	readonly action: string;
	readonly params: Readonly<Record<string, string>>;
	readonly isYes: boolean;
	readonly confirm: string | undefined;
	readonly isDryRun: boolean;
	readonly noWait: boolean;
	readonly asJson: boolean;
};

export async function runAct(lab: Lab, options: ActOptions, io: Io): Promise<ExitCode> {
	await lab.poller.pollOnce();
	const entities = [...lab.store.getSnapshot().entities.values()];
	const kind = options.action.split('.')[0] as EntityKind;
	const targetIds: string[] = [];
	for (const token of options.entityIds) {
		const resolved = resolveEntity(token, entities, kindModule(kind) ? kind : undefined);
		if ('error' in resolved) {
			io.err(`labdeck: act: ${resolved.error}\n`);
			return exitCodes.usage;
		}
		targetIds.push(resolved.entity.id);
	}
	let plan: ActionPlan;
	try {
		plan = lab.actions.plan(options.action, targetIds, options.params);
	} catch (error) {
		io.err(`${cliMessage(error)}\n`);
		return error instanceof ActionRefusedError && (error.reason === 'invalid' || error.reason === 'unsupported') ? exitCodes.usage : exitCodes.error;
	}
	const planJson = {action: plan.actionId, label: plan.label, risk: plan.risk, targets: plan.targets.map(target => target.id), lines: plan.lines, impact: plan.impact, confirmName: plan.confirmName ?? null, params: plan.params};
	if (options.isDryRun) {
		io.out(options.asJson ? `${JSON.stringify({schema: 'labdeck/1', command: 'act', generatedAt: new Date().toISOString(), dryRun: true, plan: planJson})}\n` : describePlan(plan));
		return exitCodes.ok;
	}
	let isConfirmed = options.isYes || options.confirm !== undefined;
	let typed = options.confirm;
	if (plan.risk !== 'read' && !isConfirmed && !(plan.risk === 'destructive' && typed !== undefined)) {
		if (!io.isTty) {
			const flag = plan.risk === 'destructive' ? `--confirm ${JSON.stringify(plan.confirmName)}` : '--yes';
			io.err(`labdeck: ${plan.actionId} is ${plan.risk} risk and needs confirmation: pass ${flag} (or --dry-run to see the plan)\n`);
			io.err(describePlan(plan));
			lab.actions.refusePlan(plan, 'cli', 'confirmation', `not confirmed: no terminal to ask and no ${plan.risk === 'destructive' ? '--confirm' : '--yes'}`);
			return exitCodes.confirmationRequired;
		}
		({isConfirmed, typed} = await prompt(plan, io));
		if (!isConfirmed) {
			io.err('labdeck: cancelled\n');
			lab.actions.refusePlan(plan, 'cli', 'confirmation', 'cancelled at the prompt');
			return exitCodes.confirmationRequired;
		}
	}
	if (plan.risk === 'destructive' && typed === undefined && options.isYes) {
		io.err(`labdeck: ${plan.actionId} is destructive: --yes is not enough, pass --confirm ${JSON.stringify(plan.confirmName)}\n`);
		lab.actions.refusePlan(plan, 'cli', 'confirmation', 'destructive: --yes is not enough, --confirm <name> is required');
		return exitCodes.confirmationRequired;
	}
	try {
		const outcome = await lab.actions.execute(plan, {isConfirmed, ...(typed === undefined ? {} : {typed})}, {
			origin: 'cli',
			noWait: options.noWait,
			onProgress: progressPrinter(io),
		});
		if (options.asJson) io.out(`${JSON.stringify({schema: 'labdeck/1', command: 'act', generatedAt: new Date().toISOString(), plan: planJson, outcome})}\n`);
		else io.out(`${outcome.ok ? 'ok' : 'failed'}: ${outcome.message}${handles(outcome.details)}\n`);
		return outcome.ok ? exitCodes.ok : exitCodes.error;
	} catch (error) {
		io.err(`${cliMessage(error)}\n`);
		return error instanceof ActionRefusedError && error.reason === 'confirmation' ? exitCodes.confirmationRequired : exitCodes.error;
	}
}

/** One stderr line per state change: a line that differs only in its elapsed time ("(12 s)") is not repeated. */
export function progressPrinter(io: Pick<Io, 'err'>): (line: string) => void {
	let last: string | undefined;
	return line => {
		const state = line.replace(/\s*\(\d+ s\)$/, '');
		if (state === last) return;
		last = state;
		io.err(`${line}\n`);
	};
}

/** Task handles in an outcome's details (`--no-wait`: what a script waits on), one line. */
function handles(details: Readonly<Record<string, unknown>> | undefined): string {
	const found = JSON.stringify(details ?? {}).match(/UPID:[^"]+/g) ?? [];
	return found.length > 0 ? ` (${found.join(' ')})` : '';
}

export function describePlan(plan: ActionPlan): string {
	const lines = [`${plan.label} (${plan.actionId}, risk ${plan.risk}):`, ...plan.lines.map(line => `  ${line}`)];
	for (const entry of plan.impact) if (entry.dependents.length > 0) lines.push(`  ${entry.target} affects: ${entry.dependents.join(', ')}`);
	return `${lines.join('\n')}\n`;
}

async function prompt(plan: ActionPlan, io: Io): Promise<{isConfirmed: boolean; typed: string | undefined}> {
	io.err(describePlan(plan));
	const rl = createInterface({input: process.stdin, output: process.stderr});
	try {
		if (plan.risk === 'destructive') {
			const typed = await rl.question(`Type "${plan.confirmName}" to confirm, anything else cancels: `);
			return {isConfirmed: typed === plan.confirmName, typed};
		}
		const answer = await rl.question('Proceed? [y/N] ');
		return {isConfirmed: /^y(es)?$/i.test(answer.trim()), typed: undefined};
	} finally {
		rl.close();
	}
}
